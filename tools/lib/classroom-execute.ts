/**
 * Runs every code cell of a notebook for grading and reports each cell's fate, continuing after
 * errors AND after time-outs (the shared executeNotebook stops at a time-out). A cell that exceeds
 * its limit is interrupted; if the kernel does not come back, it is restarted and the cells that
 * had succeeded are replayed, so the later parts are still graded.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT, jupyterEnv } from "./execute";

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

const RUNNER = String.raw`
import json, re, sys, time, copy
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync

inp, outp, resultp, timeout, kernel, cwd = sys.argv[1:7]
timeout = max(1, int(round(float(timeout))))
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# tslab's compiler can be left with a pending rebuild (e.g. when an imported file changes on disk)
INFRA = re.compile(r"pending rebuildTimer|rebuildTimer is not set")
nb = nbformat.read(inp, as_version=4)
client = NotebookClient(nb, timeout=timeout, kernel_name=kernel, allow_errors=True,
                        interrupt_on_timeout=False, record_timing=False,
                        resources={"metadata": {"path": cwd}})
replies = {}
client.on_cell_executed = lambda cell, cell_index, execute_reply: replies.__setitem__(cell_index, execute_reply)
cells, done_ok, started = [], [], time.monotonic()

def error_text(cell, reply):
    ename, evalue = reply.get("ename") or "", reply.get("evalue") or ""
    for o in cell.get("outputs", []):
        if o.get("output_type") == "error" and not (ename or evalue):
            ename, evalue = o.get("ename", ""), o.get("evalue", "")
    if not evalue:
        evalue = "".join(o.get("text", "") for o in cell.get("outputs", [])
                         if o.get("output_type") == "stream" and o.get("name") == "stderr")
    return ename or "Error", ANSI.sub("", evalue).strip() or "the cell failed without a message"

def log(*a):
    print("[classroom-runner %.1fs]" % (time.monotonic() - started), *a, file=sys.stderr, flush=True)

def responsive(limit):
    # nbclient drives an async client: its replies (the interrupted cell's included) are read here
    msg_id = client.kc.kernel_info()
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            msg = run_sync(client.kc.shell_channel.get_msg)(timeout=max(0.1, deadline - time.monotonic()))
        except Exception:
            break
        if msg.get("parent_header", {}).get("msg_id") == msg_id:
            return True
    log("kernel not responsive after %g s" % limit)
    return False

def restart_and_replay():
    for attempt in range(3):
        log("restarting the kernel and replaying %d cell(s)" % len(done_ok))
        run_sync(client.km.restart_kernel)(now=True)
        run_sync(client.kc.wait_for_ready)(timeout=60)
        clean = True
        for i in done_ok:
            replay = copy.deepcopy(nb.cells[i])
            try:
                client.execute_cell(replay, i)
            except Exception:
                pass
            reply = (replies.get(i) or {}).get("content", {})
            if reply.get("status") == "error" and INFRA.search(error_text(replay, reply)[1]):
                clean = False
                break
            time.sleep(0.05)
        if clean:
            return

runner_error = None
try:
    with client.setup_kernel():
        count = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            count += 1
            t0 = time.monotonic()
            try:
                client.execute_cell(cell, index, execution_count=count)
                reply = (replies.get(index) or {}).get("content", {})
                for attempt in range(3):
                    if reply.get("status") != "error" or not INFRA.search(error_text(cell, reply)[1]):
                        break
                    # the kernel's compiler got stuck (not the student's fault): fresh kernel, same cell
                    log("cell %d hit the kernel's stale-rebuild error (attempt %d): restarting" % (index, attempt + 1))
                    time.sleep(0.5 + attempt)
                    restart_and_replay()
                    cell.outputs = []
                    client.execute_cell(cell, index, execution_count=count)
                    reply = (replies.get(index) or {}).get("content", {})
                ms = (time.monotonic() - t0) * 1000
                if reply.get("status") == "error":
                    ename, evalue = error_text(cell, reply)
                    cells.append({"index": index, "status": "error", "durationMs": ms, "ename": ename, "evalue": evalue})
                    time.sleep(0.35)  # tslab-based kernels drop requests right after a failure
                else:
                    cells.append({"index": index, "status": "ok", "durationMs": ms})
                    done_ok.append(index)
            except CellTimeoutError:
                ms = (time.monotonic() - t0) * 1000
                cells.append({"index": index, "status": "timeout", "durationMs": ms, "ename": "Timeout",
                              "evalue": "the cell did not finish within %g s (an infinite loop?)" % timeout})
                cell.outputs.append(nbformat.v4.new_output("stream", name="stderr", text="Timeout: the cell did not finish within %g s\n" % timeout))
                log("cell %d timed out: interrupting" % index)
                run_sync(client.km.interrupt_kernel)()
                if not responsive(5):
                    restart_and_replay()
                time.sleep(0.35)
            except DeadKernelError as e:
                ms = (time.monotonic() - t0) * 1000
                cells.append({"index": index, "status": "dead", "durationMs": ms, "ename": "DeadKernelError",
                              "evalue": "the kernel died while running this cell (process.exit or out of memory?)"})
                restart_and_replay()
except Exception as e:
    runner_error = "%s: %s" % (type(e).__name__, e)
nbformat.write(nb, outp)
with open(resultp, "w") as fh:
    json.dump({"cells": cells, "durationMs": (time.monotonic() - started) * 1000, "runnerError": runner_error}, fh)
`;

/** Executes `inputPath` on `kernelName` (default the project's `descent` kernel), writing the executed copy to `outputPath`. */
export async function runForGrading(
  inputPath: string,
  options: { outputPath: string; cellTimeoutSec: number; kernelName?: string },
): Promise<GradingRun> {
  if (!fs.existsSync(inputPath)) throw new Error(`runForGrading: parameter 'inputPath' must be an existing notebook, got ${inputPath}`);
  if (!(options.cellTimeoutSec > 0)) {
    throw new Error(`runForGrading: parameter 'cellTimeoutSec' must be a positive number, got ${options.cellTimeoutSec}`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "descent-grade-"));
  const script = path.join(tmp, "runner.py");
  const resultFile = path.join(tmp, "result.json");
  fs.writeFileSync(script, RUNNER);
  fs.mkdirSync(path.dirname(path.resolve(options.outputPath)), { recursive: true });
  const args = [script, path.resolve(inputPath), path.resolve(options.outputPath), resultFile, String(options.cellTimeoutSec), options.kernelName ?? "descent", PROJECT_ROOT];
  const started = Date.now();
  try {
    const { code, log } = await new Promise<{ code: number | null; log: string }>((resolve, reject) => {
      const child = spawn("/usr/bin/python3", args, { cwd: PROJECT_ROOT, env: jupyterEnv(), stdio: ["ignore", "pipe", "pipe"] });
      let log = "";
      const keep = (chunk: Buffer) => {
        log = (log + chunk.toString()).slice(-8000);
        if (process.env.CLASSROOM_DEBUG) process.stderr.write(chunk);
      };
      child.stdout.on("data", keep);
      child.stderr.on("data", keep);
      child.on("error", reject);
      child.on("close", (c) => resolve({ code: c, log }));
    });
    if (code !== 0 || !fs.existsSync(resultFile)) {
      return { cells: [], durationMs: Date.now() - started, runnerError: `grading runner exited with ${code}: ${log.trim().split("\n").slice(-5).join(" | ")}` };
    }
    const run = JSON.parse(fs.readFileSync(resultFile, "utf8")) as GradingRun & { runnerError: string | null };
    return { cells: run.cells, durationMs: run.durationMs, ...(run.runnerError ? { runnerError: run.runnerError } : {}) };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
