import { execFileSync } from "child_process";
import * as fs from "fs";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { loadState, nativeKernels, optim, saveState, wasmArena } from "../src";
import { adamStepNative, allFiniteNative, NATIVE_MIN_LENGTH, NATIVE_SOURCES, nativeBinaryName, useNativeKernels } from "../src/optim/accelerated/native/native-kernels";
import { ADAM_SCALARS, ADAM_VARIANTS, adamLayoutHeader, adamVariantCode, writeAdamScalars } from "../src/optim/accelerated/adam-layout";
import { configurations, expectBitIdentical, gradientInto, N, problem, runSteps, STEPS } from "./fixtures/adam-paths";

/** setup.sh installs gcc and builds the kernels: without them these tests fail, saying why (the first one names the reason). */
const status = nativeKernels();

/** 50 steps with the native kernels on or off: `on` decides which path runs, nothing else differs. */
function run(on: boolean, make: () => ReturnType<typeof optim.adam>, seed: number) {
  useNativeKernels(on);
  try {
    return runSteps(make(), seed, null);
  } finally {
    useNativeKernels(true);
  }
}

afterEach(() => useNativeKernels(true));

describe("the C kernel's layout header", () => {
  it("adam-layout.h is the one generated from adam-layout.ts (npx tsx src/optim/accelerated/native/write-adam-layout.ts)", () => {
    expect(fs.readFileSync("src/optim/accelerated/native/adam-layout.h", "utf8")).toBe(adamLayoutHeader());
  });
});

