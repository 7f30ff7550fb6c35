"""Execute one notebook with nbclient and report per-cell status as JSON (used by tools/lib/execute.ts).

Usage: execute.py INPUT OUTPUT RESULT_JSON --timeout SEC --kernel NAME [--allow-errors] [--cwd DIR]
The kernel's protocol `error` message gives ename/evalue/traceback; a kernel that only writes the
failure to stderr (plain tslab) is still reported, from the cell's stderr stream.
With --allow-errors every cell runs: after an error the next one; after a time-out the cell is
interrupted and, when the kernel does not answer, restarted with the cells that succeeded replayed;
after a dead kernel the same restart (the autograder relies on this).
"""
import argparse
import copy
import json
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# tslab drops requests that arrive within 200 ms of a failure; waiting longer keeps later cells.
PAUSE_AFTER_FAILURE_SEC = 0.3
# tslab's compiler can be left with a pending rebuild when a file it imported changes on disk:
# not the notebook's fault, so a fresh kernel retries the cell.
STALE_COMPILER = re.compile(r"pending rebuildTimer|rebuildTimer is not set")
RESPONSIVE_SEC = 5


def plain(text):
    return ANSI.sub("", text)


def first_line(source):
    for line in source.splitlines():
        if line.strip():
            return line.strip()
    return ""


def failure_from(cell, index, reply_content):
    ename = reply_content.get("ename") or ""
    evalue = reply_content.get("evalue") or ""
    traceback = [plain(t) for t in reply_content.get("traceback") or []]
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error" and not ename:
            ename, evalue = out.get("ename", ""), out.get("evalue", "")
            traceback = [plain(t) for t in out.get("traceback", [])]
    if not ename and not evalue:
        stderr = "".join(o.get("text", "") for o in cell.get("outputs", [])
                         if o.get("output_type") == "stream" and o.get("name") == "stderr")
        ename, evalue = "Error", plain(stderr).strip() or "the cell failed without an error message"
        traceback = traceback or evalue.splitlines()
    return {"cellIndex": index, "firstLine": first_line(cell.source), "ename": ename,
            "evalue": evalue, "traceback": traceback}


def log(started, *parts):
    print("[execute %.1fs]" % (time.monotonic() - started), *parts, file=sys.stderr, flush=True)


