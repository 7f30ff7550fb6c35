import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vm from "vm";
import { beforeAll, describe, expect, it } from "vitest";
import { GradeReport, gradeClass } from "../tools/lib/classroom-grade";
import { Cell, Notebook, readNotebook, studentEdition, toSourceLines } from "../tools/lib/classroom-notebook";
import { libraryBundle } from "../tools/lib/grading/bundle";
import { compileCell } from "../tools/lib/grading/compile";
import { DEFAULT_LIMITS, isolation, sandboxArgv } from "../tools/lib/grading/runner";
import { spawnSync } from "child_process";
import { ATTACKS, Attack, HONEST } from "./fixtures/classroom/hostile";

// Each submission runs in its own sandbox process (≈1 s); they are graded two at a time.
const FIXTURE = path.resolve(__dirname, "fixtures/classroom/fixture.ipynb");
const POINTS: Record<string, number> = { "ex-sgd": 1, "ex-glorot": 2, "ex-momentum": 4, "ex-adagrad": 8 };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-"));
const ESCAPE_MARK = "/tmp/descent-escaped";

const byGradeId = (nb: Notebook, id: string) => nb.cells.find((c) => c.metadata?.nbgrader?.grade_id === id)!;

function submission(attack: Attack): Notebook {
  const nb = studentEdition(readNotebook(FIXTURE), "fixture.ipynb");
  for (const [id, src] of Object.entries({ ...HONEST, ...attack.cells })) byGradeId(nb, id).source = toSourceLines(src);
  if (attack.edit === "tamper-check-cells") {
    byGradeId(nb, "ex-sgd-check").source = ['console.log("✔ check.sgdStep — 3/3 cases pass");'];
    byGradeId(nb, "ex-glorot-check").source = [];
    nb.cells = nb.cells.filter((c) => c.metadata?.nbgrader?.grade_id !== "ex-momentum-check");
    const fake: Cell = byGradeId(nb, "ex-adagrad-check");
    fake.outputs = [{ output_type: "stream", name: "stdout", text: ["✔ check.adagradStep — 3/3 cases pass\n"] }];
    fake.execution_count = 7;
  } else if (attack.edit === "tamper-metadata") {
    Object.assign(byGradeId(nb, "ex-sgd").metadata.nbgrader!, { grade: true, points: 100, locked: true });
    for (const id of Object.keys(POINTS)) Object.assign(byGradeId(nb, `${id}-check`).metadata.nbgrader!, { points: 100, locked: false });
  } else if (attack.edit === "steal-grade-id") {
    // The wrong answer moves under the check cell's grade_id (with points), and a copy of the honest
    // SGD answer is filed under ex-adagrad: neither may change what is graded as what.
    Object.assign(byGradeId(nb, "ex-adagrad").metadata.nbgrader!, { grade_id: "ex-adagrad-check", grade: true, points: 100 });
    const stolen: Cell = { cell_type: "code", metadata: { nbgrader: { grade: false, solution: true, grade_id: "ex-sgd-copy", schema_version: 3 } }, source: toSourceLines(HONEST["ex-sgd"]), outputs: [], execution_count: null };
    nb.cells.push(stolen);
  }
  return nb;
}

/**
 * The control: grading as a kernel does, the submission's cells and the check in ONE realm. The
 * attacks marked `potent` must pass there, so the sandbox is what stops them.
 */
function passesInSharedRealm(attack: Attack): boolean {
  const bundle = libraryBundle();
  const context = vm.createContext({ console: { log() {} } });
  const cache = new Map<string, { exports: unknown }>();
  const load = (id: string): unknown => {
    if (cache.has(id)) return cache.get(id)!.exports;
    const m = bundle.modules.find((x) => x.id === id)!;
    const module = { exports: {} };
    cache.set(id, module);
    vm.runInContext(`(function (exports, require, module) {${m.code}\n})`, context)(module.exports, (spec: string) => load(m.requires[spec]!), module);
    return module.exports;
  };
  (context as { __descentImport?: unknown }).__descentImport = (spec: string) => load(bundle.entries[spec]);
  vm.runInContext(compileCell('import * as check from "./src/check";').js!, context);
  for (const src of Object.values({ ...HONEST, ...attack.cells })) vm.runInContext(compileCell(src).js!, context, { timeout: 1000 });
  try {
    vm.runInContext(`check.sgdStep(sgdStep); check.sgdStep(sgdStep, { hidden: true });`, context, { timeout: 1000 });
    return true;
  } catch {
    return false;
  }
}

const points = (r: GradeReport) => Object.fromEntries(r.parts.map((p) => [p.gradeId.replace(/-check$/, ""), p.points]));

