import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { renderNotebook } from "../tools/nb";
import {
  Notebook,
  assembleForGrading,
  readNotebook,
  replaceRegions,
  sourceText,
  studentEdition,
  validateInstructor,
} from "../tools/lib/classroom-notebook";
import { GradeReport, findSubmissions, gradeSubmission, gradebookCsv } from "../tools/lib/classroom-grade";

const ROOT = path.resolve(__dirname, "..");
const FIXTURE = path.join(ROOT, "tests/fixtures/classroom/fixture.ipynb");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

/** Every non-trivial line between BEGIN/END SOLUTION or BEGIN/END HIDDEN TESTS in an instructor notebook. */
function secretLines(nb: Notebook): string[] {
  const lines: string[] = [];
  for (const cell of nb.cells) {
    let inside = false;
    for (const line of sourceText(cell).split("\n")) {
      if (/BEGIN (SOLUTION|HIDDEN TESTS)/.test(line)) inside = true;
      else if (/END (SOLUTION|HIDDEN TESTS)/.test(line)) inside = false;
      else if (inside && line.trim().length >= 12) lines.push(line.trim());
    }
  }
  return lines;
}

/** All text a student receives in `dir`: notebook sources and outputs, and the archives' contents. */
function studentTexts(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith(".zip")) out.push({ file: full, text: execFileSync("unzip", ["-p", full]).toString() });
      else if (e.name.endsWith(".tar.gz")) out.push({ file: full, text: execFileSync("tar", ["-xzOf", full]).toString() });
      else {
        const raw = fs.readFileSync(full, "utf8");
        out.push({ file: full, text: e.name.endsWith(".ipynb") ? readNotebook(full).cells.map(sourceText).join("\n") + raw : raw });
      }
    }
  };
  walk(dir);
  // Archives hold the notebook JSON: decode it so escaped quotes do not hide a match.
  return out.map(({ file, text }) => {
    try {
      const nb = JSON.parse(text) as Notebook;
      return { file, text: text + nb.cells.map(sourceText).join("\n") };
    } catch {
      return { file, text };
    }
  });
}

