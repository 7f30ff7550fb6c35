/**
 * What runs when a submission is graded (grader side, trusted), decided from the INSTRUCTOR's
 * notebook: which cells are graded, their points, the check cells with their hidden tests, and the
 * import lines that bind `d`. From the submission only the source of code cells is taken: the solution
 * cells (matched by grade_id) and code cells the student added; its outputs, metadata, points and
 * check cells are ignored.
 *
 * What of the submission runs, in the instructor's order: the instructor's import lines (so `d` means
 * what it means in the notebook), then each solution cell, each followed by the code cells the student
 * added after it. The instructor's other cells (demos, plots, training runs) do not run: a solution
 * may use helpers from its own cell, from any earlier solution cell or cell the student added, and
 * the library's pure parts (`d.secondOrder`, `d.check`, …; not tfjs, plots or files) — see
 * src/check/README.md: demos must not need a solution.
 */
import { Cell, Notebook, meta, replaceRegions, sourceText, studentEdition, validateInstructor } from "../classroom-notebook";
import { CompiledCell, compileCell } from "./compile";
import type { Step } from "./sandbox";

export interface ExerciseInfo {
  gradeId: string;
  cellIndex: number;
  points: number;
  /** The check cell as students see it (hidden tests removed), for feedback. */
  shownSource: string;
}

export interface InstructorPlan {
  name: string;
  parts: ExerciseInfo[];
  /** Instructor cells in order, as the grading steps they become. */
  layout: LayoutEntry[];
  /** `var d = …` lines from the instructor's import cells. */
  prologue: string;
  /** Normalized sources of the student edition's non-solution cells (to tell added cells apart). */
  knownSources: Set<string>;
  solutionIds: Set<string>;
  stubs: Map<string, string>;
}

type LayoutEntry =
  | { kind: "solution"; gradeId: string; cellIndex: number }
  | { kind: "check"; gradeId: string; cellIndex: number; visible: string; hidden?: string; needs: string[] }
  | { kind: "other"; cellIndex: number; gradeId?: string; id?: string; source: string };

const BEGIN_HIDDEN = "BEGIN HIDDEN TESTS";
const END_HIDDEN = "END HIDDEN TESTS";

export const normalize = (s: string) =>
  s.replace(/\r\n?/g, "\n").split("\n").map((l) => l.trimEnd()).join("\n").trim();

/** The lines inside hidden-test regions (markers excluded). */
function hiddenRegion(text: string): string {
  const out: string[] = [];
  let inside = false;
  for (const line of text.split("\n")) {
    if (line.includes(BEGIN_HIDDEN)) inside = true;
    else if (line.includes(END_HIDDEN)) inside = false;
    else out.push(inside ? line : "");
  }
  return out.join("\n");
}

function mustCompile(source: string, where: string): string {
  const c = compileCell(source);
  if (!c.js) throw new Error(`grade: ${where} of the instructor notebook does not compile: ${c.problem}`);
  return c.js;
}

export function instructorPlan(instructor: Notebook, name: string): InstructorPlan {
  const points = validateInstructor(instructor, name);
  const student = studentEdition(instructor, name);
  const prologueLines: string[] = [];
  const solutionNames = new Set<string>();
  const solutionIds = new Set<string>();
  const stubs = new Map<string, string>();
  instructor.cells.forEach((cell, i) => {
    const m = meta(cell);
    if (cell.cell_type !== "code") return;
    const compiled = compileCell(sourceText(cell));
    if (m?.solution && m.grade_id) {
      solutionIds.add(m.grade_id);
      stubs.set(m.grade_id, sourceText(student.cells[i]));
      compiled.declares.forEach((n) => solutionNames.add(n));
    } else if (!m?.grade) {
      if (compiled.prologue) prologueLines.push(compiled.prologue);
    }
  });
  const prologue = prologueLines.join(" ");
  const layout: LayoutEntry[] = [];
  const parts: ExerciseInfo[] = [];
  const knownSources = new Set<string>();
  instructor.cells.forEach((cell, cellIndex) => {
    const m = meta(cell);
    const text = sourceText(cell);
    if (m?.solution && m.grade_id && cell.cell_type === "code") {
      layout.push({ kind: "solution", gradeId: m.grade_id, cellIndex });
    } else if (m?.grade && !m.solution && m.grade_id && points.has(m.grade_id) && cell.cell_type === "code") {
      const where = `${name}: check cell ${m.grade_id}`;
      const visibleText = replaceRegions(text, BEGIN_HIDDEN, END_HIDDEN, null, where);
      const hiddenText = text.includes(BEGIN_HIDDEN) ? hiddenRegion(text) : undefined;
      const needs = [...solutionNames].filter((n) => new RegExp(`\\b${n}\\b`).test(text));
      layout.push({
        kind: "check",
        gradeId: m.grade_id,
        cellIndex,
        visible: `"use strict"; ${prologue} ${mustCompile(visibleText, where)}`,
        hidden: hiddenText && hiddenText.trim() ? `"use strict"; ${prologue} ${mustCompile(hiddenText, where)}` : undefined,
        needs,
      });
      parts.push({ gradeId: m.grade_id, cellIndex, points: points.get(m.grade_id)!, shownSource: visibleText.trim() });
      knownSources.add(normalize(visibleText));
    } else {
      layout.push({ kind: "other", cellIndex, gradeId: m?.grade_id, id: cell.id, source: text });
      knownSources.add(normalize(sourceText(student.cells[cellIndex])));
      knownSources.add(normalize(text));
    }
  });
  return { name, parts, layout, prologue, knownSources, solutionIds, stubs };
}

