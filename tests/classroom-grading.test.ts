import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { Notebook, readNotebook, studentEdition } from "../tools/lib/classroom-notebook";
import { gradeSubmission } from "../tools/lib/classroom-grade";

// These run the real kernel (a few seconds each, more on a loaded machine): keep them few.
const FIXTURE = path.resolve(__dirname, "fixtures/classroom/fixture.ipynb");
const CELL_TIMEOUT_SEC = 15;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "grading-"));
const instructor = readNotebook(FIXTURE);

function write(name: string, nb: Notebook): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, JSON.stringify(nb));
  return file;
}
const grade = (file: string) => gradeSubmission(file, { sourcePath: FIXTURE, outDir: path.join(tmp, "out"), cellTimeoutSec: CELL_TIMEOUT_SEC });
const pointsOf = (parts: { gradeId: string; points: number }[]) => Object.fromEntries(parts.map((p) => [p.gradeId, p.points]));

describe("classroom: grading on the kernel", () => {
  it("the instructor notebook grades at full marks", async () => {
    const report = await grade(write("instructor.ipynb", instructor));
    expect(report.runnerError).toBeUndefined();
    expect(report.errors).toEqual([]);
    expect([report.total, report.maxTotal]).toEqual([15, 15]);
  }, 120_000);

  it("the unchanged student edition grades 0, each part failing with the checker's message", async () => {
    const report = await grade(write("student.ipynb", studentEdition(instructor, "fixture.ipynb")));
    expect(report.runnerError).toBeUndefined();
    expect([report.total, report.maxTotal]).toEqual([0, 15]);
    expect(report.parts).toHaveLength(4);
    for (const p of report.parts) {
      expect(p.status).toBe("failed");
      expect(p.error).toMatch(/not implemented yet/);
    }
    expect(fs.existsSync(report.gradedNotebook)).toBe(true);
  }, 120_000);

  it("a planted partly correct submission gets exactly its points: deleted and edited test cells still run, a loop times out", async () => {
    const sub = studentEdition(instructor, "fixture.ipynb");
    const cell = (id: string) => sub.cells.find((c) => c.metadata.nbgrader?.grade_id === id)!;
    // 1 point: right, and the student deleted its test cell (the test must still run and count)
    cell("ex-sgd").source = "function sgdStep(theta: number[], g: number[], epsilon: number): number[] {\n  return theta.map((t, i) => t - epsilon * g[i]);\n}";
    sub.cells = sub.cells.filter((c) => c.metadata.nbgrader?.grade_id !== "ex-sgd-check");
    // 2 points: loops forever when called
    cell("ex-glorot").source = "function glorotBound(fanIn: number, fanOut: number): number {\n  while (true) {}\n}";
    // 4 points: wrong (moves by the old velocity), and its test cell was "edited" to pass
    cell("ex-momentum").source =
      "function momentumStep(theta: number[], v: number[], g: number[], epsilon: number, alpha: number) {\n" +
      "  return { theta: theta.map((t, i) => t + v[i]), v: v.map((x, i) => alpha * x - epsilon * g[i]) };\n}";
    cell("ex-momentum-check").source = 'console.log("all good");';
    // 8 points: right
    cell("ex-adagrad").source =
      "function adagradStep(theta: number[], g: number[], r: number[], epsilon: number, delta: number) {\n" +
      "  const s = r.map((x, i) => x + g[i] ** 2);\n  return { theta: theta.map((t, i) => t - epsilon * g[i] / (delta + Math.sqrt(s[i]))), r: s };\n}";

    const report = await grade(write("partial.ipynb", sub));
    expect(report.runnerError).toBeUndefined();
    expect(pointsOf(report.parts)).toEqual({ "ex-sgd-check": 1, "ex-glorot-check": 0, "ex-momentum-check": 0, "ex-adagrad-check": 8 });
    expect(report.total).toBe(9);
    const byId = Object.fromEntries(report.parts.map((p) => [p.gradeId, p]));
    expect(byId["ex-glorot-check"].status).toBe("timeout");
    expect(byId["ex-glorot-check"].error).toMatch(/did not finish within 15 s/);
    expect(byId["ex-momentum-check"].error).toMatch(/NEW velocity/);
    const json = JSON.parse(fs.readFileSync(path.join(tmp, "out", "partial__partial.json"), "utf8"));
    expect(json.total).toBe(9);
  }, 180_000);
});
