/**
 * Notebook transforms for the classroom (nbgrader conventions, see src/check/README.md):
 * the student edition (solutions stubbed, hidden tests removed) and the graded notebook
 * (the instructor's locked cells, with the student's answers put in by grade_id).
 */
import * as fs from "fs";

export interface Cell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  metadata: Record<string, unknown> & { nbgrader?: NbgraderMeta };
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
  attachments?: unknown;
}

export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

export interface NbgraderMeta {
  grade?: boolean;
  solution?: boolean;
  locked?: boolean;
  task?: boolean;
  grade_id?: string;
  points?: number;
  schema_version?: number;
  [key: string]: unknown;
}

export const CODE_STUB = ["// YOUR CODE HERE", 'throw new Error("not implemented");'];
export const TEXT_STUB = ["YOUR ANSWER HERE"];
const BEGIN_SOLUTION = "BEGIN SOLUTION";
const END_SOLUTION = "END SOLUTION";
const BEGIN_HIDDEN = "BEGIN HIDDEN TESTS";
const END_HIDDEN = "END HIDDEN TESTS";

export function readNotebook(file: string): Notebook {
  let nb: Notebook;
  try {
    // A byte-order mark (some editors and browsers save one) is not JSON.
    nb = JSON.parse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "")) as Notebook;
  } catch (e) {
    throw new Error(`readNotebook: parameter 'file' must be a readable .ipynb (JSON) file, got ${file}: ${(e as Error).message}`);
  }
  if (!nb || !Array.isArray(nb.cells)) throw new Error(`readNotebook: parameter 'file' must be an nbformat 4 notebook with 'cells', got ${file}`);
  // Savers differ (Jupyter, the browser edition, editors): cells may lack metadata, or hold text as a string or lines.
  nb.cells = nb.cells.filter((c) => c !== null && typeof c === "object");
  for (const c of nb.cells) {
    if (c.metadata === null || typeof c.metadata !== "object" || Array.isArray(c.metadata)) c.metadata = {};
    if (typeof c.source !== "string" && !(Array.isArray(c.source) && c.source.every((l) => typeof l === "string"))) c.source = "";
  }
  if (nb.metadata === null || typeof nb.metadata !== "object") nb.metadata = {};
  return nb;
}

export const sourceText = (cell: Cell): string => (Array.isArray(cell.source) ? cell.source.join("") : cell.source ?? "");

export function toSourceLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? l + "\n" : l)).filter((l, i, a) => !(i === a.length - 1 && l === ""));
}

export const meta = (cell: Cell): NbgraderMeta | undefined => cell.metadata?.nbgrader;
export const isSolution = (cell: Cell): boolean => meta(cell)?.solution === true;
export const isGraded = (cell: Cell): boolean => meta(cell)?.grade === true;
/** Locked and graded-test cells belong to the instructor: the grader always uses the instructor's text. */
export const isInstructorOwned = (cell: Cell): boolean => {
  const m = meta(cell);
  return !!m && !m.solution && (m.locked === true || m.grade === true);
};

/**
 * Replaces every `BEGIN … END` region (marker lines included) with `stub` at the marker's
 * indentation; `stub` null deletes the region. Throws on unbalanced markers.
 */
export function replaceRegions(text: string, begin: string, end: string, stub: string[] | null, where: string): string {
  const out: string[] = [];
  let inside = false;
  text.split("\n").forEach((line, i) => {
    if (line.includes(begin)) {
      if (inside) throw new Error(`${where}: line ${i + 1}: '${begin}' inside another '${begin}' region`);
      inside = true;
      const indent = /^\s*/.exec(line)![0];
      if (stub) out.push(...stub.map((s) => indent + s));
    } else if (line.includes(end)) {
      if (!inside) throw new Error(`${where}: line ${i + 1}: '${end}' without '${begin}'`);
      inside = false;
    } else if (!inside) out.push(line);
  });
  if (inside) throw new Error(`${where}: '${begin}' is never closed by '${end}'`);
  return out.join("\n");
}

