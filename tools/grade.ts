/**
 * `npm run grade -- <submission.ipynb | folder> [--source instructor.ipynb] [--out dir] [--jobs n]
 *   [--timeout s] [--submission-timeout s] [--memory MB] [--heap MB] [--output KB]`
 * Grades each submission in its own sandbox process (tools/lib/grading/), several at a time, with the
 * instructor's tests (hidden ones included); streams one line per finished submission; writes a JSON
 * record and a feedback page per submission and, for a folder, gradebook.csv and report.json.
 * See docs/nbgrader.md.
 */
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_LIMITS, GradeOptions, findSubmissions, gradeClass, summarize } from "./lib/classroom-grade";
import { isolation } from "./lib/grading/runner";
import { PROJECT_ROOT } from "./lib/execute";

const NUMERIC: Record<string, { key: keyof GradeOptions; what: string; integer?: boolean }> = {
  "--timeout": { key: "cellTimeoutSec", what: "a positive number of seconds" },
  "--submission-timeout": { key: "submissionTimeoutSec", what: "a positive number of seconds" },
  "--memory": { key: "memoryMb", what: "a positive number of MB" },
  "--heap": { key: "heapMb", what: "a positive number of MB" },
  "--output": { key: "outputKb", what: "a positive number of KB" },
  "--jobs": { key: "jobs", what: "a positive whole number", integer: true },
};

function parseArgs(argv: string[]): { target: string; options: GradeOptions } {
  const options: GradeOptions = { outDir: path.join(PROJECT_ROOT, "build", "grades") };
  let target: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`grade: option '${a}' needs a value`);
      return v;
    };
    if (a === "--source") options.sourcePath = value();
    else if (a === "--out") options.outDir = value();
    else if (a in NUMERIC) {
      const spec = NUMERIC[a];
      const n = Number(value());
      if (!(n > 0) || !Number.isFinite(n) || (spec.integer && !Number.isInteger(n))) throw new Error(`grade: parameter '${a}' must be ${spec.what}, got ${argv[i]}`);
      (options as unknown as Record<string, number>)[spec.key] = n;
    } else if (a.startsWith("--")) throw new Error(`grade: unknown option '${a}' (allowed: --source, --out, ${Object.keys(NUMERIC).join(", ")})`);
    else if (target === undefined) target = a;
    else throw new Error(`grade: one submission or folder at a time, got a second one '${a}'`);
  }
  if (!target) throw new Error("grade: parameter 'submission' must be a .ipynb file or a folder of them, got nothing");
  if (!fs.existsSync(target)) throw new Error(`grade: parameter 'submission' must be an existing .ipynb file or folder, got ${target}`);
  return { target, options };
}

async function main(): Promise<void> {
  const { target, options } = parseArgs(process.argv.slice(2));
  const folder = fs.statSync(target).isDirectory();
  const submissions = folder ? findSubmissions(target) : [{ student: path.basename(target, ".ipynb"), file: target }];
  if (submissions.length === 0) throw new Error(`grade: parameter 'submission' folder must contain .ipynb files, got none in ${target}`);
  const limits = { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(options).filter(([k]) => k in DEFAULT_LIMITS)) };
  console.log(`sandbox: ${isolation().summary}`);
  console.log(`limits: ${limits.cellTimeoutSec} s a cell, ${limits.submissionTimeoutSec} s a submission, ${limits.memoryMb} MB a process (heap ${limits.heapMb} MB), ${limits.outputKb} KB of output a cell`);
  const result = await gradeClass(submissions, options, (report, done, total) => {
    const text = summarize(report);
    console.log(folder ? `[${done}/${total}] ${text}` : text);
  });
  for (const f of result.failed) console.log(`${f.student} — ${path.basename(f.file)}: not graded: ${f.error}`);
  const rel = (p: string) => path.relative(process.cwd(), p);
  const perSubmission = result.durationMs / Math.max(1, submissions.length);
  console.log(
    `${result.reports.length} of ${submissions.length} graded in ${(result.durationMs / 1000).toFixed(1)} s with ${result.jobs} at a time ` +
      `(${(perSubmission / 1000).toFixed(2)} s a submission); gradebook ${rel(path.join(options.outDir, "gradebook.csv"))}, feedback pages in ${rel(options.outDir) || "."}`,
  );
  if (result.failed.length > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(2);
});
