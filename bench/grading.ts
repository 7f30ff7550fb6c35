/**
 * `npm run bench:grading [-- --source <instructor.ipynb>] [--count 200] [--jobs n] [--timeout s]`
 * The class-size benchmark of `npm run grade`: makes `count` submissions of one section from its
 * instructor and student editions — half correct, a tenth unanswered (the student edition), a tenth
 * with one wrong answer, three tenths hostile (eight tricks in turn: patching the checkers, patching
 * built-ins, reading the instructor's notebook, an endless loop, a huge output, a memory hog,
 * process.exit, escaping through a constructor) — grades them in parallel as `npm run grade` does,
 * checks every total against what it should be, and prints the wall time, the cost per submission
 * and the peak memory. Writes build/bench-grading.json.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GradeReport, gradeClass } from "../tools/lib/classroom-grade";
import { Notebook, meta, readNotebook, replaceRegions, sourceText, studentEdition, toSourceLines } from "../tools/lib/classroom-notebook";
import { isolation } from "../tools/lib/grading/runner";

const ROOT = path.resolve(__dirname, "..");

function parseArgs(argv: string[]) {
  const args = { source: path.join(ROOT, "notebooks/8.5-adaptive-learning-rates.ipynb"), count: 200, jobs: os.availableParallelism?.() ?? os.cpus().length, timeout: 10 };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (k === "--source" && v) args.source = path.resolve(v);
    else if ((k === "--count" || k === "--jobs" || k === "--timeout") && Number(v) > 0) args[k.slice(2) as "count" | "jobs" | "timeout"] = Number(v);
    else throw new Error(`bench:grading: unknown or incomplete option '${k}' (allowed: --source <ipynb>, --count n, --jobs n, --timeout s)`);
  }
  return args;
}

type Kind = "correct" | "unanswered" | "wrong" | "hostile";
const TRICKS: { name: string; body?: string; after?: string }[] = [
  { name: "patches the checkers", after: "try { for (const k of Object.keys(d.check)) (d.check as any)[k] = () => ({ passed: true }); } catch (e) {}" },
  { name: "patches built-ins", after: "Math.abs = () => 0; Object.defineProperty(Object.prototype, 'throws', { get() { return false; }, configurable: true });" },
  { name: "reads the instructor's notebook", after: "const fs = require('fs'); eval(fs.readFileSync('/work/main/notebooks/8.5-adaptive-learning-rates.ipynb', 'utf8'));" },
  { name: "loops forever", body: "while (true) {}" },
  { name: "prints a huge output", after: "for (let i = 0; i < 100000; i++) console.log('x'.repeat(1000));" },
  { name: "hogs memory", body: "const hog: number[][] = [];\nfor (;;) hog.push(new Array(1e6).fill(Math.random()));" },
  { name: "calls process.exit", after: "process.exit(0);" },
  { name: "escapes through a constructor", after: "try { (globalThis as any).constructor.constructor('return process')().exit(0); } catch (e) {}" },
];

function makeSubmissions(instructor: Notebook, name: string, count: number, dir: string) {
  const student = studentEdition(instructor, name);
  const solutions = instructor.cells.map((c) => (meta(c)?.solution ? sourceText(c) : undefined));
  const firstSolution = solutions.findIndex((s) => s !== undefined);
  const pointsOf = new Map(instructor.cells.filter((c) => meta(c)?.grade && !meta(c)?.solution).map((c) => [meta(c)!.grade_id!, meta(c)!.points ?? 0]));
  const max = [...pointsOf.values()].reduce((a, b) => a + b, 0);
  const firstCheck = instructor.cells.slice(firstSolution).find((c) => meta(c)?.grade && !meta(c)?.solution);
  const firstPoints = firstCheck ? pointsOf.get(meta(firstCheck)!.grade_id!)! : 0;
  const answered = (text: string) => text.split("\n").filter((l) => !/(BEGIN|END) SOLUTION/.test(l)).join("\n");
  const withBody = (text: string, body: string) => replaceRegions(text, "BEGIN SOLUTION", "END SOLUTION", body.split("\n"), name);
  const list: { student: string; file: string; kind: Kind; trick?: string; expected: number }[] = [];
  let hostile = 0;
  for (let i = 0; i < count; i++) {
    const r = i % 20;
    const kind: Kind = r < 10 ? "correct" : r < 12 ? "unanswered" : r < 14 ? "wrong" : "hostile";
    const nb = JSON.parse(JSON.stringify(student)) as Notebook;
    let trick: string | undefined;
    if (kind !== "unanswered") {
      solutions.forEach((s, k) => {
        if (s !== undefined) nb.cells[k].source = toSourceLines(answered(s));
      });
      const first = solutions[firstSolution]!;
      if (kind === "wrong") nb.cells[firstSolution].source = toSourceLines(withBody(first, "return undefined as any;"));
      if (kind === "hostile") {
        const t = TRICKS[hostile++ % TRICKS.length];
        trick = t.name;
        const wrong = withBody(first, t.body ?? "return undefined as any;");
        nb.cells[firstSolution].source = toSourceLines(t.after ? `${wrong}\n${t.after}` : wrong);
      }
    }
    const id = `s${String(i).padStart(3, "0")}`;
    fs.mkdirSync(path.join(dir, id), { recursive: true });
    const file = path.join(dir, id, name);
    fs.writeFileSync(file, JSON.stringify(nb, null, 1));
    list.push({ student: id, file, kind, trick, expected: kind === "correct" ? max : kind === "unanswered" ? 0 : max - firstPoints });
  }
  return { list, max };
}

/** CPU seconds of this process and of its reaped children (the sandbox processes), from /proc. */
function cpuSeconds(): { self: number; children: number } {
  const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  const tick = 100; // USER_HZ on Linux
  // after ") ": state is field 3, so utime (14) is index 11, stime 12, cutime 13, cstime 14
  return { self: (Number(fields[11]) + Number(fields[12])) / tick, children: (Number(fields[13]) + Number(fields[14])) / tick };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const name = path.basename(args.source);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-grading-"));
  const { list, max } = makeSubmissions(readNotebook(args.source), name, args.count, dir);
  console.log(`${args.count} submissions of ${name} (${max} points): ${["correct", "unanswered", "wrong", "hostile"].map((k) => `${list.filter((s) => s.kind === k).length} ${k}`).join(", ")}`);
  console.log(`sandbox: ${isolation().summary}; ${args.jobs} at a time; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
  const cpuBefore = cpuSeconds();
  const started = Date.now();
  const result = await gradeClass(list, { sourcePath: args.source, outDir: path.join(dir, "grades"), jobs: args.jobs, cellTimeoutSec: args.timeout }, (r, done, total) => {
    if (done % 20 === 0 || done === total) console.log(`  ${done}/${total} graded, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
  const wall = (Date.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 500)); // let the closed sandbox processes be reaped
  const cpuAfter = cpuSeconds();
  const cpu = { grader: cpuAfter.self - cpuBefore.self, sandboxes: cpuAfter.children - cpuBefore.children };
  const byStudent = new Map<string, GradeReport>(result.reports.map((r) => [r.student, r]));
  const wrong = list.filter((s) => byStudent.get(s.student)?.total !== s.expected);
  for (const s of wrong.slice(0, 10)) console.log(`  ✘ ${s.student} (${s.kind}${s.trick ? `: ${s.trick}` : ""}): expected ${s.expected}, got ${byStudent.get(s.student)?.total}`);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const perKind = Object.fromEntries(
    (["correct", "unanswered", "wrong", "hostile"] as Kind[]).map((k) => [k, +(mean(list.filter((s) => s.kind === k).map((s) => byStudent.get(s.student)?.durationMs ?? 0)) / 1000).toFixed(2)]),
  );
  const perTrick = Object.fromEntries(TRICKS.map((t) => [t.name, +(mean(list.filter((s) => s.trick === t.name).map((s) => byStudent.get(s.student)?.durationMs ?? 0)) / 1000).toFixed(2)]));
  const summary = {
    date: new Date().toISOString(),
    notebook: name,
    submissions: args.count,
    jobs: result.jobs,
    cores: os.cpus().length,
    loadAverageAtEnd: +os.loadavg()[0].toFixed(1),
    wallSeconds: +wall.toFixed(1),
    secondsPerSubmission: +(wall / args.count).toFixed(3),
    meanSecondsInSandboxByKind: perKind,
    meanSecondsInSandboxByTrick: perTrick,
    cpuSeconds: { grader: +cpu.grader.toFixed(1), sandboxes: +cpu.sandboxes.toFixed(1), perSubmission: +((cpu.grader + cpu.sandboxes) / args.count).toFixed(3) },
    peakMemoryMb: { grader: Math.round(process.resourceUsage().maxRSS / 1024), sandboxProcess: Math.max(0, ...result.reports.map((r) => r.peakRssMb ?? 0)) },
    wrongTotals: wrong.length,
    notGraded: result.failed.length,
    targetSeconds: 180,
  };
  console.log(JSON.stringify(summary, null, 2));
  console.log(
    `${args.count} submissions in ${wall.toFixed(1)} s (${(wall / args.count).toFixed(2)} s each, ${result.jobs} at a time); ` +
      `every total as expected: ${wrong.length === 0 && result.failed.length === 0 ? "yes" : `NO (${wrong.length} wrong, ${result.failed.length} not graded)`}; ` +
      `target ≤ 180 s: ${wall <= 180 ? "met" : "MISSED"}; CPU ${(cpu.grader + cpu.sandboxes).toFixed(1)} s in all (${((cpu.grader + cpu.sandboxes) / args.count).toFixed(2)} s a submission)`,
  );
  const out = path.join(ROOT, "build/bench-grading.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(summary, null, 2) + "\n");
  fs.rmSync(dir, { recursive: true, force: true });
  if (wrong.length > 0 || result.failed.length > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(2);
});