/** Checks the nbgrader metadata the tools rely on; returns the grade cells' points by grade_id. */
export function validateInstructor(nb: Notebook, name: string): Map<string, number> {
  const seen = new Set<string>();
  const points = new Map<string, number>();
  nb.cells.forEach((cell, i) => {
    const m = meta(cell);
    const where = `${name}: cell ${i}`;
    // as nbgrader's enforce_metadata: a solution outside a solution cell would reach students
    if (!m?.solution && sourceText(cell).includes(BEGIN_SOLUTION)) {
      throw new Error(`${where}: a '${BEGIN_SOLUTION}' region must be in a cell with nbgrader metadata "solution": true`);
    }
    if (!m) return;
    if (typeof m.grade_id !== "string" || !/^[A-Za-z0-9_.-]+$/.test(m.grade_id)) {
      throw new Error(`${where}: nbgrader 'grade_id' must be letters, digits, '.', '_' or '-', got ${JSON.stringify(m.grade_id)}`);
    }
    if (seen.has(m.grade_id)) throw new Error(`${where}: nbgrader 'grade_id' must be unique, got a second '${m.grade_id}'`);
    seen.add(m.grade_id);
    if (m.schema_version !== 3) throw new Error(`${where}: nbgrader 'schema_version' must be 3, got ${JSON.stringify(m.schema_version)}`);
    if (m.grade) {
      if (typeof m.points !== "number" || !(m.points >= 0)) {
        throw new Error(`${where}: nbgrader 'points' must be a non-negative number on a graded cell, got ${JSON.stringify(m.points)}`);
      }
      if (!m.solution) points.set(m.grade_id, m.points);
    }
  });
  return points;
}

function clearOutputs(cell: Cell): void {
  if (cell.cell_type === "code") {
    cell.outputs = [];
    cell.execution_count = null;
  }
}

/** The student edition: stubs instead of solutions, no hidden tests, no outputs, locked cells marked. */
export function studentEdition(instructor: Notebook, name: string): Notebook {
  validateInstructor(instructor, name);
  const nb = JSON.parse(JSON.stringify(instructor)) as Notebook;
  nb.cells.forEach((cell, i) => {
    const where = `${name}: cell ${i}`;
    const stub = cell.cell_type === "code" ? CODE_STUB : TEXT_STUB;
    let text = isSolution(cell) ? stubbedSource(cell, where) : replaceRegions(sourceText(cell), BEGIN_SOLUTION, END_SOLUTION, stub, where);
    text = replaceRegions(text, BEGIN_HIDDEN, END_HIDDEN, null, where);
    cell.source = toSourceLines(text);
    clearOutputs(cell);
    if (isInstructorOwned(cell)) {
      cell.metadata.editable = false;
      cell.metadata.deletable = false;
    }
  });
  return nb;
}

/** What the student edition shows in a solution cell. */
function stubbedSource(cell: Cell, where: string): string {
  const stub = cell.cell_type === "code" ? CODE_STUB : TEXT_STUB;
  const text = sourceText(cell);
  return text.includes(BEGIN_SOLUTION) ? replaceRegions(text, BEGIN_SOLUTION, END_SOLUTION, stub, where) : stub.join("\n");
}

/** True when any text of the notebook still contains a solution or hidden-test marker. */
export function leaksInstructorText(nb: Notebook): boolean {
  return nb.cells.some((c) => [BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN, END_HIDDEN].some((m) => sourceText(c).includes(m)));
}

/**
 * The notebook that is executed for grading: the instructor's cells in the instructor's order,
 * each solution cell replaced by the submission's cell with the same grade_id (a stub if it is
 * missing), and cells the student added (no grade_id, unknown id) kept after the cell they followed.
 * Test cells, locked cells and hidden tests always come from the instructor.
 */
export function assembleForGrading(instructor: Notebook, submission: Notebook, name: string): Notebook {
  validateInstructor(instructor, name);
  const byGradeId = new Map<string, Cell>();
  const instructorIds = new Set(instructor.cells.map((c) => c.id).filter((x): x is string => !!x));
  const instructorGradeIds = new Set(instructor.cells.map((c) => meta(c)?.grade_id).filter((x): x is string => !!x));
  const added = new Map<string, Cell[]>(); // anchor key → cells the student inserted after it
  let anchor = "start";
  for (const cell of submission.cells) {
    const gid = meta(cell)?.grade_id;
    if (gid && instructorGradeIds.has(gid)) {
      if (!byGradeId.has(gid)) byGradeId.set(gid, cell);
      anchor = `g:${gid}`;
    } else if (cell.id && instructorIds.has(cell.id)) {
      anchor = `i:${cell.id}`;
    } else if (cell.cell_type === "code" && !gid) {
      const list = added.get(anchor) ?? [];
      list.push(cell);
      added.set(anchor, list);
    }
  }
  const cells: Cell[] = [...(added.get("start") ?? [])];
  for (const cell of instructor.cells) {
    const m = meta(cell);
    let chosen: Cell = cell;
    if (m?.solution && m.grade_id) {
      const student = byGradeId.get(m.grade_id);
      chosen = {
        ...cell,
        source: student ? sourceText(student) : stubbedSource(cell, name),
      };
    }
    cells.push(JSON.parse(JSON.stringify(chosen)) as Cell);
    const key = m?.grade_id ? `g:${m.grade_id}` : `i:${cell.id}`;
    cells.push(...(added.get(key) ?? []).map((c) => JSON.parse(JSON.stringify(c)) as Cell));
  }
  for (const c of cells) clearOutputs(c);
  return { ...instructor, cells };
}
