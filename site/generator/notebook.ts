/**
 * One notebook as the site shows it: the student edition's cells (stubs in solution cells, hidden tests
 * removed: tools/lib/classroom-notebook.ts, the same transform as `npm run assignments`), each code cell with
 * the outputs the kernel computed at build time and, for a solution cell, the instructor's answer
 * (shown only behind "show solution").
 */
import * as fs from "fs";
import * as path from "path";
import { Cell, Notebook, isSolution, readNotebook, sourceText, studentEdition } from "../../tools/lib/classroom-notebook";
import { NbOutput, stdoutOf } from "./outputs";

export interface SiteCodeCell {
  kind: "code";
  /** Position among the code cells (the page API's index). */
  index: number;
  /** Position among all cells. */
  cellNumber: number;
  id?: string;
  /** What the reader sees and runs first: the student edition's source. */
  source: string;
  /** The instructor's source, for solution cells. */
  solution?: string;
  /** True when the check cell lost a hidden-tests region (its build-time stdout is filtered to match). */
  hiddenRemoved: boolean;
  locked: boolean;
  gradeId?: string;
  outputs: NbOutput[];
}

export interface SiteMarkdownCell {
  kind: "markdown";
  cellNumber: number;
  source: string;
}

export type SiteCell = SiteCodeCell | SiteMarkdownCell;

export interface SiteNotebook {
  name: string;
  cells: SiteCell[];
  /** The student edition without outputs: what "Download notebook" fills with the reader's sources. */
  student: Notebook;
}

/**
 * The stdout lines a hidden test printed (`✔ check.x — 7/7 hidden cases pass (…)`, src/check/core.ts):
 * the site's check cells do not contain those tests, so their build-time output does not show them.
 */
export const HIDDEN_VERDICT = /^.*\bhidden cases pass\b.*\n?/gm;

function withoutHiddenVerdicts(outputs: NbOutput[]): NbOutput[] {
  return outputs.map((o) => {
    if (o.output_type !== "stream" || o.name === "stderr") return o;
    const text = Array.isArray(o.text) ? o.text.join("") : o.text ?? "";
    return { ...o, text: text.replace(HIDDEN_VERDICT, "") };
  }).filter((o) => o.output_type !== "stream" || (o.text as string) !== "");
}

/** The project's folder as the kernel saw it: outputs that name files under it are made relative (no machine paths on the site). */
const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

export function withoutMachinePaths<T>(value: T, root = PROJECT_ROOT): T {
  const json = JSON.stringify(value);
  const escaped = JSON.stringify(root).slice(1, -1);
  return JSON.parse(json.split(escaped + "/").join("").split(escaped).join(".")) as T;
}

/**
 * Reads `notebooks/<name>.ipynb` (the instructor's) and `build/executed/<name>.ipynb` (its outputs).
 * Throws when the executed copy is stale (its sources differ), naming the first differing cell.
 */
export function loadSiteNotebook(name: string, sourceFile: string, executedFile: string): SiteNotebook {
  const instructor = readNotebook(sourceFile);
  if (!fs.existsSync(executedFile)) throw new Error(`site: ${executedFile} is missing: run the notebooks first (npm run notebooks)`);
  const executed = readNotebook(executedFile);
  const stale = instructor.cells.findIndex((c, i) => !executed.cells[i] || sourceText(executed.cells[i]) !== sourceText(c));
  if (stale >= 0 || executed.cells.length !== instructor.cells.length) {
    throw new Error(`site: ${executedFile} is stale (cell ${stale} differs from notebooks/${name}.ipynb): run the notebooks again (npm run notebooks ${name})`);
  }
  const student = studentEdition(instructor, name);
  let codeIndex = 0;
  const cells = student.cells.map((cell: Cell, k): SiteCell => {
    const source = sourceText(cell);
    if (cell.cell_type !== "code") return { kind: "markdown", cellNumber: k, source };
    const original = instructor.cells[k];
    const nbgrader = original.metadata?.nbgrader;
    const hiddenRemoved = sourceText(original).includes("BEGIN HIDDEN TESTS");
    const outputs = withoutMachinePaths((executed.cells[k].outputs ?? []) as NbOutput[]);
    return {
      kind: "code",
      index: codeIndex++,
      cellNumber: k,
      id: cell.id,
      source,
      solution: isSolution(original) ? sourceText(original) : undefined,
      hiddenRemoved,
      locked: cell.metadata.editable === false,
      gradeId: nbgrader?.grade_id,
      outputs: hiddenRemoved ? withoutHiddenVerdicts(outputs) : outputs,
    };
  });
  return { name, cells, student };
}

/** Each code cell's build-time stdout, in page-API order (what a wasm Run all must reproduce). */
export function expectedStdout(nb: SiteNotebook): string[] {
  return nb.cells.filter((c): c is SiteCodeCell => c.kind === "code").map((c) => stdoutOf(c.outputs));
}