describe("classroom: student editions", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "classroom-"));
  const out = path.join(tmp, "student");
  beforeAll(() => {
    execFileSync(TSX, ["tools/assignments.ts", "--source", FIXTURE, "--out", out], { cwd: ROOT, stdio: "pipe" });
  }, 60_000);

  it("the fixture notebook is in sync with its percent source", () => {
    expect(fs.readFileSync(FIXTURE, "utf8")).toBe(renderNotebook(path.join(ROOT, "tests/fixtures/classroom/source/fixture.percent.txt")));
  });

  it("stubs solutions, drops hidden tests, clears outputs and marks locked cells", () => {
    const nb = readNotebook(path.join(out, "fixture.ipynb"));
    const solutions = nb.cells.filter((c) => c.metadata.nbgrader?.solution);
    expect(solutions).toHaveLength(4);
    for (const c of solutions) {
      expect(sourceText(c)).toMatch(/^function \w+\(.*\{\n {2}\/\/ YOUR CODE HERE\n {2}throw new Error\("not implemented"\);\n\}$/s);
    }
    const tests = nb.cells.filter((c) => c.metadata.nbgrader?.grade);
    expect(tests.map((c) => c.metadata.nbgrader?.points)).toEqual([1, 2, 4, 8]);
    for (const c of tests) {
      expect(sourceText(c)).not.toMatch(/hidden/i);
      expect(c.metadata).toMatchObject({ editable: false, deletable: false, nbgrader: { locked: true, schema_version: 3 } });
    }
    for (const c of nb.cells.filter((x) => x.cell_type === "code")) {
      expect(c.outputs).toEqual([]);
      expect(c.execution_count).toBeNull();
    }
  });

  it("writes one release archive per notebook, holding the student edition", () => {
    const zip = path.join(out, "release", "fixture.zip");
    expect(fs.existsSync(zip)).toBe(true);
    expect(JSON.parse(execFileSync("unzip", ["-p", zip, "fixture.ipynb"]).toString())).toEqual(readNotebook(path.join(out, "fixture.ipynb")));
  });

  it("no solution or hidden-test text appears anywhere in the student build (fixture)", () => {
    const secrets = secretLines(readNotebook(FIXTURE));
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    for (const { file, text } of studentTexts(out)) {
      for (const s of secrets) expect(text.includes(s), `${s} leaked into ${file}`).toBe(false);
      expect(text).not.toMatch(/BEGIN SOLUTION|END SOLUTION|HIDDEN TESTS/);
    }
  });

  it("`npm run assignments` on the chapter notebooks leaks nothing into build/student", () => {
    const sources = fs.existsSync(path.join(ROOT, "notebooks"))
      ? fs.readdirSync(path.join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb"))
      : [];
    const built = path.join(tmp, "chapter");
    execFileSync(TSX, ["tools/assignments.ts", "--out", built], { cwd: ROOT, stdio: "pipe" });
    const secrets = sources.flatMap((f) => secretLines(readNotebook(path.join(ROOT, "notebooks", f))));
    for (const { file, text } of studentTexts(built)) {
      for (const s of secrets) expect(text.includes(s), `${s} leaked into ${file}`).toBe(false);
    }
    expect(fs.readdirSync(built).filter((f) => f.endsWith(".ipynb")).sort()).toEqual(sources.sort());
  }, 60_000);

  it("rejects unbalanced markers and duplicate grade ids, naming the cell", () => {
    expect(() => replaceRegions("a\n// BEGIN SOLUTION\nb", "BEGIN SOLUTION", "END SOLUTION", [], "nb: cell 3")).toThrow(/nb: cell 3: 'BEGIN SOLUTION' is never closed/);
    expect(() => replaceRegions("// END SOLUTION", "BEGIN SOLUTION", "END SOLUTION", [], "nb: cell 1")).toThrow(/line 1: 'END SOLUTION' without/);
    const stray = readNotebook(FIXTURE);
    stray.cells[1].source = "// BEGIN SOLUTION\nconst answer = 42;\n// END SOLUTION";
    expect(() => studentEdition(stray, "x.ipynb")).toThrow(/x\.ipynb: cell 1: a 'BEGIN SOLUTION' region must be in a cell with nbgrader metadata "solution": true/);
    const nb = readNotebook(FIXTURE);
    nb.cells[4].metadata.nbgrader!.grade_id = "ex-sgd";
    expect(() => validateInstructor(nb, "x.ipynb")).toThrow(/x\.ipynb: cell 4: nbgrader 'grade_id' must be unique, got a second 'ex-sgd'/);
  });
});

describe("classroom: assembling a submission for grading", () => {
  const instructor = readNotebook(FIXTURE);
  const student = studentEdition(instructor, "fixture.ipynb");
  const byId = (nb: Notebook, id: string) => nb.cells.find((c) => c.metadata.nbgrader?.grade_id === id)!;

  it("restores deleted and edited test cells, with their hidden tests, and keeps the student's answers and added cells", () => {
    const sub = JSON.parse(JSON.stringify(student)) as Notebook;
    byId(sub, "ex-sgd").source = "function sgdStep(theta: number[], g: number[], epsilon: number): number[] { return theta; }";
    sub.cells = sub.cells.filter((c) => c.metadata.nbgrader?.grade_id !== "ex-sgd-check");
    byId(sub, "ex-momentum-check").source = "// nothing to see";
    delete byId(sub, "ex-adagrad-check").metadata.nbgrader; // even without its metadata
    const helperAt = sub.cells.indexOf(byId(sub, "ex-glorot"));
    sub.cells.splice(helperAt, 0, { cell_type: "code", id: "student-helper", metadata: {}, source: "const helper = 1;", outputs: [], execution_count: null });

    const graded = assembleForGrading(instructor, sub, "fixture.ipynb");
    expect(sourceText(byId(graded, "ex-sgd"))).toContain("return theta;");
    for (const id of ["ex-sgd-check", "ex-momentum-check", "ex-adagrad-check"]) {
      expect(sourceText(byId(graded, id))).toBe(sourceText(byId(instructor, id)));
    }
    expect(sourceText(byId(graded, "ex-momentum-check"))).toContain("{ hidden: true }");
    const helper = graded.cells.findIndex((c) => c.id === "student-helper");
    expect(graded.cells[helper + 1]).toBe(byId(graded, "ex-glorot"));
    // instructor cells stay in the instructor's order, the one added cell comes on top
    expect(graded.cells).toHaveLength(instructor.cells.length + 1);
  });

  it("grades a missing solution cell as the student stub", () => {
    const sub = JSON.parse(JSON.stringify(student)) as Notebook;
    sub.cells = sub.cells.filter((c) => c.metadata.nbgrader?.grade_id !== "ex-glorot");
    const graded = assembleForGrading(instructor, sub, "fixture.ipynb");
    expect(sourceText(byId(graded, "ex-glorot"))).toBe(sourceText(byId(student, "ex-glorot")));
  });
});

