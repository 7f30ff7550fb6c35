/**
 * Starts the grading sandbox (sandbox.ts) for one submission and watches it: a fresh Node process per
 * submission, with the permission model (no file access, no child processes), an empty scratch folder
 * as working directory, a minimal environment, no network (`unshare -n`, where it works) and, when the
 * grader runs as root, the `nobody` user (`setpriv`). Limits: each cell's time (inside the sandbox),
 * the whole submission's time, the process's memory (resident size, polled) and the output kept.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { PRELUDE, TAG } from "./prelude";
import type { SandboxJob, SandboxModule, StepResult } from "./sandbox";

export interface Limits {
  /** Seconds for one cell of the submission, or one check cell with every call it makes. */
  cellTimeoutSec: number;
  /** Seconds for the whole submission (the process is killed after it). */
  submissionTimeoutSec: number;
  /** Resident memory of the submission's process, MB (polled every 100 ms). */
  memoryMb: number;
  /** V8 heap of the thread that runs the submission's code, MB. */
  heapMb: number;
  /** Console output kept per cell, KB (the rest is counted and dropped). */
  outputKb: number;
}

export const DEFAULT_LIMITS: Limits = { cellTimeoutSec: 10, submissionTimeoutSec: 120, memoryMb: 1024, heapMb: 128, outputKb: 64 };

let cachedSource: string | undefined;

/** sandbox.ts as one script for `node -e` (the prelude inlined): the sandbox reads no file. */
export function sandboxSource(): string {
  if (cachedSource) return cachedSource;
  const file = path.join(__dirname, "sandbox.ts");
  const js = ts.transpileModule(fs.readFileSync(file, "utf8"), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
    fileName: file,
  }).outputText;
  const inlined = js.replace(/const (\w+) = require\("\.\/prelude"\);/, (_m, name: string) => `const ${name} = ${JSON.stringify({ PRELUDE, TAG })};`);
  if (inlined === js) throw new Error("sandboxSource: could not inline the prelude into sandbox.ts");
  cachedSource = inlined;
  return inlined;
}

export interface Isolation {
  permission: boolean;
  network: boolean;
  user: boolean;
  /** One line for reports: what the sandbox process runs under here. */
  summary: string;
}

let cachedIsolation: Isolation | undefined;

const works = (cmd: string, args: string[]) => {
  try {
    return spawnSync(cmd, args, { stdio: "ignore", timeout: 10_000 }).status === 0;
  } catch {
    return false;
  }
};

