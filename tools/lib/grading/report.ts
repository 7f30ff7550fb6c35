/**
 * A submission's grade from the sandbox's step results: points per part from the instructor's plan,
 * what failed and why, forbidden attempts; and the student's feedback page (HTML) with each check's
 * verdict and hint, where a failed hidden test shows its hint but not its inputs or expected values.
 */
import type { InstructorPlan, SubmissionPlan } from "./plan";
import type { SandboxRun } from "./runner";
import type { StepResult } from "./sandbox";

export interface PartResult {
  gradeId: string;
  cellIndex: number;
  points: number;
  maxPoints: number;
  status: "passed" | "failed" | "timeout" | "not run";
  /** What the student may see (a hidden test's inputs and expected values withheld). */
  error?: string;
  /** True when the visible checks passed and a hidden test failed. */
  hiddenFailed?: boolean;
  /** The full message, for the instructor only (never in the feedback page). */
  instructorDetail?: string;
  /** The check's own printed lines (its verdicts). */
  output?: string;
}

export interface CellError {
  label: string;
  message: string;
}

export interface GradeReport {
  student: string;
  submission: string;
  source: string;
  total: number;
  maxTotal: number;
  parts: PartResult[];
  /** The submission's own cells that failed (a mistake there usually explains a failed part). */
  errors: CellError[];
  /** Things the submission tried that grading does not allow (all failed). */
  forbidden: string[];
  /** Solution cells the submission did not have (graded as the stub). */
  missing: string[];
  durationMs: number;
  peakRssMb?: number;
  /** Why grading stopped early (a limit), if it did; parts not reached score 0. */
  stopped?: string;
  /** The grader could not grade this submission (unreadable file, sandbox failure). */
  runnerError?: string;
  feedback?: string;
}

const HINT = /^\s*hint:/;

/** A hidden test's failure as the student sees it: the verdict's first line and its hint. */
export function redactHidden(message: string): string {
  const lines = message.split("\n");
  const first = lines[0].replace(/ — case \d+ of \d+ \(hidden\)/, " — a hidden test");
  const hint = lines.find((l) => HINT.test(l))?.trim().replace(/ on this input\.$/, ".");
  // The problem line stays when it shows no expected value (e.g. "result should have length 7, got length 4").
  const problem = lines.find((l) => /^\s*problem:/.test(l) && !/expected/.test(l))?.trim();
  return [first, ...(problem ? [problem] : []), hint ?? "hint: your function passes the visible cases; try edge cases (zeros, larger and smaller scales, longer vectors)."]
    .concat("(the inputs and expected values of hidden tests are not shown)")
    .join("\n");
}

export function buildReport(
  base: { student: string; submission: string; source: string },
  instructor: InstructorPlan,
  plan: SubmissionPlan,
  run: SandboxRun,
): GradeReport {
  const byIndex = new Map<number, StepResult>(run.results.map((r) => [r.index, r]));
  const forbidden = new Set<string>();
  const errors: CellError[] = [];
  const parts: PartResult[] = [];
  plan.steps.forEach((step, index) => {
    const r = byIndex.get(index);
    r?.forbidden.forEach((f) => forbidden.add(f));
    if (step.kind === "student") {
      if (r && r.kind === "student" && !r.ok) errors.push({ label: plan.labels[index], message: r.error ?? "failed" });
      return;
    }
    const info = instructor.parts.find((p) => p.gradeId === step.gradeId)!;
    const part: PartResult = { gradeId: step.gradeId, cellIndex: info.cellIndex, points: 0, maxPoints: info.points, status: "not run" };
    if (!r || r.kind !== "check") {
      part.error = run.stopped ? `not run: ${run.stopped}` : run.crash ? "not run: the grader failed (see runnerError)" : "not run";
    } else {
      part.status = r.status;
      part.output = r.output || undefined;
      if (r.status === "passed") part.points = info.points;
      else {
        part.instructorDetail = r.message;
        part.hiddenFailed = r.hiddenFailed || undefined;
        part.error = r.hiddenFailed ? redactHidden(r.message ?? "") : r.message;
      }
    }
    parts.push(part);
  });
  const report: GradeReport = {
    ...base,
    total: parts.reduce((s, p) => s + p.points, 0),
    maxTotal: parts.reduce((s, p) => s + p.maxPoints, 0),
    parts,
    errors,
    forbidden: [...forbidden],
    missing: plan.missing,
    durationMs: run.durationMs,
    peakRssMb: run.peakRssMb,
  };
  if (run.stopped) report.stopped = run.stopped;
  if (run.crash) report.runnerError = run.crash;
  return report;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The student's feedback page. */
export function feedbackHtml(report: GradeReport, instructor: InstructorPlan, notebookName: string): string {
  const part = (p: PartResult) => {
    const info = instructor.parts.find((x) => x.gradeId === p.gradeId);
    const ok = p.status === "passed";
    const output = p.output ? `<pre class="out">${esc(p.output.trim())}</pre>` : "";
    const error = p.error ? `<pre class="err">${esc(p.error)}</pre>` : "";
    return `<section class="${ok ? "pass" : "fail"}"><h2>${ok ? "✔" : "✘"} ${esc(p.gradeId)} — ${p.points}/${p.maxPoints} (${esc(p.status)})</h2>
<details><summary>the check cell</summary><pre class="src">${esc(info?.shownSource ?? "")}</pre></details>${output}${error}</section>`;
  };
  const list = (title: string, items: string[]) => (items.length ? `<h3>${title}</h3><ul>${items.map((i) => `<li><pre>${esc(i)}</pre></li>`).join("")}</ul>` : "");
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(report.student)} — ${esc(notebookName)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}section{border-left:4px solid #aaa;padding:.2rem 1rem;margin:1rem 0}
.pass{border-color:#2a8a3a}.fail{border-color:#c0392b}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem;border-radius:4px}.err{background:#fdecea}h2{font-size:1.05rem}</style></head><body>
<h1>${esc(notebookName)}: ${report.total}/${report.maxTotal} points</h1>
<p>${esc(report.student)} · graded with the instructor's checks${report.parts.some((p) => p.hiddenFailed) ? " (hidden tests' inputs are not shown)" : ""}.</p>
${report.stopped ? `<p class="err"><b>Grading stopped early:</b> ${esc(report.stopped)}. Parts not reached score 0.</p>` : ""}
${report.runnerError ? `<p class="err"><b>The grader could not finish:</b> ${esc(report.runnerError)}</p>` : ""}
${report.parts.map(part).join("\n")}
${list("Errors in your cells", report.errors.map((e) => `${e.label}: ${e.message}`))}
${list("Not allowed while grading (these attempts failed)", report.forbidden)}
${list("Solution cells missing from your notebook (graded as the empty stub)", report.missing)}
</body></html>
`;
}