export interface SubmissionPlan {
  steps: Step[];
  /** For each step: what it is, in words (cell labels in reports). */
  labels: string[];
  /** Solution grade_ids the submission did not contain (graded as the stub). */
  missing: string[];
}

/** The grading steps for one submission. */
export function submissionPlan(plan: InstructorPlan, submission: Notebook): SubmissionPlan {
  const solutions = new Map<string, string>();
  const byId = new Map<string, number>();
  plan.layout.forEach((e, k) => {
    if (e.kind === "solution" || e.kind === "check") byId.set(`g:${e.gradeId}`, k);
    else {
      if (e.gradeId) byId.set(`g:${e.gradeId}`, k);
      if (e.id) byId.set(`i:${e.id}`, k);
    }
  });
  const added = new Map<number, string[]>(); // layout position → cells added after it (-1: before all)
  let anchor = -1;
  for (const cell of submission.cells) {
    if (!cell || typeof cell !== "object") continue;
    const text = sourceText(cell as Cell);
    const gid = meta(cell as Cell)?.grade_id;
    const known = typeof gid === "string" ? byId.get(`g:${gid}`) : undefined;
    if (known !== undefined) {
      anchor = known;
      if (plan.solutionIds.has(gid!) && cell.cell_type === "code" && !solutions.has(gid!)) solutions.set(gid!, text);
      continue;
    }
    const byCellId = typeof cell.id === "string" ? byId.get(`i:${cell.id}`) : undefined;
    if (byCellId !== undefined && normalize(text) === normalize((plan.layout[byCellId] as { source: string }).source)) {
      anchor = byCellId;
      continue;
    }
    if (cell.cell_type !== "code" || plan.knownSources.has(normalize(text)) || normalize(text) === "") continue;
    const list = added.get(anchor) ?? [];
    list.push(text);
    added.set(anchor, list);
  }
  const steps: Step[] = [];
  const labels: string[] = [];
  const studentStep = (source: string, label: string) => {
    const c: CompiledCell = compileCell(source);
    steps.push({ kind: "student", label, js: c.js, problem: c.problem, forbidden: c.forbidden });
    labels.push(label);
  };
  if (plan.prologue) {
    steps.push({ kind: "student", label: "imports", js: plan.prologue });
    labels.push("the notebook's imports");
  }
  const addedAfter = (k: number) => (added.get(k) ?? []).forEach((src, j) => studentStep(src, `a cell you added (after cell ${k < 0 ? 0 : plan.layout[k].cellIndex}, #${j + 1})`));
  addedAfter(-1);
  const missing: string[] = [];
  plan.layout.forEach((e, k) => {
    if (e.kind === "solution") {
      const src = solutions.get(e.gradeId);
      if (src === undefined) missing.push(e.gradeId);
      studentStep(src ?? plan.stubs.get(e.gradeId) ?? "", `solution cell ${e.gradeId}`);
    } else if (e.kind === "check") {
      steps.push({ kind: "check", gradeId: e.gradeId, visible: e.visible, hidden: e.hidden, needs: e.needs });
      labels.push(`check cell ${e.gradeId}`);
    }
    addedAfter(k);
  });
  return { steps, labels, missing };
}
