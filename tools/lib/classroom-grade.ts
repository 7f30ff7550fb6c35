/**
 * The autograder: each submission is graded in its own sandbox process (tools/lib/grading/), several
 * at a time, on the instructor's check cells (hidden tests included); a part scores its points when
 * its check cell runs without error. Writes per submission `<student>__<notebook>.json` (the
 * instructor's record) and `.feedback.html` (for the student), and for a class `gradebook.csv` and
 * `report.json`. See docs/nbgrader.md.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Notebook, readNotebook } from "./classroom-notebook";
import { PROJECT_ROOT } from "./execute";
import { libraryBundle } from "./grading/bundle";
import { IMPORT_FUNCTION } from "./grading/compile";
import { InstructorPlan, instructorPlan, submissionPlan } from "./grading/plan";
import { GradeReport, buildReport, feedbackHtml } from "./grading/report";
import { DEFAULT_LIMITS, Limits, SandboxProcess, isolation } from "./grading/runner";
import type { RealmConfig } from "./grading/sandbox";

export type { GradeReport, PartResult, CellError } from "./grading/report";
export { DEFAULT_LIMITS } from "./grading/runner";
export type { Limits } from "./grading/runner";

export interface GradeOptions extends Partial<Limits> {
  /** The instructor notebook; default `notebooks/<same file name>`. */
  sourcePath?: string;
  outDir: string;
  /** Submissions graded at the same time (default: the number of cores). */
  jobs?: number;
  student?: string;
}

/** Names of the host platform that a submission's code finds fenced off (an attempt is reported). */
const FORBIDDEN_NAMES = ["require", "process", "module", "Buffer", "fetch", "XMLHttpRequest", "WebSocket", "__dirname", "__filename", "Deno", "Bun"];

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

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_");

function limitsOf(o: Partial<Limits>): Limits {
  const l = { ...DEFAULT_LIMITS };
  for (const k of Object.keys(l) as (keyof Limits)[]) if (o[k] !== undefined) l[k] = o[k]!;
  return l;
}

function realmConfig(forbidden: string[], outputKb: number): RealmConfig {
  const bundle = libraryBundle();
  const runKey = `__descent_run_${Math.random().toString(36).slice(2)}`;
  return { outputLimit: outputKb * 1024, forbidden, namespace: bundle.namespace, named: bundle.named, stars: bundle.stars, entries: bundle.entries, importFunction: IMPORT_FUNCTION, runKey };
}

const plans = new Map<string, InstructorPlan>();
function planFor(source: string): InstructorPlan {
  let plan = plans.get(source);
  if (!plan) plans.set(source, (plan = instructorPlan(readNotebook(source), source)));
  return plan;
}

/**
 * Grades one submission file in `sandbox` (default: a process of its own) and writes its JSON record
 * and feedback page.
 */
export async function gradeOne(file: string, student: string, options: GradeOptions, sandbox?: SandboxProcess): Promise<GradeReport> {
  const source = findSource(file, options.sourcePath);
  const instructor = planFor(source);
  const limits = limitsOf(options);
  const base = { student, submission: file, source };
  let submission: Notebook;
  let readError: string | undefined;
  try {
    submission = readNotebook(file);
  } catch (e) {
    // An unreadable submission is graded as an empty one: every part scores 0, with the reason.
    readError = (e as Error).message;
    submission = { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 };
  }
  const plan = submissionPlan(instructor, submission);
  const own = readError || sandbox ? undefined : new SandboxProcess(limits, libraryBundle().modules, 1);
  const run = readError
    ? { results: [], durationMs: 0, peakRssMb: 0 }
    : await (sandbox ?? own)!
        .run({
          steps: plan.steps,
          studentConfig: realmConfig(FORBIDDEN_NAMES, limits.outputKb),
          checkConfig: realmConfig([], limits.outputKb),
          cellTimeoutMs: Math.round(limits.cellTimeoutSec * 1000),
          heapMb: limits.heapMb,
        })
        .finally(() => own?.close());
  const report = buildReport(base, instructor, plan, run);
  if (readError) report.runnerError = `unreadable submission: ${readError}`;
  fs.mkdirSync(options.outDir, { recursive: true });
  const stem = `${safe(student)}__${safe(path.basename(file, ".ipynb"))}`;
  report.feedback = path.join(options.outDir, `${stem}.feedback.html`);
  fs.writeFileSync(report.feedback, feedbackHtml(report, instructor, path.basename(file)));
  fs.writeFileSync(path.join(options.outDir, `${stem}.json`), JSON.stringify(report, null, 2) + "\n");
  return report;
}

