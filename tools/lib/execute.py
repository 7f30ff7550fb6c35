"""Execute one notebook with nbclient and report per-cell status as JSON (used by tools/lib/execute.ts).

Usage: execute.py INPUT OUTPUT RESULT_JSON --timeout SEC --kernel NAME [--allow-errors] [--cwd DIR]
The kernel's protocol `error` message gives ename/evalue/traceback; a kernel that only writes the
failure to stderr (plain tslab) is still reported, from the cell's stderr stream.
"""
import argparse
import json
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# tslab drops requests that arrive within 200 ms of a failure; waiting longer keeps later cells.
PAUSE_AFTER_FAILURE_SEC = 0.3


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
    client = NotebookClient(nb, timeout=int(args.timeout), kernel_name=args.kernel, allow_errors=True,
                            interrupt_on_timeout=False, record_timing=False,
                            resources={"metadata": {"path": args.cwd}} if args.cwd else {})
    replies = {}
    client.on_cell_executed = lambda cell, cell_index, execute_reply: replies.__setitem__(cell_index, execute_reply)
    cells, failure, current = [], None, {"index": -1, "source": ""}
    started = time.monotonic()
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
                try:
                    client.execute_cell(cell, index, execution_count=count)
                except CellTimeoutError:
                    ms = (time.monotonic() - t0) * 1000
                    cells.append({"index": index, "durationMs": ms, "status": "timeout"})
                    if failure is None:
                        failure = {"cellIndex": index, "firstLine": first_line(cell.source),
                                   "ename": "Timeout", "evalue": f"cell did not finish within {args.timeout:g} s",
                                   "traceback": []}
                    break
                ms = (time.monotonic() - t0) * 1000
                reply = (replies.get(index) or {}).get("content", {})
                if reply.get("status") == "error":
                    cells.append({"index": index, "durationMs": ms, "status": "error"})
                    if failure is None:
                        failure = failure_from(cell, index, reply)
                    time.sleep(PAUSE_AFTER_FAILURE_SEC)
                else:
                    cells.append({"index": index, "durationMs": ms, "status": "ok"})
    except DeadKernelError as e:
        failure = failure or {"cellIndex": current["index"], "firstLine": first_line(current["source"]),
                              "ename": "DeadKernelError", "evalue": str(e) or "the kernel died", "traceback": []}
    except Exception as e:  # kernel failed to start, bad notebook, ...
        failure = failure or {"cellIndex": current["index"], "firstLine": first_line(current["source"]),
                              "ename": type(e).__name__,
                              "evalue": str(e), "traceback": []}
    nbformat.write(nb, args.output)
    result = {"ok": failure is None, "durationMs": (time.monotonic() - started) * 1000, "cells": cells}
    if failure is not None:
        result["failure"] = failure
    with open(args.result, "w") as fh:
        json.dump(result, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
