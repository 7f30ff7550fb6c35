/**
 * What kernel-setup/setup.sh installs on a fresh Debian machine, checked up front: a test that needs
 * one of these tools fails here, naming it and how to get it, instead of skipping and passing empty.
 * (Legitimately optional pieces are not listed: headless-gl for the webgl backend, which setup does
 * not build by default — tests/tf-webgl.test.ts says why it skipped; and PyTorch, used only by the bench.)
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import { describe, expect, it } from "vitest";
import { nativeKernels } from "../src";

const SETUP = "run bash kernel-setup/setup.sh (as root, or install the Debian package named)";

function pythonImports(module: string): boolean {
  return fs.existsSync("/usr/bin/python3") && spawnSync("/usr/bin/python3", ["-c", `import ${module}`]).status === 0;
}

describe("tools that setup.sh installs are present", () => {
  it("Chromium (tests/browser.test.ts, tests/site-page.test.ts)", () => {
    expect(fs.existsSync("/usr/bin/chromium"), `/usr/bin/chromium is missing: ${SETUP}: chromium`).toBe(true);
  });

  const python: [module: string, pkg: string, users: string][] = [
    ["jupyter_kernel_test", "python3-jupyter-kernel-test", "tests/kernel-conformance.test.ts"],
    ["jupyter_client", "python3-jupyter-client", "tests/kernel-protocol.test.ts"],
    ["nbclient", "python3-nbclient", "tests/runner.test.ts and npm run notebooks"],
  ];
  for (const [module, pkg, users] of python) {
    it(`Python's ${module} (${users})`, () => {
      expect(pythonImports(module), `python3 cannot import ${module}: ${SETUP}: ${pkg}`).toBe(true);
    });
  }

  it("the native float64 kernels, built by kernel-setup/native.sh (tests/optim-native.test.ts)", () => {
    const status = nativeKernels();
    expect(status.available, `native kernels not in use: ${status.reason} (${SETUP}: gcc libc6-dev)`).toBe(true);
  });
});