/** One submission (kept for callers of the former API). */
export function gradeSubmission(file: string, options: GradeOptions): Promise<GradeReport> {
  return gradeOne(file, options.student ?? path.basename(file, ".ipynb"), options);
}

export interface ClassResult {
  reports: GradeReport[];
  failed: { student: string; file: string; error: string }[];
  durationMs: number;
  jobs: number;
  isolation: string;
}

/**
 * Grades many submissions, `jobs` at a time; `onReport` is called as each finishes (in finishing
 * order). Writes gradebook.csv and report.json in `outDir`.
 */
export async function gradeClass(
  submissions: { student: string; file: string }[],
  options: GradeOptions,
  onReport?: (r: GradeReport, done: number, total: number) => void,
): Promise<ClassResult> {
  const started = Date.now();
  const jobs = Math.max(1, Math.min(options.jobs ?? os.availableParallelism?.() ?? os.cpus().length, submissions.length || 1));
  const reports: (GradeReport | undefined)[] = new Array(submissions.length);
  const failed: ClassResult["failed"] = [];
  let next = 0;
  let done = 0;
  const limits = limitsOf(options);
  const worker = async () => {
    let sandbox: SandboxProcess | undefined;
    for (;;) {
      const k = next++;
      if (k >= submissions.length) {
        sandbox?.close();
        return;
      }
      const s = submissions[k];
      if (!sandbox?.reusable) sandbox = new SandboxProcess(limits, libraryBundle().modules);
      try {
        reports[k] = await gradeOne(s.file, s.student, options, sandbox);
        done++;
        onReport?.(reports[k]!, done, submissions.length);
      } catch (e) {
        done++;
        failed.push({ ...s, error: (e as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  const graded = reports.filter((r): r is GradeReport => r !== undefined);
  fs.mkdirSync(options.outDir, { recursive: true });
  fs.writeFileSync(path.join(options.outDir, "gradebook.csv"), gradebookCsv(graded));
  fs.writeFileSync(path.join(options.outDir, "report.json"), JSON.stringify({ isolation: isolation().summary, reports: graded, failed }, null, 2) + "\n");
  return { reports: graded, failed, durationMs: Date.now() - started, jobs, isolation: isolation().summary };
}

/** A few readable lines: total, then one line per part with the first line of its error. */
export function summarize(report: GradeReport): string {
  const lines = [`${report.student} — ${path.basename(report.submission)}: ${report.total}/${report.maxTotal} points (${(report.durationMs / 1000).toFixed(1)} s)`];
  if (report.runnerError) lines.push(`  ! ${report.runnerError}`);
  if (report.stopped) lines.push(`  ! stopped: ${report.stopped}`);
  if (report.forbidden.length) lines.push(`  ! tried what grading does not allow (and failed): ${report.forbidden.join(", ")}`);
  for (const p of report.parts) {
    const mark = p.status === "passed" ? "✔" : "✘";
    const why = p.error ? `  — ${p.error.split("\n").find((l) => l.trim()) ?? ""}` : "";
    lines.push(`  ${mark} ${p.gradeId}: ${p.points}/${p.maxPoints} ${p.status}${why}`);
  }
  return lines.join("\n");
}

const csvField = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/** One row per submission, one column per grade_id (in first-seen order), then total, max and flags. */
export function gradebookCsv(reports: GradeReport[]): string {
  const ids: string[] = [];
  for (const r of reports) for (const p of r.parts) if (!ids.includes(p.gradeId)) ids.push(p.gradeId);
  const header = ["student", "notebook", ...ids, "total", "max", "errors", "forbidden", "stopped"];
  const rows = reports.map((r) => {
    const pts = new Map(r.parts.map((p) => [p.gradeId, p.points]));
    return [r.student, path.basename(r.submission), ...ids.map((id) => pts.get(id) ?? ""), r.total, r.maxTotal, r.errors.length, r.forbidden.join("; "), r.stopped ?? r.runnerError ?? ""];
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
