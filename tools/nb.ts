/**
 * Notebook sources → .ipynb. Each notebook is authored as `notebooks/src/<name>.ts` in the "percent"
 * format (as jupytext writes it), so prose and code review as plain text:
 *
 *   // %% [markdown]
 *   // # A heading
 *   // Prose with $\LaTeX$.
 *   // %%
 *   const x = 1;
 *   // %% {"nbgrader": {"grade": false, "solution": true, "locked": false, "grade_id": "ex1"}}
 *
 * A marker may carry a JSON object: the cell's metadata. `npm run notebooks:sync` writes
 * `notebooks/<name>.ipynb` (no outputs, deterministic ids); a test checks both stay in sync.
 */
import * as fs from "fs";
import * as path from "path";
import * as crypto from "crypto";

export interface NotebookCell {
  cell_type: "markdown" | "code";
  id: string;
  metadata: Record<string, unknown>;
  source: string[];
  execution_count?: null;
  outputs?: unknown[];
}

const MARKER = /^\/\/ %%(?: \[(markdown|code)\])?\s*(\{.*\})?\s*$/;

/** Parses percent-format text into cells; throws naming the file and line on a malformed marker. */
export function parsePercent(text: string, file = "<input>"): NotebookCell[] {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const cells: { type: "markdown" | "code"; meta: Record<string, unknown>; lines: string[] }[] = [];
  lines.forEach((line, i) => {
    if (line.startsWith("// %%")) {
      const m = MARKER.exec(line);
      if (!m) throw new Error(`${file}:${i + 1}: malformed cell marker: ${line}`);
      let meta: Record<string, unknown> = {};
      if (m[2]) {
        try {
          meta = JSON.parse(m[2]);
        } catch (e) {
          throw new Error(`${file}:${i + 1}: cell metadata is not valid JSON: ${(e as Error).message}`);
        }
      }
      cells.push({ type: (m[1] as "markdown" | "code") ?? "code", meta, lines: [] });
    } else if (cells.length === 0) {
      if (line.trim() !== "") throw new Error(`${file}:${i + 1}: text before the first '// %%' marker`);
    } else {
      const cell = cells[cells.length - 1];
      if (cell.type === "markdown") {
        if (line.trim() !== "" && !line.startsWith("//")) {
          throw new Error(`${file}:${i + 1}: markdown lines must start with '//'`);
        }
        cell.lines.push(line.replace(/^\/\/ ?/, ""));
      } else cell.lines.push(line);
    }
  });
  const stem = path.basename(file).replace(/\.ts$/, "");
  return cells.map((c, k) => {
    while (c.lines.length && c.lines[c.lines.length - 1].trim() === "") c.lines.pop();
    while (c.lines.length && c.lines[0].trim() === "") c.lines.shift();
    const body = c.lines.join("\n");
    const id = crypto.createHash("sha1").update(`${stem}:${k}`).digest("hex").slice(0, 12);
    const source = body === "" ? [] : body.split("\n").map((l, i, a) => (i < a.length - 1 ? l + "\n" : l));
    const cell: NotebookCell = { cell_type: c.type, id, metadata: c.meta, source };
    if (c.type === "code") {
      cell.execution_count = null;
      cell.outputs = [];
    }
    return cell;
  });
}

/** A complete nbformat 4.5 notebook for the Descent kernel. */
export function toNotebook(cells: NotebookCell[]): object {
  return {
    cells,
    metadata: {
      kernelspec: { display_name: "TypeScript (Descent)", language: "typescript", name: "descent" },
      language_info: {
        name: "typescript",
        mimetype: "text/typescript",
        file_extension: ".ts",
        codemirror_mode: { name: "javascript", typescript: true },
      },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

export function renderNotebook(sourceFile: string): string {
  const cells = parsePercent(fs.readFileSync(sourceFile, "utf8"), sourceFile);
  return JSON.stringify(toNotebook(cells), null, 1) + "\n";
}

export const notebooksDir = path.resolve(__dirname, "../notebooks");

/** Every notebook source and the .ipynb it produces. */
export function notebookSources(): { source: string; target: string }[] {
  const dir = path.join(notebooksDir, "src");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => ({ source: path.join(dir, f), target: path.join(notebooksDir, f.replace(/\.ts$/, ".ipynb")) }));
}

if (require.main === module) {
  const only = process.argv.slice(2);
  for (const { source, target } of notebookSources()) {
    if (only.length && !only.some((o) => source.includes(o))) continue;
    const text = renderNotebook(source);
    const old = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
    if (old !== text) {
      fs.writeFileSync(target, text);
      console.log(`wrote ${path.relative(process.cwd(), target)}`);
    }
  }
}
