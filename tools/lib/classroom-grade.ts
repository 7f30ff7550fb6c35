/**
 * The autograder: a submission is graded on the instructor's test cells (hidden tests included),
 * one part per graded cell; a part scores its points when its cell runs without error.
 */
import * as fs from "fs";
import * as path from "path";
import { Notebook, assembleForGrading, meta, readNotebook, sourceText, validateInstructor } from "./classroom-notebook";
import { GradingRun, runForGrading } from "./classroom-execute";
import { PROJECT_ROOT } from "./execute";

export interface PartResult {
  gradeId: string;
  cellIndex: number;
  points: number;
  maxPoints: number;
  status: "passed" | "failed" | "timeout" | "not run";
  error?: string;
}

export interface CellError {
  cellIndex: number;
  gradeId?: string;
  firstLine: string;
  message: string;
}

export interface GradeReport {
  student: string;
  submission: string;
  source: string;
  total: number;
  maxTotal: number;
  parts: PartResult[];
  errors: CellError[];
  durationMs: number;
  gradedNotebook: string;
  runnerError?: string;
}

export interface GradeOptions {
  /** The instructor notebook; default `notebooks/<same file name>`. */
  sourcePath?: string;
  outDir: string;
  cellTimeoutSec: number;
  kernelName?: string;
  student?: string;
}

/** The instructor notebook a submission answers: `--source`, else the notebook of the same name in notebooks/. */
export function findSource(submission: string, sourcePath?: string): string {
  if (sourcePath) {
    if (!fs.existsSync(sourcePath)) throw new Error(`grade: parameter '--source' must be an existing instructor notebook, got ${sourcePath}`);
    return sourcePath;
  }
  const candidate = path.join(PROJECT_ROOT, "notebooks", path.basename(submission));
  if (!fs.existsSync(candidate)) {
    throw new Error(`grade: no instructor notebook notebooks/${path.basename(submission)} for ${submission}; pass --source <instructor.ipynb>`);
  }
  return candidate;
}

const firstLine = (text: string) => text.split("\n").find((l) => l.trim() !== "")?.trim() ?? "";
const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_");

