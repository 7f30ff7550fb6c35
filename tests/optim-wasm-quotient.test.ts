/**
 * The wasm arena's Adam kernels compute √v / √(1 − β₂ᵗ) without dividing: the fused and the residual
 * quotients of src/optim/accelerated/wasm/adam-quotient.ts (proofs at the top of that file). These
 * tests hold each form to the rule's division bit for bit where that is hardest: quotients a hair
 * from a rounding midpoint, starting quotients two ulps off (outside Markstein's theorem), every
 * binade of v, m and 1 − β₂ᵗ the step can meet, special values, and every length the
 * software-pipelined loop splits differently.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { optim, wasmArena, type AdamOptions } from "../src";
import { useNativeKernels } from "../src/optim/accelerated/native/native-kernels";
import { useJsAdam } from "../src/optim/accelerated/js-adam";
import { ADAM_SCALAR, ADAM_SCALARS, ADAM_VARIANTS, adamVariantName, writeAdamScalars } from "../src/optim/accelerated/adam-layout";
import { adamSingleName } from "../src/optim/accelerated/wasm/adam-kernel";
import { engineHasFusedMadd, quotientCovers } from "../src/optim/accelerated/wasm/adam-quotient";
import { useWasmQuotient } from "../src/optim/accelerated/wasm/arena";
import { adamStepInArena } from "../src/optim/accelerated/wasm/wasm-accelerator";
import { expectBitIdentical } from "./fixtures/adam-paths";

// The arena's kernel on one side; the rule's own loop (src/optim/torch/adam.ts) on the other.
beforeAll(() => {
  useNativeKernels(false);
  useJsAdam(false);
});
afterAll(() => {
  useNativeKernels(true);
  useJsAdam(true);
});

type Make = (o: Partial<AdamOptions>) => ReturnType<typeof optim.adam>;

interface Start {
  x: Float64Array;
  g: Float64Array;
  m: Float64Array;
  v: Float64Array;
  vmax: Float64Array;
  /** The step about to be taken, as torch counts (1-based). */
  step: number;
}

/** One step from `start`, in a wasm arena (checking that the kernel ran) or in plain arrays (the rule's loop). */
function stepFrom(make: Make, opts: Partial<AdamOptions>, start: Start, inArena: boolean) {
  const opt = make({ ...opts, checkFinite: false });
  const n = start.x.length;
  const arena = inArena ? wasmArena(6 * n + 16) : null;
  const x = arena ? arena.from(start.x) : start.x.slice();
  const g = arena ? arena.from(start.g) : start.g.slice();
  const state = opt.init(x);
  const b = state.buffers;
  expect(b.expAvg.buffer === x.buffer).toBe(inArena);
  b.expAvg.set(start.m);
  b.expAvgSq.set(start.v);
  b.maxExpAvgSq.set(start.vmax);
  state.t = start.step - 1;
  opt.step(x, g, state);
  return { x, m: b.expAvg, v: b.expAvgSq, vmax: b.maxExpAvgSq };
}

/**
 * Bit for bit, except that any NaN matches any NaN: which payload and sign a NaN carries is left open
 * by IEEE 754 and differs between V8's JavaScript and its wasm code (for the plain division kernel
 * as well), and no number depends on it.
 */
