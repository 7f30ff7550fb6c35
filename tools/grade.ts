/**
 * `npm run grade -- <submission.ipynb | folder> [--source instructor.ipynb] [--out dir] [--timeout s] [--kernel name]`
 * Grades on the Descent kernel with the instructor's tests (hidden ones included) put back; writes a
 * JSON report per submission and, for a folder, a CSV gradebook. See docs/nbgrader.md.
 */
import * as fs from "fs";
import * as path from "path";
import { GradeReport, findSubmissions, gradeSubmission, gradebookCsv, summarize } from "./lib/classroom-grade";
import { PROJECT_ROOT } from "./lib/execute";

interface Args {
  target: string;
  source?: string;
  out: string;
  timeout: number;
  kernel?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Partial<Args> = { out: path.join(PROJECT_ROOT, "build", "grades"), timeout: 60 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`grade: option '${a}' needs a value`);
      return v;
    };
    if (a === "--source") args.source = value();
    else if (a === "--out") args.out = value();
    else if (a === "--kernel") args.kernel = value();
    else if (a === "--timeout") {
      const t = Number(value());
      if (!(t > 0)) throw new Error(`grade: parameter '--timeout' must be a positive number of seconds, got ${argv[i]}`);
      args.timeout = t;
    } else if (a.startsWith("--")) throw new Error(`grade: unknown option '${a}' (allowed: --source, --out, --timeout, --kernel)`);
    else if (args.target === undefined) args.target = a;
    else throw new Error(`grade: one submission or folder at a time, got a second one '${a}'`);
  }
  if (!args.target) throw new Error("grade: parameter 'submission' must be a .ipynb file or a folder of them, got nothing");
  if (!fs.existsSync(args.target)) throw new Error(`grade: parameter 'submission' must be an existing .ipynb file or folder, got ${args.target}`);
  return args as Args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const options = { sourcePath: args.source, outDir: args.out, cellTimeoutSec: args.timeout, kernelName: args.kernel };
  if (fs.statSync(args.target).isDirectory()) {
    const submissions = findSubmissions(args.target);
    if (submissions.length === 0) throw new Error(`grade: parameter 'submission' folder must contain .ipynb files, got none in ${args.target}`);
    const reports: GradeReport[] = [];
    for (const s of submissions) {
      // One bad submission must not stop the class: its failure becomes a 0 with the reason.
      try {
        const report = await gradeSubmission(s.file, { ...options, student: s.student });
        reports.push(report);
        console.log(summarize(report));
      } catch (e) {
        console.log(`${s.student} — ${path.basename(s.file)}: not graded: ${(e as Error).message}`);
      }
    }
    const csv = path.join(args.out, "gradebook.csv");
    fs.writeFileSync(csv, gradebookCsv(reports));
    fs.writeFileSync(path.join(args.out, "report.json"), JSON.stringify(reports, null, 2) + "\n");
    console.log(`gradebook: ${path.relative(process.cwd(), csv)} (${reports.length} of ${submissions.length} submissions graded)`);
  } else {
    const report = await gradeSubmission(args.target, options);
    console.log(summarize(report));
    console.log(`report: ${path.relative(process.cwd(), path.join(args.out, path.basename(report.gradedNotebook).replace(/\.graded\.ipynb$/, ".json")))}`);
  }
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(2);
});
