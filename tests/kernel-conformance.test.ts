/**
 * Debian's jupyter_kernel_test (python3-jupyter-kernel-test) against the `descent` kernel:
 * kernel_info, execute stdout/stderr, completion, is_complete (incl. invalid), pager, error,
 * execute_result, display_data, history, inspect, clear_output. See kernel-setup/conformance.py.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const PYTHON = "/usr/bin/python3";
const hasSuite = fs.existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import jupyter_kernel_test"]).status === 0;

describe("jupyter_kernel_test conformance", () => {
  it.skipIf(!hasSuite)("passes every test of the suite on the descent kernel", async () => {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(PYTHON, ["-m", "unittest", "-v", "kernel-setup/conformance.py"], {
        cwd: ROOT,
        env: { ...process.env, JUPYTER_PATH: path.join(ROOT, "kernel-setup", "jupyter") },
      });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      const timer = setTimeout(() => child.kill("SIGTERM"), 110_000);
      child.on("close", (c) => {
        clearTimeout(timer);
        resolve({ code: c, output });
      });
    });
    const summary = output.split("\n").filter((l) => / \.\.\. /.test(l) || /^(Ran|OK|FAILED)/.test(l));
    expect(summary.join("\n"), output.slice(-4000)).toMatch(/^OK/m);
    expect(summary.join("\n")).not.toMatch(/skipped|FAIL|ERROR/);
    expect(output).toMatch(/^Ran 12 tests/m);
    expect(code).toBe(0);
  }, 120_000);
  // Without the suite, tests/setup-tools.test.ts fails and names the package.
});