function expectSameBitsOrNaN(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  const bitsA = new BigUint64Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
  const bitsB = new BigUint64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  let firstDiff = -1;
  for (let i = 0; i < a.length && firstDiff < 0; i++) if (bitsA[i] !== bitsB[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) firstDiff = i;
  expect(firstDiff, firstDiff < 0 ? "" : `first difference at ${firstDiff}: ${a[firstDiff]} vs ${b[firstDiff]}`).toBe(-1);
}

function expectSameStep(make: Make, opts: Partial<AdamOptions>, start: Start, nanAsNaN = false): Float64Array {
  const fast = stepFrom(make, opts, start, true);
  const slow = stepFrom(make, opts, start, false);
  const same = nanAsNaN ? expectSameBitsOrNaN : expectBitIdentical;
  same(fast.x, slow.x);
  same(fast.m, slow.m);
  same(fast.v, slow.v);
  same(fast.vmax, slow.vmax);
  return fast.x;
}

/** b = √(1 − β₂ᵗ) with the bits the step uses. */
function biasCorrection2Sqrt(beta2: number, step: number): number {
  const s = new Float64Array(ADAM_SCALARS.length);
  writeAdamScalars(s, optim.adam({ betas: [0.9, beta2] }).hyperparams, 1e-3, step);
  return s[ADAM_SCALAR.biasCorrection2Sqrt];
}

/** The kernel's quotient, computed in JS with the same operations: q, whether it falls back, and q without the check. */
function residualInJs(s: number, b: number) {
  const f = new Float64Array(1);
  const bits = new Uint32Array(f.buffer);
  const cut = (y: number) => {
    f[0] = y;
    bits[0] &= 0xf8000000;
    return f[0];
  };
  const r = 1 / b;
  const bHigh = cut(b);
  const bLow = b - bHigh;
  const qt = cut(s * r);
  const corr = (s - qt * bHigh - qt * bLow) * r;
  const q = qt + corr * (1 + 2 ** -49);
  return { q, fallsBack: q !== qt + corr * (1 - 2 ** -49), unchecked: qt + corr };
}

/** x = M·2^e exactly, M an integer. */
function exactParts(x: number): { M: bigint; e: number } {
  const u = new BigUint64Array(new Float64Array([x]).buffer)[0];
  const biased = Number((u >> 52n) & 0x7ffn);
  const fraction = u & ((1n << 52n) - 1n);
  return biased === 0 ? { M: fraction, e: -1074 } : { M: fraction | (1n << 52n), e: biased - 1075 };
}

/** The sign of a·b − c for positive finite doubles, exactly. */
function exactSign(a: number, b: number, c: number): number {
  const [pa, pb, pc] = [exactParts(a), exactParts(b), exactParts(c)];
  const e = Math.min(pa.e + pb.e, pc.e);
  const d = ((pa.M * pb.M) << BigInt(pa.e + pb.e - e)) - (pc.M << BigInt(pc.e - e));
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

/** A seeded uniform [0, 1) (LCG, as tests/optim-native.test.ts). */
function uniformFrom(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** The odd part B of b's significand and the exponent with b = B·2^e. */
function oddSignificand(b: number): { B: bigint; e: number } {
  const f = new Float64Array([b]);
  const u = new BigUint64Array(f.buffer)[0];
  let B = (u & ((1n << 52n) - 1n)) | (1n << 52n);
  let e = Number((u >> 52n) & 0x7ffn) - 1075;
  while ((B & 1n) === 0n) {
    B >>= 1n;
    e += 1;
  }
  return { B, e };
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/**
 * Roots s = S·2^k (S a 53-bit integer) whose quotient s/b lies δ/(2B) of an ulp from a rounding
 * midpoint (B: the odd part of b's significand), for odd δ log-uniform in ±[1, 2^48] (±[1, 2^40] when B has
 * fewer than 53 bits), so from about 2^-53 to 2^-5 ulp: from
 * 2^(g+1)·S = (2M + 1)·B + δ, S ≡ δ·2^-(g+1) (mod B), and S/B = (M + ½ + δ/(2B))·2^-g with M a
 * 53-bit integer.
 */
function hardRoots(b: number, count: number, uniform: () => number): number[] {
  const { B } = oddSignificand(b);
  if (B < 1n << 44n) return [];
  const bitsB = BigInt(B.toString(2).length);
  const out: number[] = [];
  for (let tries = 0; out.length < count && tries < 50 * count; tries++) {
    const sign = uniform() < 0.5 ? -1n : 1n;
    const delta = sign * (2n * BigInt(Math.floor(2 ** (uniform() * (bitsB > 52n ? 48 : 40)) / 2)) + 1n);
    const g = bitsB - 1n + BigInt(Math.floor(uniform() * 2)); // M ≈ S·2^g/B has 53 bits for one of these
    const S0 = ((((delta % B) + B) % B) * modInverse((1n << (g + 1n)) % B, B)) % B;
    // A representative of S0 mod B in [2^52, 2^53), if there is one.
    let S = S0 + ((1n << 52n) - S0 + B - 1n) / B * B;
    if (S >= 1n << 53n) continue;
    S += BigInt(Math.floor(uniform() * Number(((1n << 53n) - 1n - S) / B + 1n))) * B;
    const M = ((S << (g + 1n)) - delta - B) / (2n * B);
    if (M < 1n << 52n || M >= 1n << 53n) continue;
    const s = Number(S) * 2 ** (Math.floor(uniform() * 900) - 450);
    if (Math.sqrt(s * s) === s) out.push(s);
  }
  return out;
}

// tests/optim-wasm.test.ts fails where the fused form is missing on a CPU with FMA.
for (const quotient of (engineHasFusedMadd() ? ["fused", "residual"] : ["residual"]) as ("fused" | "residual")[]) describe(`wasm arena: the ${quotient} quotient √v / √(1 − β₂ᵗ) is the division's, bit for bit`, () => {
  beforeAll(() => useWasmQuotient(quotient));
  afterAll(() => useWasmQuotient("auto"));

  it("quotients from about 2^-53 to 2^-5 of an ulp from a rounding midpoint: every x is exactly the one the division gives", () => {
    // β₁ = 0, lr = 1, ε = 0, x = 0: m' = g and x' = −g/q. With g = RN(s/b)/2, x' is −½ exactly when the
    // kernel's q is RN(s/b), and −½(1 ± 2^-52) when it is one ulp off. v is set so that v' = s² (vi's root is s).
    const uniform = uniformFrom(2024);
    let lanes = 0;
    let fallbacks = 0;
    let uncheckedWrong = 0;
    for (let i = 0; i < 24; i++) {
      // 1 − β₂ from 2^-1 to 2^-45, then random; steps while β₂ᵗ still counts (b = 1 exactly has no hard quotients).
      const beta2 = i < 12 ? 1 - 2 ** -(1 + 4 * i) : 0.01 + uniform() * 0.98;
      const step = 1 + Math.floor(uniform() * Math.min(3000, 20 / (1 - beta2)));
      const b = biasCorrection2Sqrt(beta2, step);
      const roots: number[] = [];
      const g: number[] = [];
      const v: number[] = [];
      for (const s of hardRoots(b, 300, uniform)) {
        // The rule's v' = v·β₂ + ((1 − β₂)·g)·g, solved for v and kept where its root is s again.
        const gi = s / b / 2;
        const w = (1 - beta2) * gi * gi;
        const vi = (s * s - w) / beta2;
        if (Number.isFinite(vi) && Math.sqrt(vi * beta2 + w) === s) {
          roots.push(s);
          g.push(gi);
          v.push(vi);
        }
      }
      const n = roots.length;
      if (n === 0) continue; // b's significand ends in too many zeros for this construction
      expect(n).toBeGreaterThan(100);
      const start: Start = { x: new Float64Array(n), g: Float64Array.from(g), m: new Float64Array(n), v: Float64Array.from(v), vmax: new Float64Array(n), step };
      const x = expectSameStep(optim.adam, { lr: 1, betas: [0, beta2], eps: 0 }, start);
      expect(Array.from(x).every((xi) => xi === -0.5)).toBe(true);
      for (const s of quotient === "residual" ? roots : []) {
        const js = residualInJs(s, b);
        lanes += 1;
        if (js.fallsBack) fallbacks += 1;
        else expect(js.q).toBe(s / b);
        if (js.unchecked !== s / b) uncheckedWrong += 1;
      }
    }
    // Hard cases both ways: the check sends the closest to the division and decides the others, and
    // q = RN(qt + corr) without it would be wrong on many.
    if (quotient === "fused") return;
    expect(lanes).toBeGreaterThan(5000);
    expect(fallbacks / lanes).toBeGreaterThan(0.2);
    expect(fallbacks / lanes).toBeLessThan(0.9);
    expect(uncheckedWrong / lanes).toBeGreaterThan(0.05);
  });

  it("starting quotients RN(s·RN(1/b)) more than an ulp from s/b (outside Markstein's theorem): every x is exactly the one the division gives", () => {
    // As above, x' = −½ exactly when the kernel's q is RN(s/b). Here s is drawn until RN(s·r) is not
    // one of the two doubles around s/b, which happens for about 1 % of s when b's significand is
    // near 2 (b = 1 − 2^-k·j) and 1/b lies near a midpoint.
    const uniform = uniformFrom(31);
    let found = 0;
    for (let i = 0; i < 30; i++) {
      const beta2 = 1 - 2 ** -(2 + (i % 20)) * (1 + uniform());
      const step = 1 + Math.floor(uniform() * 50);
      const b = biasCorrection2Sqrt(beta2, step);
      const r = 1 / b;
      const roots: number[] = [];
      const g: number[] = [];
      const v: number[] = [];
      for (let tries = 0; tries < 40000 && roots.length < 64; tries++) {
        const s = (1 + uniform()) * 2 ** Math.floor(uniform() * 40 - 20);
        const q = s / b;
        const q0 = s * r;
        // Not faithful: q0 ≠ q on the side of q away from s/b (the sign of b·q − s, exactly).
        if (q0 === q || Math.sign(q0 - q) !== exactSign(b, q, s) || Math.sqrt(s * s) !== s) continue;
        const gi = q / 2;
        const w = (1 - beta2) * gi * gi;
        const vi = (s * s - w) / beta2;
        if (Number.isFinite(vi) && vi >= 0 && Math.sqrt(vi * beta2 + w) === s) {
          roots.push(s);
          g.push(gi);
          v.push(vi);
        }
      }
      const n = roots.length;
      if (n === 0) continue;
      found += n;
      const start: Start = { x: new Float64Array(n), g: Float64Array.from(g), m: new Float64Array(n), v: Float64Array.from(v), vmax: new Float64Array(n), step };
      const x = expectSameStep(optim.adam, { lr: 1, betas: [0, beta2], eps: 0 }, start);
      expect(Array.from(x).every((xi) => xi === -0.5)).toBe(true);
    }
    expect(found).toBeGreaterThan(300);
  });

  it("over every binade of v (subnormal to 2^1023), of m, and of 1 − β₂ᵗ (2^-53 to 1), every variant, ε from 0 to 1e-3", () => {
    const uniform = uniformFrom(7);
    const n = 2048 + 1; // odd: the scalar twin finishes the last element
    const wide = (lo: number, hi: number) => (uniform() < 0.5 ? -1 : 1) * (1 + uniform()) * 2 ** Math.floor(lo + uniform() * (hi - lo));
    let configs = 0;
    for (let i = 0; i < 54; i++) {
      // 1 − β₂ = 2^-(i) for i = 1 … 53 (b from 2^-26.5 up), then β₂ = 0 (b = 1).
      const beta2 = i === 0 ? 0 : 1 - 2 ** -i;
      const step = i % 3 === 0 ? 1 : 1 + Math.floor(uniform() * 100000);
      const variant = ADAM_VARIANTS[i % ADAM_VARIANTS.length];
      const make: Make = variant.decay === "decoupled" ? optim.adamw : optim.adam;
      const opts: Partial<AdamOptions> = {
        lr: 10 ** (uniform() * 6 - 5),
        betas: [uniform() * 0.99, beta2],
        eps: [0, 1e-8, 1e-300, 1e-3][i % 4],
        weightDecay: variant.decay === "none" ? 0 : 0.01,
        amsgrad: variant.amsgrad,
        maximize: variant.maximize,
      };
      const v = Float64Array.from({ length: n }, () => Math.abs(wide(-1074, 1023)));
      const start: Start = {
        x: Float64Array.from({ length: n }, () => wide(-300, 300)),
        g: Float64Array.from({ length: n }, () => (uniform() < 0.3 ? 0 : wide(-560, 500))),
        m: Float64Array.from({ length: n }, () => wide(-1074, 1023)),
        v,
        vmax: Float64Array.from(v, (vi) => (uniform() < 0.5 ? vi : Math.abs(wide(-1074, 1023)))),
        step,
      };
      expectSameStep(make, opts, start);
      configs += 1;
    }
    expect(configs).toBe(54);
  });

  it("special values: v or vmax 0, subnormal, MAX_VALUE, Infinity, NaN, negative (a corrupt state); g ±0, ±Infinity, NaN (NaN matching any NaN)", () => {
    const specials = [0, 5e-324, 2.2250738585072014e-308, Number.MAX_VALUE, Infinity, NaN, -1, -0, 1e-300, 1e300];
    const n = specials.length * specials.length + 1;
    const column = (k: number) => Float64Array.from({ length: n }, (_, i) => specials[(i + k) % specials.length]);
    const rows = Float64Array.from({ length: n }, (_, i) => specials[Math.floor(i / specials.length) % specials.length]);
    for (const variant of ADAM_VARIANTS) {
      const make: Make = variant.decay === "decoupled" ? optim.adamw : optim.adam;
      const start: Start = { x: column(3), g: Float64Array.from(column(1), (gi, i) => (i % 3 === 0 ? -gi : gi)), m: column(2), v: rows, vmax: column(0), step: 7 };
      for (const eps of [0, 1e-8]) {
        expectSameStep(make, { lr: 1e-2, eps, weightDecay: variant.decay === "none" ? 0 : 0.1, amsgrad: variant.amsgrad, maximize: variant.maximize }, start, true);
      }
    }
  });

  it("every length from 0 to 80, and a few past it: the pipelined turns, the pairs left to the plain loop, the odd last element", () => {
    const uniform = uniformFrom(99);
    const lengths = [...Array.from({ length: 81 }, (_, i) => i), 127, 128, 129, 1000, 1001, 1003];
    for (const n of lengths) {
      for (const [make, opts] of [
        [optim.adam, { lr: 1e-2 }],
        [optim.adam, { lr: 1e-2, amsgrad: true, maximize: true, weightDecay: 0.1 }],
        [optim.adamw, { lr: 1e-2, amsgrad: true }],
      ] as [Make, Partial<AdamOptions>][]) {
        const rand = () => Float64Array.from({ length: n }, () => (uniform() - 0.5) * 2 ** Math.floor(uniform() * 40 - 20));
        const v = Float64Array.from(rand(), Math.abs);
        expectSameStep(make, opts, { x: rand(), g: rand(), m: rand(), v, vmax: Float64Array.from(v, (vi) => vi * uniform() * 2), step: 3 });
      }
    }
  });

  it("the kernel declines b outside [2^-400, 1] and overlapping views (the rule's loop then runs); ε = −0 and zero v run in it", () => {
    expect(quotientCovers(1)).toBe(true);
    expect(quotientCovers(biasCorrection2Sqrt(1 - 2 ** -53, 1))).toBe(true);
    expect(quotientCovers(2 ** -401)).toBe(false);
    expect(quotientCovers(1 + 2 ** -52)).toBe(false);
    expect(quotientCovers(NaN)).toBe(false);
    const n = 64;
    const arena = wasmArena(8 * n);
    const [x, g, m, v, vmax] = [0, 1, 2, 3, 4].map(() => arena.alloc(n));
    g.fill(0.5);
    const plain = ADAM_VARIANTS[0];
    const names = [adamVariantName(plain), adamSingleName(plain)] as const;
    const h = optim.adam({ lr: 0.1 }).hyperparams;
    expect(adamStepInArena(x, g, m, v, vmax, ...names, false, h, 0.1, 1)).toBe(true);
    expect(adamStepInArena(x, g, m, v, vmax, ...names, false, { ...h, eps: -0 }, 0.1, 2)).toBe(true);
    // g one element into x: the kernel would read g ahead of the x it writes.
    const whole = arena.alloc(n + 1);
    expect(adamStepInArena(whole.subarray(0, n), whole.subarray(1, n + 1), m, v, vmax, ...names, false, h, 0.1, 2)).toBe(false);
    expect(adamStepInArena(x, x, m, v, vmax, ...names, false, h, 0.1, 2)).toBe(false);
    // ε = −0 where v' = +0 (denominator +0 + −0 = +0), without and with amsgrad (a −0 vmax: the plain form's −0 root).
    const start: Start = {
      x: Float64Array.from({ length: 41 }, (_, i) => i - 20),
      g: Float64Array.from({ length: 41 }, (_, i) => (i % 3 ? 0 : -1)),
      m: new Float64Array(41).fill(0.25),
      v: Float64Array.from({ length: 41 }, (_, i) => (i % 2 ? 0 : -1)),
      vmax: new Float64Array(41).fill(-0),
      step: 2,
    };
    for (const amsgrad of [false, true]) {
      const x1 = expectSameStep(optim.adam, { lr: 0.1, eps: -0, amsgrad }, start, true);
      expect(Array.from(x1).some((xi) => !Number.isFinite(xi))).toBe(true);
    }
  });
});
