/**
 * Execute a notebook headless on a Jupyter kernel (default: `descent`) through nbclient.
 * Used by tools/run-notebooks.ts, the book build and the autograder; keep the signature stable.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
/** The directory holding `kernels/descent/kernel.json`; prepend it to JUPYTER_PATH. */
export const JUPYTER_DATA_DIR = path.join(PROJECT_ROOT, "kernel-setup", "jupyter");
const PYTHON = "/usr/bin/python3";
const HELPER = path.join(__dirname, "execute.py");

/** "dead": the kernel died in the cell; "skipped": not run because an earlier cell failed (no allowErrors). */
export type CellStatus = "ok" | "error" | "timeout" | "dead" | "skipped";

export interface CellRun {
  index: number;
  durationMs: number;
  status: CellStatus;
  /** For error, timeout and dead cells: the error's name and message. */
  ename?: string;
  evalue?: string;
}

export interface CellFailure {
  /** Index in `notebook.cells` (markdown cells count), -1 when the kernel never ran a cell. */
  cellIndex: number;
  /** The first non-blank line of the failing cell's source. */
  firstLine: string;
  ename: string;
  evalue: string;
  traceback: string[];
}

export interface ExecuteResult {
  ok: boolean;
  durationMs: number;
  cells: CellRun[];
  failure?: CellFailure;
  /** Set when something outside the cells failed: the kernel did not start, a restart failed, the helper crashed. */
  runnerError?: string;
}

export interface ExecuteOptions {
  /** Where the executed copy is written (directories are created). */
  outputPath: string;
  /** Per-cell limit; a cell that runs longer fails with ename "Timeout". */
  cellTimeoutSec: number;
  kernelName?: string;
  /**
   * Run every cell whatever happens (the first failure is still reported): after an error the next
   * cell runs; a cell past its time-out is interrupted (status "timeout") and, when the kernel does not
   * answer within 5 s, the kernel is restarted and the cells that succeeded are replayed; a dead kernel
   * is restarted the same way. Default false: stop at the first failure.
   */
  allowErrors?: boolean;
}

/** JUPYTER_PATH with the project's kernelspec directory first. */
export function jupyterEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const rest = base.JUPYTER_PATH ? path.delimiter + base.JUPYTER_PATH : "";
  return { ...base, JUPYTER_PATH: JUPYTER_DATA_DIR + rest, PYDEVD_DISABLE_FILE_VALIDATION: "1" };
}

function validate(inputPath: string, options: ExecuteOptions): void {
  if (typeof inputPath !== "string" || !fs.existsSync(inputPath)) {
    throw new Error(`executeNotebook: parameter 'inputPath' must be an existing .ipynb file, got ${inputPath}`);
  }
  if (!options || typeof options.outputPath !== "string" || options.outputPath === "") {
    throw new Error(`executeNotebook: parameter 'outputPath' must be a file path, got ${options && options.outputPath}`);
  }
  if (!(options.cellTimeoutSec > 0)) {
    throw new Error(`executeNotebook: parameter 'cellTimeoutSec' must be a positive number, got ${options.cellTimeoutSec}`);
  }
  if (path.resolve(options.outputPath) === path.resolve(inputPath)) {
    throw new Error(`executeNotebook: parameter 'outputPath' must differ from the input, got ${options.outputPath}`);
  }
}

export async function executeNotebook(inputPath: string, options: ExecuteOptions): Promise<ExecuteResult> {
  validate(inputPath, options);
  fs.mkdirSync(path.dirname(path.resolve(options.outputPath)), { recursive: true });
  const resultFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "descent-exec-")), "result.json");
  const args = [
    HELPER, path.resolve(inputPath), path.resolve(options.outputPath), resultFile,
    "--timeout", String(options.cellTimeoutSec),
    "--kernel", options.kernelName ?? "descent",
    "--cwd", PROJECT_ROOT,
  ];
  if (options.allowErrors) args.push("--allow-errors");
  const started = Date.now();
  const { code, log } = await new Promise<{ code: number | null; log: string }>((resolve, reject) => {
    const child = spawn(PYTHON, args, { cwd: PROJECT_ROOT, env: jupyterEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    const keep = (chunk: Buffer) => { log = (log + chunk.toString()).slice(-20_000); };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (c) => resolve({ code: c, log }));
  });
  try {
    if (code !== 0 || !fs.existsSync(resultFile)) {
      return {
        ok: false,
        durationMs: Date.now() - started,
        cells: [],
        failure: { cellIndex: -1, firstLine: "", ename: "RunnerError", evalue: `nbclient helper exited with ${code}`, traceback: log.split("\n") },
        runnerError: `nbclient helper exited with ${code}: ${log.trim().split("\n").slice(-5).join(" | ")}`,
      };
    }
    return JSON.parse(fs.readFileSync(resultFile, "utf8")) as ExecuteResult;
  } finally {
    fs.rmSync(path.dirname(resultFile), { recursive: true, force: true });
  }
}

/** One line per failure: notebook, cell index, first line, real error message. */
export function formatFailure(notebook: string, failure: CellFailure): string {
  const where = failure.cellIndex >= 0 ? `cell ${failure.cellIndex}` : "before any cell";
  const first = failure.firstLine ? ` \`${failure.firstLine}\`` : "";
  const message = failure.evalue.split("\n")[0] || "(no message)";
  const location = failure.traceback.find((line) => /\bline \d+/.test(line));
  return `${notebook}: ${where}${first}: ${failure.ename}: ${message}` + (location ? ` (${location.trim()})` : "");
}

/** Chapter order of the workbook: 00-start-here first, then sections 8.1 … 8.7 by number. */
function sortKey(name: string): number[] {
  if (/^00[-_]/.test(name)) return [-1];
  const section = /^(\d+)[._-](\d+)(?:[._-](\d+))?/.exec(name);
  if (section) return section.slice(1).filter((s) => s !== undefined).map(Number);
  return [Number.MAX_SAFE_INTEGER];
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** Notebook file names sorted in chapter order (ties and unnumbered names alphabetically, last). */
export function chapterOrder(names: readonly string[]): string[] {
  return names.slice().sort((a, b) => compareKeys(sortKey(a), sortKey(b)) || a.localeCompare(b));
}
