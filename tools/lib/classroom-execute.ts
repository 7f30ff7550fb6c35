/**
 * Runs every code cell of a notebook for grading and reports each cell's fate: the shared
 * executeNotebook with allowErrors, which continues after errors, time-outs (interrupt, else restart
 * and replay) and dead kernels, so the later parts are still graded.
 */
import { executeNotebook } from "./execute";

export interface GradedCellRun {
  index: number;
  status: "ok" | "error" | "timeout" | "dead";
  durationMs: number;
  ename?: string;
  evalue?: string;
}

export interface GradingRun {
  cells: GradedCellRun[];
  durationMs: number;
  /** Set when the kernel could not be started or the runner itself failed. */
  runnerError?: string;
}

/** Executes `inputPath` on `kernelName` (default the project's `descent` kernel), writing the executed copy to `outputPath`. */
export async function runForGrading(
  inputPath: string,
  options: { outputPath: string; cellTimeoutSec: number; kernelName?: string },
): Promise<GradingRun> {
  const result = await executeNotebook(inputPath, { ...options, allowErrors: true }).catch((e: unknown) => {
    throw new Error(String(e instanceof Error ? e.message : e).replace(/^executeNotebook:/, "runForGrading:"));
  });
  const cells: GradedCellRun[] = [];
  for (const c of result.cells) {
    if (c.status === "skipped") continue;
    const cell: GradedCellRun = { index: c.index, status: c.status, durationMs: c.durationMs };
    if (c.status !== "ok") {
      cell.ename = c.ename ?? "Error";
      cell.evalue = c.evalue ?? "the cell failed without a message";
    }
    cells.push(cell);
  }
  return { cells, durationMs: result.durationMs, ...(result.runnerError ? { runnerError: result.runnerError } : {}) };
}