/** What this machine allows: checked once, by trying each layer. */
export function isolation(): Isolation {
  if (cachedIsolation) return cachedIsolation;
  const permission = works(process.execPath, ["--no-warnings", "--experimental-permission", "--allow-worker", "-e", "0"]);
  const network = works("unshare", ["-n", "true"]);
  const user = process.getuid?.() === 0 && works("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, "-e", "0"]);
  const layers = [
    "student code in its own thread and vm context (no require, process, eval), each check in a fresh context with fresh built-ins",
    permission ? "Node permission model (no files, no child processes)" : "NO Node permission model (Node too old)",
    network ? "no network (unshare -n)" : "network NOT cut (unshare -n unavailable)",
    user ? "user nobody (setpriv)" : "the grader's own user",
  ];
  cachedIsolation = { permission, network, user, summary: layers.join("; ") };
  return cachedIsolation;
}

/** The command that runs `code` as the sandbox does (every isolation layer this machine allows). */
export function sandboxArgv(limits: Limits, code: string): string[] {
  const iso = isolation();
  const nodeArgs = ["--no-warnings", `--max-old-space-size=${Math.max(128, Math.round(limits.heapMb))}`, "--stack-size=2000"];
  if (iso.permission) nodeArgs.push("--experimental-permission", "--allow-worker");
  let argv = [process.execPath, ...nodeArgs, "-e", code];
  if (iso.user) argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", ...argv];
  if (iso.network) argv = ["unshare", "-n", ...argv];
  return argv;
}

export interface SandboxRun {
  results: StepResult[];
  /** Why the process was stopped before it finished, if it was. */
  stopped?: string;
  /** The sandbox itself failed (not the submission): a grader bug or a machine problem. */
  crash?: string;
  durationMs: number;
  peakRssMb: number;
}

function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

type Job = Omit<SandboxJob, "workerSource" | "modules">;

/**
 * A sandbox process that grades submissions one at a time. Each submission gets a fresh student
 * thread and fresh check contexts; the process itself is replaced (see `reusable`) after a
 * submission that got it killed (time or memory limit) and after `maxJobs` submissions.
 */
export class SandboxProcess {
  private child?: ChildProcess;
  private scratch?: string;
  private jobs = 0;
  private nextId = 1;
  /** False once this process should not grade another submission. */
  reusable = true;

  constructor(
    private readonly limits: Limits,
    private readonly modules: SandboxModule[],
    private readonly maxJobs = 50,
  ) {}

  private start(): ChildProcess {
    this.scratch = fs.mkdtempSync(path.join(os.tmpdir(), "descent-grade-"));
    fs.chmodSync(this.scratch, 0o755);
    const source = sandboxSource();
    const argv = sandboxArgv(this.limits, source);
    const child = spawn(argv[0], argv.slice(1), {
      cwd: this.scratch,
      env: { PATH: "/usr/bin:/bin", LANG: "C.UTF-8" },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    child.send({ type: "init", modules: this.modules, workerSource: source });
    this.child = child;
    return child;
  }

  /** Grades one submission's steps; `onStep` sees each result as it comes. */
  run(job: Job, onStep?: (r: StepResult) => void): Promise<SandboxRun> {
    const child = this.child && this.child.exitCode === null && this.child.signalCode === null ? this.child : this.start();
    const limits = this.limits;
    const id = this.nextId++;
    this.jobs++;
    const started = Date.now();
    return new Promise((resolve) => {
      const results: StepResult[] = [];
      let stopped: string | undefined;
      let crash: string | undefined;
      let peak = 0;
      let stderr = "";
      const onErr = (b: Buffer) => {
        if (stderr.length < 4000) stderr += b.toString();
      };
      const stop = (why: string) => {
        if (stopped === undefined) stopped = why;
        child.kill("SIGKILL");
      };
      const deadline = setTimeout(() => stop(`the submission did not finish within ${limits.submissionTimeoutSec} s`), limits.submissionTimeoutSec * 1000);
      const poll = setInterval(() => {
        if (!child.pid) return;
        const rss = rssMb(child.pid);
        peak = Math.max(peak, rss);
        if (rss > limits.memoryMb) stop(`the submission used over ${limits.memoryMb} MB of memory`);
      }, 100);
      const finish = () => {
        clearTimeout(deadline);
        clearInterval(poll);
        child.off("message", onMessage);
        child.off("exit", onExit);
        child.off("error", onError);
        child.stderr!.off("data", onErr);
        // A killed or crashed process is replaced; a time-out or a forbidden attempt happened inside
        // the student's thread, which is gone with its submission, so the process stays.
        if (stopped || crash || this.jobs >= this.maxJobs) this.close();
        resolve({ results, stopped, crash, durationMs: Date.now() - started, peakRssMb: Math.round(peak) });
      };
      const onMessage = (m: { type: string; id?: number; result?: StepResult; error?: string }) => {
        if (m.id !== id) return;
        if (m.type === "step" && m.result) {
          results.push(m.result);
          onStep?.(m.result);
        } else if (m.type === "crash") crash = m.error;
        else if (m.type === "done") finish();
      };
      const onExit = (code: number | null, signal: string | null) => {
        if (!stopped && !crash) crash = `the sandbox exited with ${signal ?? `code ${code}`}${stderr ? `: ${stderr.trim().split("\n").slice(-3).join(" / ")}` : ""}`;
        finish();
      };
      const onError = (e: Error) => {
        crash = `could not start the sandbox: ${e.message}`;
      };
      child.on("message", onMessage);
      child.on("exit", onExit);
      child.on("error", onError);
      child.stderr!.on("data", onErr);
      child.send({ type: "job", id, job });
    });
  }

  close(): void {
    this.reusable = false;
    if (this.child && this.child.exitCode === null) this.child.kill("SIGKILL");
    this.child = undefined;
    if (this.scratch) fs.rmSync(this.scratch, { recursive: true, force: true });
    this.scratch = undefined;
  }
}

/** Runs one submission in a sandbox process of its own. */
export async function runInSandbox(job: Job, modules: SandboxModule[], limits: Limits, onStep?: (r: StepResult) => void): Promise<SandboxRun> {
  const sandbox = new SandboxProcess(limits, modules, 1);
  try {
    return await sandbox.run(job, onStep);
  } finally {
    sandbox.close();
  }
}