export async function gradeSubmission(submissionPath: string, options: GradeOptions): Promise<GradeReport> {
  const source = findSource(submissionPath, options.sourcePath);
  const instructor = readNotebook(source);
  const maxPoints = validateInstructor(instructor, source);
  const student = options.student ?? path.basename(submissionPath, ".ipynb");
  const stem = `${safe(student)}__${safe(path.basename(submissionPath, ".ipynb"))}`;
  fs.mkdirSync(options.outDir, { recursive: true });
  const assembledPath = path.join(options.outDir, `${stem}.assembled.ipynb`);
  const gradedPath = path.join(options.outDir, `${stem}.graded.ipynb`);

  let assembled: Notebook;
  let readError: string | undefined;
  try {
    assembled = assembleForGrading(instructor, readNotebook(submissionPath), source);
  } catch (e) {
    // An unreadable submission is graded as an empty one: every part scores 0, with the reason.
    readError = (e as Error).message;
    assembled = assembleForGrading(instructor, { ...instructor, cells: [] }, source);
  }
  fs.writeFileSync(assembledPath, JSON.stringify(assembled, null, 1));
  // Nothing of the student's would run: no kernel needed to know every part scores 0.
  const run: GradingRun = readError
    ? { cells: [], durationMs: 0 }
    : await runForGrading(assembledPath, { outputPath: gradedPath, cellTimeoutSec: options.cellTimeoutSec, kernelName: options.kernelName });
  if (readError) fs.copyFileSync(assembledPath, gradedPath);
  fs.rmSync(assembledPath, { force: true });

  const byIndex = new Map(run.cells.map((c) => [c.index, c]));
  const parts: PartResult[] = [];
  const errors: CellError[] = [];
  assembled.cells.forEach((cell, index) => {
    const m = meta(cell);
    const r = byIndex.get(index);
    if (r && r.status !== "ok") {
      errors.push({ cellIndex: index, gradeId: m?.grade_id, firstLine: firstLine(sourceText(cell)), message: `${r.ename}: ${r.evalue}` });
    }
    if (!m?.grade_id || !maxPoints.has(m.grade_id)) return;
    const max = maxPoints.get(m.grade_id)!;
    if (!r) {
      parts.push({ gradeId: m.grade_id, cellIndex: index, points: 0, maxPoints: max, status: "not run", error: readError ? "the submission could not be read (see runnerError)" : run.runnerError ? "the grading run failed (see runnerError)" : "the cell was not executed" });
    } else if (r.status === "ok") {
      parts.push({ gradeId: m.grade_id, cellIndex: index, points: max, maxPoints: max, status: "passed" });
    } else {
      const infra = /rebuildTimer/.test(r.evalue ?? "") ? " [the kernel's compiler failed, not the submission: regrade it]" : "";
      parts.push({ gradeId: m.grade_id, cellIndex: index, points: 0, maxPoints: max, status: r.status === "timeout" ? "timeout" : "failed", error: `${r.ename}: ${r.evalue}${infra}` });
    }
  });
  const report: GradeReport = {
    student,
    submission: submissionPath,
    source,
    total: parts.reduce((s, p) => s + p.points, 0),
    maxTotal: parts.reduce((s, p) => s + p.maxPoints, 0),
    parts,
    errors,
    durationMs: Math.round(run.durationMs),
    gradedNotebook: gradedPath,
  };
  const problem = run.runnerError ?? (readError ? `unreadable submission: ${readError}` : undefined);
  if (problem) report.runnerError = problem;
  fs.writeFileSync(path.join(options.outDir, `${stem}.json`), JSON.stringify(report, null, 2) + "\n");
  return report;
}

/** A few readable lines: total, then one line per part with the first line of its error. */
export function summarize(report: GradeReport): string {
  const lines = [`${report.student} — ${path.basename(report.submission)}: ${report.total}/${report.maxTotal} points (${(report.durationMs / 1000).toFixed(1)} s)`];
  if (report.runnerError) lines.push(`  ! ${report.runnerError}`);
  for (const p of report.parts) {
    const mark = p.status === "passed" ? "✔" : "✘";
    const why = p.error ? `  — ${p.error.split("\n").find((l) => l.trim()) ?? ""}` : "";
    lines.push(`  ${mark} ${p.gradeId}: ${p.points}/${p.maxPoints} ${p.status}${why}`);
  }
  return lines.join("\n");
}

const csvField = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/** One row per submission, one column per grade_id (in first-seen order), then total and max. */
export function gradebookCsv(reports: GradeReport[]): string {
  const ids: string[] = [];
  for (const r of reports) for (const p of r.parts) if (!ids.includes(p.gradeId)) ids.push(p.gradeId);
  const header = ["student", "notebook", ...ids, "total", "max", "errors"];
  const rows = reports.map((r) => {
    const pts = new Map(r.parts.map((p) => [p.gradeId, p.points]));
    return [r.student, path.basename(r.submission), ...ids.map((id) => pts.get(id) ?? ""), r.total, r.maxTotal, r.errors.length];
  });
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\n") + "\n";
}

/** Submissions in a folder: `<folder>/*.ipynb` (student = file name) and `<folder>/<student>/**.ipynb`. */
export function findSubmissions(folder: string): { student: string; file: string }[] {
  const found: { student: string; file: string }[] = [];
  const walk = (dir: string, student: string | undefined) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith(".")) walk(full, student ?? entry.name);
      else if (entry.isFile() && entry.name.endsWith(".ipynb") && !entry.name.includes(".graded.")) {
        found.push({ student: student ?? path.basename(entry.name, ".ipynb"), file: full });
      }
    }
  };
  walk(folder, undefined);
  return found;
}
