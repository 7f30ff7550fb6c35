import { describe, expect, it } from "vitest";
import { loadState, optim, saveState, wasmArena } from "../src";
import { useNativeKernels } from "../src/optim/accelerated/native/native-kernels";
import { configurations, expectBitIdentical, gradientInto, N, problem, runSteps, STEPS } from "./fixtures/adam-paths";
import { adamStepInArena } from "../src/optim/accelerated/wasm/wasm-accelerator";
import { adamModuleBytes, adamSingleName } from "../src/optim/accelerated/wasm/adam-kernel";
import { engineHasFusedMadd } from "../src/optim/accelerated/wasm/adam-quotient";
import { useWasmQuotient } from "../src/optim/accelerated/wasm/arena";
import { sleb, uleb } from "../src/wasm/encoder";
import { ADAM_VARIANTS, adamVariantName } from "../src/optim/accelerated/adam-layout";

/** Whether this x86 Linux machine's CPU lists FMA (true where that cannot be read: then the engine must have it). */
function cpuHasFma(): boolean {
  try {
    const flags = require("fs").readFileSync("/proc/cpuinfo", "utf8") as string;
    return !/^flags\s*:/m.test(flags) || /^flags\s*:.*\bfma\b/m.test(flags);
  } catch {
    return true;
  }
}

// These tests are about the wasm kernel: the native one (tests/optim-native.test.ts) would take
// arrays this long first.
useNativeKernels(false);

