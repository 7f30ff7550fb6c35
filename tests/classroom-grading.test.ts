import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { notebookWithReaderCells } from "../site/page/download";
import { gradeClass, gradeSubmission, gradebookCsv } from "../tools/lib/classroom-grade";
import { Cell, Notebook, readNotebook, studentEdition, toSourceLines } from "../tools/lib/classroom-notebook";
import { HONEST } from "./fixtures/classroom/hostile";

// Each grading starts a sandbox process (≈1 s on a quiet machine).
const FIXTURE = path.resolve(__dirname, "fixtures/classroom/fixture.ipynb");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "grading-"));
const instructor = readNotebook(FIXTURE);
const limits = { cellTimeoutSec: 3, submissionTimeoutSec: 60 };

function write(name: string, nb: Notebook | string, source = FIXTURE): { file: string; source: string } {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, typeof nb === "string" ? nb : JSON.stringify(nb));
  return { file, source };
}
const grade = ({ file, source }: { file: string; source: string }) => gradeSubmission(file, { sourcePath: source, outDir: path.join(tmp, "out"), ...limits });
const pointsOf = (parts: { gradeId: string; points: number }[]) => Object.fromEntries(parts.map((p) => [p.gradeId, p.points]));
const student = () => studentEdition(instructor, "fixture.ipynb");
const cellOf = (nb: Notebook, id: string) => nb.cells.find((c) => c.metadata?.nbgrader?.grade_id === id)!;