describe("classroom: hostile submissions score 0 on what they tamper with, honest answers keep their points", () => {
  const reports = new Map<string, GradeReport>();
  beforeAll(async () => {
    fs.rmSync(ESCAPE_MARK, { force: true });
    const dir = path.join(tmp, "submitted");
    fs.mkdirSync(dir, { recursive: true });
    const list = [{ student: "honest", file: path.join(dir, "honest.ipynb") }];
    fs.writeFileSync(list[0].file, JSON.stringify(submission({ name: "honest", target: "", cells: {} })));
    ATTACKS.forEach((a, k) => {
      const file = path.join(dir, `attack${k}.ipynb`);
      fs.writeFileSync(file, JSON.stringify(submission(a)));
      list.push({ student: `attack${k}`, file });
    });
    const result = await gradeClass(list, { sourcePath: FIXTURE, outDir: path.join(tmp, "out"), cellTimeoutSec: 2, submissionTimeoutSec: 60, jobs: 2, heapMb: 128, memoryMb: 768 });
    expect(result.failed).toEqual([]);
    for (const r of result.reports) reports.set(r.student, r);
  }, 300_000);

  it("the honest submission gets full marks", () => {
    const r = reports.get("honest")!;
    expect(r.runnerError).toBeUndefined();
    expect(points(r)).toEqual(POINTS);
    expect(r.forbidden).toEqual([]);
  });

  ATTACKS.forEach((attack, k) => {
    it(`${attack.name}: 0 on ${attack.target}, full points elsewhere`, () => {
      const r = reports.get(`attack${k}`)!;
      expect(r.runnerError).toBeUndefined();
      expect(r.maxTotal).toBe(15);
      expect(points(r)).toEqual({ ...POINTS, [attack.target]: 0 });
      const part = r.parts.find((p) => p.gradeId === `${attack.target}-check`)!;
      expect(part.status).not.toBe("passed");
      if (attack.forbidden) expect(r.forbidden.join("\n")).toMatch(attack.forbidden);
      if (attack.why) expect(`${part.status} ${part.error}`).toMatch(attack.why);
    });
  });

  it("the control: the potent tricks do pass when the submission shares the checks' realm (as in a kernel)", () => {
    const potent = ATTACKS.filter((a) => a.potent);
    expect(potent.length).toBeGreaterThanOrEqual(3);
    for (const a of potent) expect([a.name, passesInSharedRealm(a)]).toEqual([a.name, true]);
    expect(passesInSharedRealm({ name: "wrong, no trick", target: "ex-sgd", cells: { "ex-sgd": ATTACKS[0].cells["ex-sgd"].split("\nconst pass")[0] } })).toBe(false);
  });

  it("nothing escaped: no file written, the huge output was cut, the feedback pages stay small", () => {
    expect(fs.existsSync(ESCAPE_MARK)).toBe(false);
    for (const r of reports.values()) expect(fs.statSync(r.feedback!).size).toBeLessThan(200_000);
    const loud = reports.get(`attack${ATTACKS.findIndex((a) => a.name === "prints a huge output")}`)!;
    expect(JSON.stringify(loud).length).toBeLessThan(200_000);
  });

  it("the memory hog is stopped by its heap limit, not by the submission's time limit", () => {
    const r = reports.get(`attack${ATTACKS.findIndex((a) => a.name.startsWith("allocates memory"))}`)!;
    expect(r.stopped).toBeUndefined();
    // the sentinel thread reports the death at once: no waiting for the 2 s call deadline
    expect(r.durationMs).toBeLessThan(20_000);
  });
});

describe("classroom: submissions graded one after another in the same sandbox process", () => {
  it("a submission cannot leave anything for the next one (globals, patched built-ins, answers)", async () => {
    const dir = path.join(tmp, "sequence");
    fs.mkdirSync(dir, { recursive: true });
    const trap = submission({
      name: "trap",
      target: "ex-sgd",
      cells: {
        "ex-sgd":
          HONEST["ex-sgd"] +
          "\n(globalThis as any).glorotBound = (a: number, b: number) => Math.sqrt(6 / (a + b));\nMath.abs = () => 0;\n" +
          "Object.defineProperty(Object.prototype, 'throws', { get() { return false; }, configurable: true });",
      },
    });
    const victim = studentEdition(readNotebook(FIXTURE), "fixture.ipynb"); // answers nothing
    const escaper = submission(ATTACKS.find((a) => a.name.startsWith("escapes through"))!);
    const files = [["a-trap", trap], ["b-escaper", escaper], ["c-victim", victim], ["d-honest", submission({ name: "honest", target: "", cells: {} })]] as const;
    for (const [name, nb] of files) fs.writeFileSync(path.join(dir, `${name}.ipynb`), JSON.stringify(nb));
    const result = await gradeClass(
      files.map(([name]) => ({ student: name, file: path.join(dir, `${name}.ipynb`) })),
      { sourcePath: FIXTURE, outDir: path.join(tmp, "sequence-out"), jobs: 1, cellTimeoutSec: 3 },
    );
    const totals = Object.fromEntries(result.reports.map((r) => [r.student, r.total]));
    expect(totals).toEqual({ "a-trap": 15, "b-escaper": 14, "c-victim": 0, "d-honest": 15 });
  }, 120_000);
});

describe("classroom: the sandbox process itself (the layer under the vm context)", () => {
  it("cannot read the instructor's notebook, write files, start programs or reach the network even with Node's APIs", () => {
    const iso = isolation();
    expect(iso.permission).toBe(true); // Node ≥ 20 has the permission model
    const attempt = (code: string) => {
      const argv = sandboxArgv(DEFAULT_LIMITS, `try { ${code}; console.log("ALLOWED"); } catch (e) { console.log("DENIED " + (e.code || e.message)); }`);
      return spawnSync(argv[0], argv.slice(1), { cwd: os.tmpdir(), encoding: "utf8", timeout: 20_000 }).stdout.trim();
    };
    expect(attempt(`require("fs").readFileSync(${JSON.stringify(FIXTURE)})`)).toMatch(/^DENIED ERR_ACCESS_DENIED/);
    expect(attempt(`require("fs").writeFileSync("/tmp/descent-sandbox-write", "x")`)).toMatch(/^DENIED ERR_ACCESS_DENIED/);
    expect(attempt(`require("child_process").execSync("id")`)).toMatch(/^DENIED ERR_ACCESS_DENIED/);
    if (iso.network) {
      const argv = sandboxArgv(DEFAULT_LIMITS, `require("net").connect(53, "1.1.1.1").on("error", (e) => console.log("DENIED " + e.code)).on("connect", () => { console.log("ALLOWED"); process.exit(0); })`);
      expect(spawnSync(argv[0], argv.slice(1), { encoding: "utf8", timeout: 20_000 }).stdout.trim()).toMatch(/^DENIED/);
    }
  }, 60_000);
});