describe("native kernels (src/optim/accelerated/native/kernels.c)", () => {
  it("are built for the current source and loaded (setup.sh runs kernel-setup/native.sh)", () => {
    expect(status.reason).toBe("built from the current kernels.c and loaded");
    expect(status.available).toBe(true);
    expect(["avx512f", "avx2", "default"]).toContain(status.isa);
    expect(N).toBeGreaterThanOrEqual(NATIVE_MIN_LENGTH);
  });

  it("the loader and native.sh agree on the binary's name", () => {
    const fromScript = execFileSync("bash", ["kernel-setup/native.sh", "--print-name"], { encoding: "utf8" }).trim();
    expect(fromScript).toBe(nativeBinaryName(NATIVE_SOURCES.map((f) => fs.readFileSync(f))));
    expect(status.file?.endsWith(fromScript)).toBe(true);
  });

  for (const [label, make, opts] of configurations) {
    it(`${label}: 50 native steps are bit-identical to the JS loop`, () => {
      const fast = run(true, () => make(opts), 11);
      const slow = run(false, () => make(opts), 11);
      expect(fast.state.t).toBe(STEPS);
      for (const name of ["expAvg", "expAvgSq", "maxExpAvgSq"]) expectBitIdentical(fast.state.buffers[name], slow.state.buffers[name]);
      expectBitIdentical(fast.x, slow.x);
    });
  }

  it("really runs: adamStepNative reports every element updated, and 0 below the length threshold or when arrays overlap", () => {
    const [x, g, m, v, vmax] = [0, 1, 2, 3, 4].map(() => new Float64Array(N));
    g.fill(1);
    const scalars = new Float64Array(ADAM_SCALARS.length);
    writeAdamScalars(scalars, optim.adam({ lr: 0.1 }).hyperparams, 0.1, 1);
    expect(adamStepNative(x, g, m, v, vmax, 0, scalars)).toBe(N);
    expect(m[N - 1]).toBeCloseTo(0.1, 15);
    const short = new Float64Array(NATIVE_MIN_LENGTH - 1);
    expect(adamStepNative(short, short.slice(), short.slice(), short.slice(), short.slice(), 0, scalars)).toBe(0);
    // g aliasing x: the kernel declares its arrays disjoint, so it leaves this to the JS loop.
    expect(adamStepNative(x, x, m, v, vmax, 0, scalars)).toBe(0);
    const whole = new Float64Array(2 * N);
    expect(adamStepNative(whole.subarray(0, N), g, whole.subarray(N - 1, 2 * N - 1), v, vmax, 0, scalars)).toBe(0);
    // A scalar array of another length or an unknown variant code: refused, not misread.
    expect(adamStepNative(x, g, m, v, vmax, 0, scalars.subarray(1))).toBe(0);
    expect(adamStepNative(x, g, m, v, vmax, ADAM_VARIANTS.length, scalars)).toBe(0);
    useNativeKernels(false);
    expect(adamStepNative(x, g, m, v, vmax, 0, scalars)).toBe(0);
    expect(nativeKernels().available).toBe(false);
    expect(nativeKernels().reason).toMatch(/switched off by useNativeKernels\(false\)/);
    // One code per variant, 0 … 11, as the C switch (adam-layout.h) expects.
    expect(ADAM_VARIANTS.map(adamVariantCode)).toEqual(ADAM_VARIANTS.map((_, i) => i));
  });

  it("views at odd offsets into one buffer run natively; g = x falls back; both give the JS loop's result", () => {
    const opt = optim.adam({ lr: 1e-2, weightDecay: 0.1 });
    const steps = (on: boolean, aliased: boolean) => {
      useNativeKernels(on);
      const { x0, scale, noise } = problem(9);
      const buf = new Float64Array(2 * N + 3);
      const x = buf.subarray(1, N + 1); // byteOffset 8: not 16-byte aligned
      const g = aliased ? x : buf.subarray(N + 2, 2 * N + 2);
      x.set(x0);
      const state = opt.init(x);
      for (let k = 0; k < 10; k++) {
        if (!aliased) gradientInto(g, x, k, scale, noise);
        opt.step(x, g, state);
      }
      useNativeKernels(true);
      return { x, state };
    };
    for (const aliased of [false, true]) {
      const a = steps(true, aliased);
      const b = steps(false, aliased);
      expectBitIdentical(a.x, b.x);
      expectBitIdentical(a.state.buffers.expAvgSq, b.state.buffers.expAvgSq);
    }
  });

  it("arena arrays take the native path too, with the same result as the wasm kernel and the JS loop", () => {
    const make = () => optim.adamw({ lr: 1e-2, amsgrad: true });
    useNativeKernels(true);
    const native = runSteps(make(), 4, wasmArena(6 * N));
    useNativeKernels(false);
    const wasm = runSteps(make(), 4, wasmArena(6 * N));
    const js = runSteps(make(), 4, null);
    useNativeKernels(true);
    expectBitIdentical(native.x, wasm.x);
    expectBitIdentical(native.x, js.x);
  });

  it("saveState/loadState: 20 native steps, resume on the JS loop, bit-identical to 50 native steps", () => {
    const make = () => optim.adam({ lr: 1e-2, amsgrad: true, maximize: true });
    const whole = run(true, make, 3);
    const first = runSteps(make(), 3, null, 20);
    const state = loadState(JSON.parse(JSON.stringify(saveState(first.state))));
    useNativeKernels(false);
    for (let k = 20; k < STEPS; k++) {
      gradientInto(first.g, first.x, k, first.scale, first.noise);
      make().step(first.x, first.g, state);
    }
    expectBitIdentical(first.x, whole.x);
    expectBitIdentical(state.buffers.maxExpAvgSq, whole.state.buffers.maxExpAvgSq);
  });

  it("a non-finite gradient or parameter throws, naming the entry, and leaves x and the state unchanged", () => {
    const opt = optim.adam({ lr: 1e-2 });
    const { x0, scale, noise } = problem(2);
    const x = x0.slice();
    const g = new Float64Array(N);
    const state = opt.init(x);
    gradientInto(g, x, 0, scale, noise);
    opt.step(x, g, state);
    const before = JSON.stringify(saveState(state));
    const xBefore = x.slice();
    g[N - 3] = NaN;
    expect(() => opt.step(x, g, state)).toThrow(/adam\.step: parameter 'grad' must contain only finite numbers .* grad\[998\] = NaN/);
    g[N - 3] = 0;
    x[5] = -Infinity;
    expect(() => opt.step(x, g, state)).toThrow(/parameter 'x' .* x\[5\] = -Infinity/);
    x[5] = xBefore[5];
    expectBitIdentical(x, xBefore);
    expect(JSON.stringify(saveState(state))).toBe(before);
  });

  it("√v/√(1 − β₂ᵗ) without a per-entry division (Markstein's correction) rounds like the division, over 600 binades of gradients", () => {
    // A quotient that is only faithful (q = a·(1/b), no correction) mismatches ≈ 14 % of these entries.
    let seed = 12345;
    const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const n = 1 << 14;
    for (const [beta2, eps, amsgrad] of [[0.999, 1e-8, false], [0.9, 0, false], [0.5, 1e-300, true], [0.99999, 1e-8, false], [0, 1e-8, false]] as const) {
      const x0 = Float64Array.from({ length: n }, () => (uniform() - 0.5) * 2 ** Math.floor(uniform() * 60 - 30));
      const grads = Array.from({ length: 30 }, () =>
        Float64Array.from({ length: n }, () => (uniform() < 0.05 ? 0 : uniform() - 0.5) * 2 ** Math.floor(uniform() * 600 - 560)),
      );
      const [native, loop] = [true, false].map((on) => {
        useNativeKernels(on);
        const opt = optim.adam({ lr: 0.37, betas: [0.9, beta2], eps, amsgrad, checkFinite: false } as never);
        const x = Float64Array.from(x0);
        const state = opt.init(x);
        for (const g of grads) opt.step(x, g, state);
        return x;
      });
      useNativeKernels(true);
      expectBitIdentical(native, loop);
    }
  });

  it("allFinite agrees with Number.isFinite entry by entry, wherever the bad entry sits", () => {
    const special = fc.constantFrom(Infinity, -Infinity, NaN, -0, Number.MAX_VALUE, -Number.MIN_VALUE, 1e-310);
    const n = fc.integer({ min: NATIVE_MIN_LENGTH, max: NATIVE_MIN_LENGTH + 40 });
    fc.assert(
      fc.property(n, fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.oneof(fc.double(), special)), { maxLength: 3 }), (len, bad) => {
        const a = Float64Array.from({ length: len }, (_, i) => Math.sin(i) * 1e300);
        const b = Float64Array.from({ length: len }, (_, i) => Math.cos(i) * 1e-300);
        for (const [pos, inA, value] of bad) (inA ? a : b)[pos % len] = value;
        const expected = Array.from(a).every(Number.isFinite) && Array.from(b).every(Number.isFinite);
        expect(allFiniteNative(a, b)).toBe(expected);
      }),
      { numRuns: 300 },
    );
    expect(allFiniteNative(new Float64Array(10), new Float64Array(10))).toBeNull(); // short: the JS check
  });
});