describe("classroom: grading in the sandbox", () => {
  it("the instructor notebook grades at full marks, the untouched student edition at 0 with the checker's message", async () => {
    const full = await grade(write("instructor.ipynb", instructor));
    expect(full.runnerError).toBeUndefined();
    expect([full.total, full.maxTotal]).toEqual([15, 15]);
    expect(full.parts.map((p) => p.output)).toEqual(expect.arrayContaining([expect.stringMatching(/✔ check.adagradStep — 7\/7 hidden cases pass/)]));
    const none = await grade(write("student.ipynb", student()));
    expect([none.total, none.maxTotal]).toEqual([0, 15]);
    for (const p of none.parts) expect(p.error).toMatch(/not implemented yet/);
    expect(fs.readFileSync(none.feedback!, "utf8")).toMatch(/0\/15 points/);
  }, 60_000);

  it("a partly correct submission gets exactly its points: a deleted check still runs, an edited one is ignored, a loop times out", async () => {
    const sub = student();
    cellOf(sub, "ex-sgd").source = toSourceLines(HONEST["ex-sgd"]);
    sub.cells = sub.cells.filter((c) => c.metadata?.nbgrader?.grade_id !== "ex-sgd-check");
    cellOf(sub, "ex-glorot").source = "function glorotBound(fanIn: number, fanOut: number): number {\n  while (true) {}\n}";
    cellOf(sub, "ex-momentum").source =
      "function momentumStep(theta: number[], v: number[], g: number[], epsilon: number, alpha: number) {\n" +
      "  return { theta: theta.map((t, i) => t + v[i]), v: v.map((x, i) => alpha * x - epsilon * g[i]) };\n}";
    cellOf(sub, "ex-momentum-check").source = 'console.log("all good");';
    cellOf(sub, "ex-adagrad").source = HONEST["ex-adagrad"];
    const report = await grade(write("partial.ipynb", sub));
    expect(pointsOf(report.parts)).toEqual({ "ex-sgd-check": 1, "ex-glorot-check": 0, "ex-momentum-check": 0, "ex-adagrad-check": 8 });
    const byId = Object.fromEntries(report.parts.map((p) => [p.gradeId, p]));
    expect(byId["ex-glorot-check"].status).toBe("timeout");
    expect(byId["ex-glorot-check"].error).toMatch(/did not finish within the 3 s limit/);
    expect(byId["ex-momentum-check"].error).toMatch(/NEW velocity/);
    expect(JSON.parse(fs.readFileSync(path.join(tmp, "out", "partial__partial.json"), "utf8")).total).toBe(9);
    expect(gradebookCsv([report])).toMatch(/^student,notebook,ex-sgd-check,ex-glorot-check,ex-momentum-check,ex-adagrad-check,total,max/);
  }, 60_000);

  it("honest answers that use helpers from added cells, from other solution cells and the library keep full marks", async () => {
    const sub = student();
    const at = (id: string) => sub.cells.indexOf(cellOf(sub, id));
    const added: Cell = { cell_type: "code", metadata: {}, source: "const axpy = (a: number, x: number[], y: number[]) => x.map((xi, i) => a * xi + y[i]);", outputs: [], execution_count: 3 };
    sub.cells.splice(at("ex-sgd"), 0, added);
    cellOf(sub, "ex-sgd").source = "function sgdStep(theta: number[], g: number[], epsilon: number): number[] {\n  return axpy(-epsilon, g, theta);\n}";
    cellOf(sub, "ex-glorot").source = "import { close } from \"./src/check\";\nfunction glorotBound(fanIn: number, fanOut: number): number {\n  const b = Math.sqrt(6 / (fanIn + fanOut));\n  close(b * b, 6 / (fanIn + fanOut), { tol: 1e-9 });\n  return b;\n}";
    cellOf(sub, "ex-momentum").source =
      "function momentumStep(theta: number[], v: number[], g: number[], epsilon: number, alpha: number) {\n" +
      "  const vn = axpy(-epsilon, g, v.map((x) => alpha * x));\n  return { theta: axpy(1, vn, theta), v: vn };\n}";
    // the library's pure parts work in a solution (here its eigenvalue routine, via a named import)
    cellOf(sub, "ex-adagrad").source =
      'import { secondOrder } from "./src";\n' + HONEST["ex-adagrad"].replace("{\n", "{\n  if (secondOrder.symmetricEigenvalues([[2, 0], [0, 3]])[1] !== 3) throw new Error(\"library\");\n");
    const report = await grade(write("helpers.ipynb", sub));
    expect(report.errors).toEqual([]);
    expect([report.total, report.forbidden]).toEqual([15, []]);
  }, 60_000);

  it("a hidden test's failure shows its hint, not its inputs or expected values", async () => {
    const sub = student();
    for (const id of ["ex-glorot", "ex-momentum", "ex-adagrad"]) cellOf(sub, id).source = HONEST[id];
    // Right on the visible cases (vectors of length ≤ 4), wrong on the hidden ones (up to 9).
    cellOf(sub, "ex-sgd").source = "function sgdStep(theta: number[], g: number[], epsilon: number): number[] {\n  return theta.slice(0, 4).map((t, i) => t - epsilon * g[i]);\n}";
    const report = await grade(write("hidden.ipynb", sub));
    const part = report.parts.find((p) => p.gradeId === "ex-sgd-check")!;
    expect([part.points, part.hiddenFailed]).toEqual([0, true]);
    expect(part.instructorDetail).toMatch(/input:/);
    expect(part.error).toMatch(/a hidden test/);
    expect(part.error).not.toMatch(/input:|expected:|got:/);
    const html = fs.readFileSync(report.feedback!, "utf8");
    expect(html).not.toMatch(/input:|expected:|BEGIN HIDDEN|hidden: true/);
    expect(html).toMatch(/hint:/);
    expect(report.total).toBe(14);
  }, 60_000);

  it("a check with a callback (Nesterov's gradient oracle) under `import * as d`: honest passes, a hostile callback user fails", async () => {
    const nb: Notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "descent", language: "typescript", display_name: "TypeScript (Descent)" } },
      cells: [
        { cell_type: "code", metadata: {}, source: 'import * as d from "./src";', outputs: [], execution_count: null },
        {
          cell_type: "code",
          metadata: { nbgrader: { grade: false, solution: true, locked: false, task: false, grade_id: "ex-nesterov", schema_version: 3 } },
          source: toSourceLines(
            "function nesterovStep(theta: number[], v: number[], gradAt: (x: number[]) => number[], epsilon: number, alpha: number) {\n  // BEGIN SOLUTION\n" +
              "  const g = gradAt(theta.map((t, i) => t + alpha * v[i]));\n  const vn = v.map((vi, i) => alpha * vi - epsilon * g[i]);\n  return { theta: theta.map((t, i) => t + vn[i]), v: vn };\n  // END SOLUTION\n}",
          ),
          outputs: [],
          execution_count: null,
        },
        {
          cell_type: "code",
          metadata: { nbgrader: { grade: true, solution: false, locked: true, task: false, grade_id: "ex-nesterov-check", points: 3, schema_version: 3 } },
          source: toSourceLines("d.check.nesterovStep(nesterovStep);\n// BEGIN HIDDEN TESTS\nd.check.nesterovStep(nesterovStep, { hidden: true });\n// END HIDDEN TESTS"),
          outputs: [],
          execution_count: null,
        },
      ],
    };
    const source = write("nesterov-instructor.ipynb", nb).file;
    expect((await grade(write("nesterov-honest.ipynb", nb, source))).total).toBe(3);
    const hostile = studentEdition(nb, "nesterov");
    cellOf(hostile, "ex-nesterov").source =
      "function nesterovStep(theta: number[], v: number[], gradAt: any, epsilon: number, alpha: number) {\n" +
      "  let proc: any; try { proc = gradAt.constructor.constructor('return process')(); } catch (e) {}\n" +
      "  if (proc) proc.exit(0);\n  try { gradAt.constructor.prototype.call = () => [0]; } catch (e) {}\n" +
      "  const g = gradAt(theta);\n  return { theta: theta.map((t, i) => t - epsilon * g[i]), v };\n}";
    const report = await grade(write("nesterov-hostile.ipynb", hostile, source));
    expect(report.runnerError).toBeUndefined();
    expect(report.total).toBe(0);
    expect(report.parts[0].error).toMatch(/check\.nesterovStep/);
  }, 60_000);

  it("accepts the browser edition's downloaded notebook, and variations of whitespace, line endings and metadata", async () => {
    const template = student();
    const code = template.cells.filter((c) => c.cell_type === "code").map((c) => {
      const id = c.metadata?.nbgrader?.grade_id as string | undefined;
      const source = id && HONEST[id] ? HONEST[id] : Array.isArray(c.source) ? c.source.join("") : c.source;
      return { source, outputs: [{ output_type: "stream" as const, name: "stdout" as const, text: "✔ ran in the browser\n" }], executionCount: 1 };
    });
    const downloaded = notebookWithReaderCells(template as Parameters<typeof notebookWithReaderCells>[0], code as Parameters<typeof notebookWithReaderCells>[1]);
    expect((await grade(write("browser.ipynb", JSON.stringify(downloaded, null, 1) + "\n"))).total).toBe(15);
    // Another saver: one-line JSON with a BOM, CRLF sources as strings, no outputs or ids, extra metadata.
    const variant = JSON.parse(JSON.stringify(downloaded)) as Notebook;
    variant.nbformat_minor = 4;
    variant.metadata = { ...variant.metadata, descent: { saved: "2026-12-07", theme: "dark" } };
    for (const c of variant.cells) {
      c.source = (Array.isArray(c.source) ? c.source.join("") : c.source).replace(/\n/g, "\r\n");
      delete c.outputs;
      delete c.execution_count;
      delete c.id;
      c.metadata = { ...c.metadata, descent: { collapsed: false } };
    }
    expect((await grade(write("variant.ipynb", "\uFEFF" + JSON.stringify(variant)))).total).toBe(15);
    const broken = await grade(write("broken.ipynb", "{ not json"));
    expect([broken.total, broken.runnerError]).toEqual([0, expect.stringMatching(/unreadable submission/)]);
  }, 90_000);
});

