import { spawnSync } from "child_process";
import { describe, expect, it } from "vitest";

/**
 * Issue 4, item 7: no allocation per step. tests/fixtures/steps-without-allocation.ts runs under
 * `node --trace-gc` with a 1 MiB young generation, and --trace-gc prints a line at every collection:
 * a step allocating one boxed number (16 bytes) would trigger six or more over 4e5 steps.
 */
function collectionsDuringSteps(mode: string, steps: number): { collections: string[]; output: string } {
  const r = spawnSync(process.execPath, ["--trace-gc", "--max-semi-space-size=1", "--import", "tsx", "tests/fixtures/steps-without-allocation.ts", mode, String(steps)], { encoding: "utf8", timeout: 120_000 });
  const output = `${r.stdout}${r.stderr}`;
  expect(r.status, output.slice(-2000)).toBe(0);
  const lines = r.stdout.split("\n");
  const from = lines.indexOf("MARK");
  const to = lines.indexOf("END");
  expect(from, "the fixture printed MARK and END").toBeGreaterThanOrEqual(0);
  expect(to).toBeGreaterThan(from);
  return { collections: lines.slice(from + 1, to).filter((l) => /Scavenge|Mark-Compact|Mark-sweep/i.test(l)), output };
}

const quiet: [mode: string, steps: number, what: string][] = [
  ["small", 1_000_000, "every optimizer but ASGD on the JS path (n = 5), all in one process: 1e6 steps each"],
  ["native", 200_000, "Adam and AdamW (amsgrad) through the native kernels, n = 1024: 2e5 steps each"],
  ["wasm", 400_000, "Adam through the wasm arena's SIMD kernel, n = 1024: 4e5 steps"],
  ["js", 400_000, "Adam through the JS loop (native kernels off), n = 1024: 4e5 steps"],
];

describe("optimizer steps allocate nothing", () => {
  for (const [mode, steps, what] of quiet) {
    it(`${what}, no collection`, () => {
      expect(collectionsDuringSteps(mode, steps).collections).toEqual([]);
    }, 120_000);
  }

  it("the check can fail: a step that allocates is caught", () => {
    expect(collectionsDuringSteps("allocating", 1_000_000).collections.length).toBeGreaterThan(0);
  }, 120_000);
});
