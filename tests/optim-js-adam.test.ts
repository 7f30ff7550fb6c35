import { afterEach, describe, expect, it } from "vitest";
import { optim } from "../src";
import { useNativeKernels } from "../src/optim/accelerated/native/native-kernels";
import { jsAdamAccelerator, useJsAdam } from "../src/optim/accelerated/js-adam";
import { configurations, expectBitIdentical, runSteps, STEPS } from "./fixtures/adam-paths";

// The JS accelerator runs where neither native code nor a wasm arena does: plain arrays, native off.
useNativeKernels(false);
afterEach(() => useJsAdam(true));

function run(on: boolean, make: () => ReturnType<typeof optim.adam>) {
  useJsAdam(on);
  return runSteps(make(), 11, null);
}

describe("Adam's JS loop specialised for V8 (src/optim/accelerated/js-adam.ts)", () => {
  for (const [label, make, opts] of configurations) {
    it(`${label}: 50 steps are bit-identical to the reference loop of torch/adam.ts`, () => {
      const fast = run(true, () => make(opts));
      const slow = run(false, () => make(opts));
      expect(fast.state.t).toBe(STEPS);
      for (const name of ["expAvg", "expAvgSq", "maxExpAvgSq"]) expectBitIdentical(fast.state.buffers[name], slow.state.buffers[name]);
      expectBitIdentical(fast.x, slow.x);
    });
  }

  it("takes Adam and AdamW without maximize, amsgrad or Adam's coupled weight decay, and declines the rest", () => {
    const takes = (name: "adam" | "adamw", o: object) => jsAdamAccelerator.rules![name].step((name === "adam" ? optim.adam : optim.adamw)(o).hyperparams) !== null;
    expect(takes("adam", {})).toBe(true);
    expect(takes("adamw", { weightDecay: 0.1 })).toBe(true);
    expect(takes("adam", { weightDecay: 0.1 })).toBe(false);
    expect(takes("adam", { amsgrad: true })).toBe(false);
    expect(takes("adamw", { maximize: true })).toBe(false);
  });
});