describe("classroom: the chapter notebooks in the sandbox", () => {
  it("every instructor notebook grades at full marks and its student edition at 0", async () => {
    const dir = path.resolve(__dirname, "../notebooks");
    const names = fs.readdirSync(dir).filter((f) => /^8\.\d.*\.ipynb$/.test(f));
    expect(names.length).toBeGreaterThanOrEqual(7);
    const subs = names.flatMap((name) => {
      const nb = readNotebook(path.join(dir, name));
      const student = path.join(tmp, "chapters", "student", name);
      fs.mkdirSync(path.dirname(student), { recursive: true });
      fs.writeFileSync(student, JSON.stringify(studentEdition(nb, name)));
      return [{ student: `instructor-${name}`, file: path.join(dir, name) }, { student: `student-${name}`, file: student }];
    });
    const result = await gradeClass(subs, { outDir: path.join(tmp, "chapters", "out"), jobs: 2, cellTimeoutSec: 20 });
    expect(result.failed).toEqual([]);
    for (const r of result.reports) {
      const failing = r.parts.filter((p) => p.status !== "passed").map((p) => `${p.gradeId}: ${(p.instructorDetail ?? p.error ?? "").split("\n")[0]}`);
      if (r.student.startsWith("instructor-")) expect([r.student, failing]).toEqual([r.student, []]);
      else expect([r.student, r.total]).toEqual([r.student, 0]);
      expect(r.maxTotal).toBeGreaterThan(0);
    }
  }, 300_000);
});