describe("wasm arena: Adam's SIMD kernel", () => {
  it("the kernel module validates in each quotient form and the engine runs it", () => {
    for (const quotient of ["residual", "division"] as const) expect(WebAssembly.validate(adamModuleBytes(quotient) as Uint8Array<ArrayBuffer>)).toBe(true);
    // Relaxed SIMD: Node 20 gets it from the flag the Node entry sets (relaxed-simd-node.ts).
    expect(WebAssembly.validate(adamModuleBytes("fused") as Uint8Array<ArrayBuffer>)).toBe(true);
    expect(engineHasFusedMadd() || !cpuHasFma()).toBe(true);
    expect(wasmArena(4).simd).toBe(true);
  });

  it("LEB128 encodings match the spec's examples", () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(16)).toEqual([16]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
  });

  for (const [label, make, opts] of configurations) {
    it(`${label}: 50 steps in an arena are bit-identical to the JS loop`, () => {
      const opt = make(opts);
      const arena = wasmArena(6 * N);
      const fast = runSteps(opt, 11, arena);
      const slow = runSteps(opt, 11, null);
      // The kernel really ran on the arena's arrays.
      expect(fast.state.buffers.expAvg.buffer).toBe(fast.x.buffer);
      expect(slow.state.buffers.expAvg.buffer).not.toBe(slow.x.buffer);
      expect(fast.state.t).toBe(STEPS);
      for (const name of ["expAvg", "expAvgSq", "maxExpAvgSq"]) expectBitIdentical(fast.state.buffers[name], slow.state.buffers[name]);
      expectBitIdentical(fast.x, slow.x);
    });
  }

  it("the kernel updates every pair and its scalar twin the odd last element; arrays outside the arena are refused", () => {
    const arena = wasmArena(5 * N + 10);
    const [x, g, m, v, vmax] = [0, 1, 2, 3, 4].map(() => arena.alloc(N));
    g.fill(1);
    const h = optim.adam({ lr: 0.1 }).hyperparams;
    const plain = ADAM_VARIANTS[0];
    expect(plain).toEqual({ maximize: false, decay: "none", amsgrad: false });
    const [pairs, single] = [adamVariantName(plain), adamSingleName(plain)];
    expect(adamStepInArena(x, g, m, v, vmax, pairs, single, false, h, 0.1, 1)).toBe(true);
    expect(m[N - 2]).toBeCloseTo(0.1, 15);
    expect(m[N - 1]).toBeCloseTo(0.1, 15);
    expect(adamStepInArena(x, new Float64Array(N), m, v, vmax, pairs, single, false, h, 0.1, 2)).toBe(false);
    const other = wasmArena(N + 1).alloc(N);
    expect(adamStepInArena(x, other, m, v, vmax, pairs, single, false, h, 0.1, 2)).toBe(false);
    // Every variant has its own exported pair and scalar kernels.
    const names = new Set(ADAM_VARIANTS.flatMap((w) => [adamVariantName(w), adamSingleName(w)]));
    expect(names.size).toBe(24);
    expect(names.has("adam_max_coupled_ams") && names.has("adam_min_decoupled_noams_single")).toBe(true);
  });

  it("falls back to the JS loop, with the same result, when some array is not in the arena", () => {
    const opt = optim.adam({ lr: 1e-2, amsgrad: true });
    const slow = runSteps(opt, 5, null);
    // x in an arena, g plain.
    const { x0, scale, noise } = problem(5);
    const arena = wasmArena(4 * N + 8);
    const x = arena.from(x0);
    const g = new Float64Array(N);
    const state = opt.init(x);
    expect(state.buffers.expAvg.buffer).toBe(x.buffer);
    for (let k = 0; k < STEPS; k++) {
      gradientInto(g, x, k, scale, noise);
      opt.step(x, g, state);
    }
    expectBitIdentical(x, slow.x);
    // An arena too small for the buffers: init keeps plain arrays.
    const tight = wasmArena(N + 1);
    const y = tight.from(x0);
    const s2 = opt.init(y);
    expect(s2.buffers.expAvg.buffer).not.toBe(y.buffer);
    expect(tight.used).toBe(N + 1);
  });

  it("saveState/loadState: stop after 20 arena steps, resume from plain arrays, bit-identical to 50 uninterrupted steps", () => {
    const opt = optim.adamw({ lr: 1e-2, amsgrad: true });
    const whole = runSteps(opt, 3, wasmArena(6 * N));
    const arena = wasmArena(6 * N);
    const first = runSteps(opt, 3, arena, 20);
    const saved = JSON.parse(JSON.stringify(saveState(first.state)));
    const state = loadState(saved);
    expect(state.buffers.expAvg.buffer).not.toBe(first.x.buffer);
    for (let k = 20; k < STEPS; k++) {
      gradientInto(first.g, first.x, k, first.scale, first.noise);
      opt.step(first.x, first.g, state);
    }
    expectBitIdentical(first.x, whole.x);
    expectBitIdentical(state.buffers.expAvgSq, whole.state.buffers.expAvgSq);
  });

  it("bad input names the function, the parameter and the value", () => {
    expect(() => wasmArena(0)).toThrow(/^wasmArena: parameter 'capacity' must be an integer in \[1, \d+\], got 0$/);
    expect(() => wasmArena(2.5)).toThrow(/wasmArena: parameter 'capacity'.*got 2\.5/);
    expect(() => wasmArena(2 ** 40)).toThrow(/wasmArena: parameter 'capacity'/);
    const arena = wasmArena(10);
    expect(() => arena.alloc(11)).toThrow(/^arena\.alloc: parameter 'n' must be an integer in \[0, 10\].*got 11$/);
    expect(() => arena.alloc(-1)).toThrow(/arena\.alloc: parameter 'n'.*got -1/);
    expect(arena.used).toBe(0);
    arena.alloc(3);
    expect(arena.used).toBe(4);
    expect(() => arena.from([1, 2, 3, 4, 5, 6, 7])).toThrow(/arena\.from: parameter 'values' must be an array of length in \[0, 6\].*got length 7$/);
    expect(() => arena.from(null as unknown as number[])).toThrow(/arena\.from: parameter 'values'.*got null/);
    expect(Array.from(arena.from([1, -0, 3]))).toEqual([1, -0, 3]);
    expect(() => useWasmQuotient("fast" as "fused")).toThrow(/^useWasmQuotient: parameter 'quotient' must be one of .*"fused".*got "fast"$/);
  });

  it("new arenas run the fused quotient where the engine has it, else the residual one, or the form a test names", () => {
    expect(wasmArena(4).quotient).toBe(engineHasFusedMadd() ? "fused" : "residual");
    try {
      useWasmQuotient("residual");
      const arena = wasmArena(4);
      expect(arena.quotient).toBe("residual");
      useWasmQuotient("division");
      expect(wasmArena(4).quotient).toBe("division");
      expect(arena.quotient).toBe("residual"); // an arena keeps the kernels it was made with
    } finally {
      useWasmQuotient("auto");
    }
  });
});
