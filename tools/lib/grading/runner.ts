/**
 * Starts the grading sandbox (sandbox.ts) for one submission and watches it: a fresh Node process per
 * submission, with the permission model (no file access, no child processes), an empty scratch folder
 * as working directory, a minimal environment, no network (`unshare -n`, where it works) and, when the
 * grader runs as root, the `nobody` user (`setpriv`). Limits: each cell's time (inside the sandbox),
 * the whole submission's time, the process's memory (resident size, polled) and the output kept.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { PRELUDE, TAG } from "./prelude";
import type { SandboxJob, StepResult } from "./sandbox";

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

export const DEFAULT_LIMITS: Limits = { cellTimeoutSec: 10, submissionTimeoutSec: 120, memoryMb: 1024, heapMb: 256, outputKb: 64 };

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

/** Runs one submission's steps in a fresh sandbox process; `onStep` sees each result as it comes. */
export function runInSandbox(job: Omit<SandboxJob, "workerSource">, limits: Limits, onStep?: (r: StepResult) => void): Promise<SandboxRun> {
  const iso = isolation();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "descent-grade-"));
  fs.chmodSync(scratch, 0o755);
  const nodeArgs = ["--no-warnings", `--max-old-space-size=${Math.max(128, Math.round(limits.heapMb))}`, "--stack-size=2000"];
  if (iso.permission) nodeArgs.push("--experimental-permission", "--allow-worker");
  const source = sandboxSource();
  let argv = [process.execPath, ...nodeArgs, "-e", source];
  if (iso.user) argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", ...argv];
  if (iso.network) argv = ["unshare", "-n", ...argv];
  const started = Date.now();
  return new Promise((resolve) => {
    const results: StepResult[] = [];
    let stopped: string | undefined;
    let crash: string | undefined;
    let peak = 0;
    let stderr = "";
    const child = spawn(argv[0], argv.slice(1), {
      cwd: scratch,
      env: { PATH: "/usr/bin:/bin", LANG: "C.UTF-8" },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    child.stderr!.on("data", (b: Buffer) => {
      if (stderr.length < 4000) stderr += b.toString();
    });
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
    child.on("message", (m: { type: string; result?: StepResult; error?: string }) => {
      if (m.type === "step" && m.result) {
        results.push(m.result);
        onStep?.(m.result);
      } else if (m.type === "crash") crash = m.error;
    });
    child.on("error", (e) => (crash = `could not start the sandbox: ${e.message}`));
    child.on("exit", (code, signal) => {
      clearTimeout(deadline);
      clearInterval(poll);
      fs.rmSync(scratch, { recursive: true, force: true });
      if (!stopped && !crash && (code !== 0 || signal)) crash = `the sandbox exited with ${signal ?? `code ${code}`}${stderr ? `: ${stderr.trim().split("\n").slice(-3).join(" / ")}` : ""}`;
      resolve({ results, stopped, crash, durationMs: Date.now() - started, peakRssMb: Math.round(peak) });
    });
    child.send({ ...job, workerSource: source });
  });
}
