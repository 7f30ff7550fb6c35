/**
 * The notebook runner: a planted failing cell makes it fail with the real error message and the
 * cell's location; execution counts are filled; cells after a failure are skipped (or run with
 * allowErrors, also past a time-out); the CLI runs notebooks in chapter order and exits non-zero.
 * Each notebook costs a kernel start, so checks share notebooks where they can.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chapterOrder, executeNotebook, formatFailure } from "../tools/lib/execute";

const ROOT = path.resolve(__dirname, "..");
const canRun = spawnSync("/usr/bin/python3", ["-c", "import nbclient"]).status === 0;

function notebook(cells: Array<[kind: "code" | "markdown", source: string]>): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "descent", display_name: "TypeScript (Descent)", language: "typescript" } },
    cells: cells.map(([kind, source], i) =>
      kind === "code"
        ? { cell_type: "code", id: `c${i}`, metadata: {}, source, outputs: [], execution_count: null }
        : { cell_type: "markdown", id: `c${i}`, metadata: {}, source }),
  });
}

const PLANTED: Array<["code" | "markdown", string]> = [
  ["markdown", "# planted failure"],
  ["code", "const fine = 1 + 1;\nconsole.log(fine)"],
  ["code", "const ok = 1;\nJSON.parse(\"{bad\");"],
  ["code", "console.log('after the failure')"],
];

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-runner-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("chapterOrder", () => {
  it("puts 00-start-here first and sections in numeric order", () => {
    expect(chapterOrder(["8.10-x.ipynb", "8.2-b.ipynb", "notes.ipynb", "00-start-here.ipynb", "8.1-a.ipynb"]))
      .toEqual(["00-start-here.ipynb", "8.1-a.ipynb", "8.2-b.ipynb", "8.10-x.ipynb", "notes.ipynb"]);
  });
});

describe("formatFailure", () => {
  it("names notebook, cell, first line, error and the traceback's location", () => {
    const line = formatFailure("8.1-a.ipynb", {
      cellIndex: 3, firstLine: "const x = f();", ename: "TypeError", evalue: "f is not a function\nmore",
      traceback: ["TypeError: f is not a function", "", "Cell In[2], line 1"],
    });
    expect(line).toBe("8.1-a.ipynb: cell 3 `const x = f();`: TypeError: f is not a function (Cell In[2], line 1)");
  });
});

describe.skipIf(!canRun)("executeNotebook on the descent kernel", () => {
  it("rejects bad arguments with the parameter's name", async () => {
    await expect(executeNotebook(path.join(dir, "missing.ipynb"), { outputPath: path.join(dir, "o.ipynb"), cellTimeoutSec: 5 }))
      .rejects.toThrow(/executeNotebook: parameter 'inputPath'/);
  });

  it("keeps going with allowErrors: after a failure and after a time-out (interrupted, state kept)", async () => {
    const input = path.join(dir, "planted-allow.ipynb");
    const cells = PLANTED.concat([["code", "let spins = 0;\nwhile (true) { spins++; }"], ["code", "fine * 10"]]);
    fs.writeFileSync(input, notebook(cells));
    const outputPath = path.join(dir, "out", "allow.ipynb");
    const result = await executeNotebook(input, { outputPath, cellTimeoutSec: 8, allowErrors: true });
    expect(result.runnerError).toBeUndefined();
    expect(result.cells.map((c) => c.status)).toEqual(["ok", "error", "ok", "timeout", "ok"]);
    expect(result.failure).toMatchObject({ cellIndex: 2, firstLine: "const ok = 1;", ename: "SyntaxError" });
    expect(result.failure!.evalue).toMatch(/JSON/);
    expect(result.failure!.traceback.join("\n")).toMatch(/Cell In\[2\], line 2/);
    expect(result.cells[1]).toMatchObject({ ename: "SyntaxError" });
    expect(result.cells[3]).toMatchObject({ ename: "Timeout", evalue: "cell did not finish within 8 s" });
    const executed = JSON.parse(fs.readFileSync(outputPath, "utf8"));
    const last = executed.cells[5].outputs.find((o: { output_type: string }) => o.output_type === "execute_result");
    expect([].concat(last.data["text/plain"]).join("")).toBe("20");
    // Exported to HTML (as `npm run build` does), the failing cell shows its traceback with the cell line.
    const html = spawnSync("jupyter", ["nbconvert", "--to", "html", "--log-level=ERROR", "--output-dir", dir, outputPath], {
      env: { ...process.env, PATH: `/usr/bin:${process.env.PATH}` },
      encoding: "utf8",
    });
    expect(html.status, html.stderr).toBe(0);
    const page = fs.readFileSync(path.join(dir, "allow.html"), "utf8").replace(/<[^>]+>/g, "");
    expect(page).toMatch(/SyntaxError/);
    expect(page).toMatch(/Cell In\[2\], line 2/);
  }, 90_000);

  it("the CLI runs notebooks in chapter order and exits non-zero on a failure", async () => {
    const nbDir = path.join(dir, "notebooks");
    fs.mkdirSync(nbDir, { recursive: true });
    fs.writeFileSync(path.join(nbDir, "8.1-bad.ipynb"), notebook(PLANTED));
    fs.writeFileSync(path.join(nbDir, "00-start-here.ipynb"), notebook([["code", "1 + 1"]]));
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
        path.join(ROOT, "tools", "run-notebooks.ts"), "--notebooks", nbDir, "--out", path.join(dir, "executed")], { cwd: ROOT });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (c) => resolve({ code: c, stdout, stderr }));
    });
    expect(code).toBe(1);
    expect(stdout.indexOf("00-start-here.ipynb")).toBeLessThan(stdout.indexOf("8.1-bad.ipynb"));
    expect(stdout).toMatch(/ok\s+[\d.]+ s\s+00-start-here\.ipynb/);
    expect(fs.existsSync(path.join(dir, "executed", "00-start-here.ipynb"))).toBe(true);
    // The planted failure (one kernel serves both checks): real message, cell location, later cells skipped.
    expect(stderr).toMatch(/^8\.1-bad\.ipynb: cell 2 `const ok = 1;`: SyntaxError: .*JSON.*\(Cell In\[2\], line 2\)$/m);
    const executed = JSON.parse(fs.readFileSync(path.join(dir, "executed", "8.1-bad.ipynb"), "utf8"));
    expect(executed.cells.map((c: { execution_count?: number | null }) => c.execution_count ?? null)).toEqual([null, 1, 2, null]);
    const error = executed.cells[2].outputs.find((o: { output_type: string }) => o.output_type === "error");
    expect(error.ename).toBe("SyntaxError");
    expect(error.traceback.join("\n")).toMatch(/Cell In\[2\], line 2/);
    expect(executed.cells[3].outputs).toEqual([]);
    expect(executed.metadata.language_info.name).toBe("typescript");
  }, 90_000);
});