class Run:
    """One notebook on one kernel; with keep_going it survives failures, time-outs and dead kernels."""

    def __init__(self, nb, client, keep_going):
        self.nb, self.client, self.keep_going = nb, client, keep_going
        self.replies, self.succeeded = {}, []
        self.started = time.monotonic()
        client.on_cell_executed = lambda cell, cell_index, execute_reply: self.replies.__setitem__(cell_index, execute_reply)

    def reply(self, index):
        return (self.replies.get(index) or {}).get("content", {})

    def responsive(self, limit):
        # nbclient's client is async: drain shell replies (the interrupted cell's too) until ours arrives
        msg_id = self.client.kc.kernel_info()
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                msg = run_sync(self.client.kc.shell_channel.get_msg)(timeout=max(0.1, deadline - time.monotonic()))
            except Exception:
                break
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                return True
        log(self.started, "kernel not responsive after %g s" % limit)
        return False

    def restart_and_replay(self):
        for _ in range(3):
            log(self.started, "restarting the kernel and replaying %d cell(s)" % len(self.succeeded))
            run_sync(self.client.km.restart_kernel)(now=True)
            run_sync(self.client.kc.wait_for_ready)(timeout=60)
            clean = True
            for i in self.succeeded:
                replay = copy.deepcopy(self.nb.cells[i])
                try:
                    self.client.execute_cell(replay, i)
                except Exception:
                    pass
                if self.reply(i).get("status") == "error" and STALE_COMPILER.search(failure_from(replay, i, self.reply(i))["evalue"]):
                    clean = False
                    break
            if clean:
                return

    def execute(self, cell, index, count):
        """Run one cell; returns (status, failure or None)."""
        try:
            self.client.execute_cell(cell, index, execution_count=count)
            for attempt in range(3 if self.keep_going else 0):
                reply = self.reply(index)
                if reply.get("status") != "error" or not STALE_COMPILER.search(failure_from(cell, index, reply)["evalue"]):
                    break
                log(self.started, "cell %d hit the stale-compiler error (attempt %d): fresh kernel" % (index, attempt + 1))
                time.sleep(0.5 + attempt)
                self.restart_and_replay()
                cell.outputs = []
                self.client.execute_cell(cell, index, execution_count=count)
        except CellTimeoutError:
            failure = {"cellIndex": index, "firstLine": first_line(cell.source), "ename": "Timeout",
                       "evalue": f"cell did not finish within {self.client.timeout:g} s", "traceback": []}
            cell.outputs.append(nbformat.v4.new_output(
                "stream", name="stderr", text=f"Timeout: the cell did not finish within {self.client.timeout:g} s\n"))
            if self.keep_going:
                log(self.started, "cell %d timed out: interrupting" % index)
                run_sync(self.client.km.interrupt_kernel)()
                if not self.responsive(RESPONSIVE_SEC):
                    self.restart_and_replay()
                time.sleep(PAUSE_AFTER_FAILURE_SEC)
            return "timeout", failure
        except DeadKernelError as e:
            failure = {"cellIndex": index, "firstLine": first_line(cell.source), "ename": "DeadKernelError",
                       "evalue": str(e) or "the kernel died", "traceback": []}
            if self.keep_going:
                self.restart_and_replay()
            return "dead", failure
        reply = self.reply(index)
        if reply.get("status") == "error":
            time.sleep(PAUSE_AFTER_FAILURE_SEC)
            return "error", failure_from(cell, index, reply)
        self.succeeded.append(index)
        return "ok", None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("result")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--kernel", default="descent")
    parser.add_argument("--allow-errors", action="store_true")
    parser.add_argument("--cwd", default=None)
    args = parser.parse_args()

    nb = nbformat.read(args.input, as_version=4)
    client = NotebookClient(nb, timeout=max(1, int(round(args.timeout))), kernel_name=args.kernel, allow_errors=True,
                            interrupt_on_timeout=False, record_timing=False,
                            resources={"metadata": {"path": args.cwd}} if args.cwd else {})
    run = Run(nb, client, args.allow_errors)
    cells, failure, current, runner_error = [], None, {"index": -1, "source": ""}, None
    try:
        with client.setup_kernel():
            info = client.wait_for_reply(client.kc.kernel_info())
            if info and "language_info" in info["content"]:
                nb.metadata["language_info"] = info["content"]["language_info"]
            count = 0
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                if failure is not None and not args.allow_errors:
                    cells.append({"index": index, "durationMs": 0, "status": "skipped"})
                    continue
                count += 1
                current = {"index": index, "source": cell.source}
                t0 = time.monotonic()
                status, cell_failure = run.execute(cell, index, count)
                entry = {"index": index, "durationMs": (time.monotonic() - t0) * 1000, "status": status}
                if cell_failure is not None:
                    entry["ename"], entry["evalue"] = cell_failure["ename"], cell_failure["evalue"]
                    failure = failure or cell_failure
                cells.append(entry)
                if status in ("timeout", "dead") and not args.allow_errors:
                    break
    except DeadKernelError as e:
        runner_error = "DeadKernelError: %s" % (str(e) or "the kernel died")
        failure = failure or {"cellIndex": current["index"], "firstLine": first_line(current["source"]),
                              "ename": "DeadKernelError", "evalue": str(e) or "the kernel died", "traceback": []}
    except Exception as e:  # kernel failed to start, bad notebook, a restart that failed, ...
        runner_error = "%s: %s" % (type(e).__name__, e)
        failure = failure or {"cellIndex": current["index"], "firstLine": first_line(current["source"]),
                              "ename": type(e).__name__,
                              "evalue": str(e), "traceback": []}
    nbformat.write(nb, args.output)
    result = {"ok": failure is None, "durationMs": (time.monotonic() - run.started) * 1000, "cells": cells}
    if failure is not None:
        result["failure"] = failure
    if runner_error is not None:
        result["runnerError"] = runner_error
    with open(args.result, "w") as fh:
        json.dump(result, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