describe("classroom: command lines", () => {
  const fail = (args: string[]) => {
    try {
      execFileSync(TSX, args, { cwd: ROOT, stdio: "pipe" });
    } catch (e) {
      const err = e as { status: number; stderr: Buffer };
      return { status: err.status, stderr: err.stderr.toString() };
    }
    return { status: 0, stderr: "" };
  };

  it("`grade` names the bad parameter and exits 2 before grading anything", () => {
    expect(fail(["tools/grade.ts"])).toMatchObject({ status: 2, stderr: expect.stringMatching(/parameter 'submission' must be a \.ipynb file or a folder of them, got nothing/) });
    expect(fail(["tools/grade.ts", FIXTURE, "--timeout", "0"]).stderr).toMatch(/parameter '--timeout' must be a positive number of seconds, got 0/);
    expect(fail(["tools/grade.ts", "/nonexistent.ipynb"]).stderr).toMatch(/must be an existing \.ipynb file or folder, got \/nonexistent\.ipynb/);
  }, 30_000);

  it("`assignments` rejects an unknown option", () => {
    expect(fail(["tools/assignments.ts", "--bogus"])).toMatchObject({ status: 2, stderr: expect.stringMatching(/unknown or incomplete option '--bogus'/) });
  }, 30_000);
});

describe("classroom: gradebook", () => {
  it("writes one CSV row per submission and one column per grade id", () => {
    const part = (gradeId: string, points: number, maxPoints: number) => ({ gradeId, cellIndex: 0, points, maxPoints, status: points ? "passed" : "failed" }) as const;
    const report = (student: string, parts: ReturnType<typeof part>[]): GradeReport => ({
      student, submission: `/x/${student}/hw.ipynb`, source: "s", parts: [...parts], errors: [], forbidden: student === "ann" ? ["require", "import fs"] : [], missing: [], durationMs: 1,
      total: parts.reduce((s, p) => s + p.points, 0), maxTotal: parts.reduce((s, p) => s + p.maxPoints, 0),
    });
    const csv = gradebookCsv([report("ann", [part("a", 1, 1), part("b", 0, 2)]), report('bo "b"', [part("a", 0, 1), part("b", 2, 2)])]);
    expect(csv).toBe('student,notebook,a,b,total,max,errors,forbidden,stopped\nann,hw.ipynb,1,0,1,3,0,require; import fs,\n"bo ""b""",hw.ipynb,0,2,2,3,0,,\n');
  });

  it("an unreadable submission scores 0 on every part, with the reason, without running anything", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-"));
    fs.writeFileSync(path.join(dir, "carol.ipynb"), "not json");
    const r = await gradeSubmission(path.join(dir, "carol.ipynb"), { sourcePath: FIXTURE, outDir: path.join(dir, "out"), cellTimeoutSec: 5 });
    expect([r.total, r.maxTotal, r.parts.length]).toEqual([0, 15, 4]);
    expect(r.parts.every((p) => p.status === "not run")).toBe(true);
    expect(r.runnerError).toMatch(/unreadable submission: .*not valid JSON/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "out", "carol__carol.json"), "utf8")).total).toBe(0);
  });

  it("finds submissions as <folder>/<student>/*.ipynb or <folder>/<student>.ipynb", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "subs-"));
    fs.mkdirSync(path.join(dir, "ann"));
    fs.writeFileSync(path.join(dir, "ann", "hw.ipynb"), "{}");
    fs.writeFileSync(path.join(dir, "bo.ipynb"), "{}");
    fs.writeFileSync(path.join(dir, "bo.graded.ipynb"), "{}");
    expect(findSubmissions(dir).map((s) => [s.student, path.basename(s.file)])).toEqual([["ann", "hw.ipynb"], ["bo", "bo.ipynb"]]);
  });
});
