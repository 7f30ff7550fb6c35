/**
 * √v / √(1 − β₂ᵗ) in the wasm Adam kernels (adam-kernel.ts), bit for bit the division the rule file
 * performs, in one of three forms. Every pair of entries shares the divisor b = √(1 − β₂ᵗ), so its
 * reciprocal r = RN(1/b) is computed once per step, in JS; what each form spends per pair:
 *
 *   "division"  s / b itself: f64x2.div, which shares the core's divider with the square root and the
 *               update's own division, the three of them bounding the loop.
 *   "fused"     q0 = RN(s·r), then one correction with fused multiply-adds: a multiplication and two
 *               FMAs. WebAssembly has an FMA only in relaxed SIMD (f64x2.relaxed_madd/nmadd), which
 *               may compute a·b + c with one rounding or with two, as the engine and machine decide
 *               once for all: the arena uses this form where a probe (engineHasFusedMadd) finds one.
 *   "residual"  no FMA: the exact remainder from b split in two halves of 26 bits, with a bracket
 *               that proves the rounding or falls back to the division for that turn: ≈ 14 more FP
 *               operations per pair than the division.
 *
 * Notation for both proofs: u = 2^-53, RN = round to nearest even, s = √vi as computed (RN of the true
 * root), b ∈ [2^-400, 1] (the accelerator declines a step otherwise: quotientCovers; with β₂ in
 * [0, 1), 1 − β₂ᵗ ≥ 2^-53 and b ≥ 2^-27), Q = s / b exactly, and the goal is RN(Q).
 *
 * Special values (both forms). s = +0: every value below is +0 and q = +0 = RN(+0/b). s = +∞ (v
 * overflowed) or NaN (v NaN or negative): the correction is NaN and the lane keeps, or takes, a
 * value computed as s·r or s / b, which is +∞ or NaN like the division. s = −0 arises only from a
 * corrupt vmax of −0 with amsgrad: without amsgrad vi = RN(v·β₂ + RN(RN((1 − β₂)·gi)·gi)), whose
 * second term is +0, positive, +∞ or NaN, and no sum y + (+0) is −0. Otherwise s is normal:
 * 2^-537 ≤ s ≤ 2^512 (the square root of a positive finite double).
 *
 * The fused form, why q1 = RN(q0 + RN(s − b·q0)·r) is RN(Q) (Markstein's correction, 1990; his
 * theorem asks for q0 within one ulp of Q, which q0 = RN(s·r) is not always: 1.6 % of all operand
 * pairs at 10-bit precision, counted exhaustively). Powers of two scale out (nothing comes near
 * under- or overflow: Q ≤ 2^912, and remainders are multiples of ulp(b)·ulp(q0) ≥ 2^-1041), so take
 * s, b ∈ [1, 2), 53 bits. b = 1 is exact throughout (r = 1, q0 = s, remainder 0), so b ≤ 2 − 2u,
 * 1/b ∈ (1/2, 1), r = 1/b + ε with |ε| ≤ u/2, and |bε| < u.
 *   0. The remainder s − b·q0 is a multiple of ulp(b)·ulp(q0) = 2u·ulp(q0), so the FMA returns it
 *      exactly when |s − b·q0| < 2·ulp(q0), and otherwise within 2u·ulp(q0). When it is exact, the
 *      FMA's q1 = RN(z) with z = q0 + (s − b·q0)·r = Q + E, E = (Q − q0)·bε. RN is monotone, so
 *      q1 ≠ RN(Q) needs a rounding midpoint μ between Q and z (or at z), and μ ≠ Q (a quotient of
 *      two 53-bit numbers is never a midpoint). Suppose there is one; each case ends in contradiction.
 *   1. Q ∈ [1, 2). |s·r − Q| = s|ε| < u. If q0 = RN(s·r) < 1, then s·r < 1 − u/2, Q < 1 + u/2,
 *      every midpoint is ≥ u/2 from Q, and |z' − Q| < 3.5u² as in 2: no μ. Else |Q − q0| <
 *      2u = ulp(q0), the remainder is exact and |E| < 2u². Midpoints are odd multiples of u, and
 *      |Q − μ| = |s − b·μ|/b, a nonzero multiple of 2u²/b. q0 is u or 3u from μ; 3u is beyond
 *      |Q − q0| + |E|, so |Q − q0| ≤ u + |E|, |E| ≤ (u + |E|)·bu/2, |E| ≤ (bu²/2)(1 + 2u) < 2u²/b
 *      ≤ |Q − μ| (b²(1 + 2u) < 4 for b ≤ 2 − 2u).
 *   2. Q ∈ (1/2, 1): s < b, so s ≤ 2 − 4u. s·r < Q + u < 1 + u, so q0 ≤ 1; ulp(Q) = u, midpoints
 *      are odd multiples of u/2, |Q − μ| a nonzero multiple of u²/b. |Q − q0| < 3u/2: when s·r < 1,
 *      |Q − q0| ≤ s|ε| + u/2; when not, q0 = 1 and Q > s·r − u ≥ 1 − u. So the total error |z' − Q|
 *      (z' with the FMA's remainder) is < 3u²/2 + 2u² = 3.5u². q0 < 1/2 is out of reach (it would
 *      need Q within 3u/2 of 1/2 and μ = 1/2 + u/2, so s|ε| > 3u/4, s > 3/2, b = s/Q > 2), so q0
 *      is on the grid of u, u/2 or 3u/2 from μ:
 *      — u/2: |Q − q0| ≤ u/2 + 3.5u² < u, so b|Q − q0| < 2u and the remainder is exact;
 *        |E| ≤ (u/2 + |E|)·bu/2 ≤ (bu²/4)(1 + 2u) < u²/b ≤ |Q − μ|.
 *      — 3u/2: if s·r < 1 then |q0 − s·r| ≤ u/2; if not, q0 = 1, μ = 1 − 3u/2 and s·r − Q ≥ 1 − Q.
 *        Either way s|ε| ≥ u − 3.5u², so s ≥ 2 − 7u: s = 2 − 4u or 2 − 6u (s = 2 − 2u leaves no
 *        b > s), and |ε| ≥ (u − 3.5u²)/s leaves only b = 2 − 2u (r = 1/2 + u, ε = u/2 − u²/2 − …)
 *        with s = 2 − 4u; then Q = 1 − u − u² − …, u/2 from every midpoint.
 *   So q1 = RN(Q). The kernel keeps q0 instead where the remainder is NaN: s is +∞ or NaN, and q0 =
 *   s·r is +∞ or NaN like s / b. A zero remainder means q0·b = s exactly, q0 = Q, and q1 = q0 + 0
 *   is q0 too unless q0 = −0 (s = −0): the amsgrad variants keep q0 there as well.
 *
 * The residual form, why its quotient is the division's, bit for bit. Per step, in JS: r = RN(1/b),
 * so r = (1/b)(1 + ε₀) with |ε₀| ≤ u; bHigh = b with the low 27 bits of its significand cleared
 * (26 significant bits) and bLow = b − bHigh (exact, at most 27 significant bits, 0 ≤ bLow <
 * 2^-25·b). Per lane (s normal, as above; +∞ and NaN make q± NaN, NaN ≠ NaN, and the lane divides):
 *   1. q0 = RN(s·r) is normal (2^-537 ≤ q0 < 2^913) and qt = q0 with the low 27 bits of its
 *      significand cleared has 26 significant bits, q0(1 − 2^-25) < qt ≤ q0.
 *   2. P1 = qt·bHigh (26 × 26 bits) and P2 = qt·bLow (26 × 27 bits) fit in 53 bits and are exact:
 *      P1 ≈ s and, when bLow ≠ 0, P2 ≥ qt·ulp(b) ≥ 2^-54·s, both far from underflow.
 *   3. P1 lies in [s/2, 2s] (qt·bHigh = s(1 + θ) with −2^-23 < θ < 3u), so T = RN(s − P1) = s − P1
 *      exactly (Sterbenz), and R = RN(T − P2) = RN(ρ) with ρ = s − qt·b, the exact remainder.
 *      ρ is a multiple of 2^-616 (s and qt·b both are), so ρ is 0 or |ρ| ≥ 2^-616: R is normal
 *      or zero, R = ρ(1 + ε₁), |ε₁| ≤ u.
 *   4. corr = RN(R·r) = D(1 + ε₀)(1 + ε₁)(1 + ε₂) with D = ρ/b = Q − qt, so corr = D(1 + η),
 *      |η| < 3.0001u. corr = 0 iff ρ = 0, and then Q = qt and q± = qt: done.
 *   5. c± = RN(corr·(1 ± 2^-49)) (the constants 1 ± 2^-49 are exact doubles, 2^-49 = 16u) satisfy,
 *      for corr > 0, c+ ≥ corr(1 + 16u)(1 − u) > corr(1 + 14.9u) > D and c− ≤ corr(1 − 16u)(1 + u)
 *      < corr(1 − 14.9u) < D (since D = corr/(1 + η)); for corr < 0 the same with the two swapped.
 *      So D lies between c− and c+, and Q = qt + D between qt + c− and qt + c+.
 *   6. RN is monotone, so RN(qt + c−) and RN(qt + c+) (one rounding each: f64x2.add) enclose RN(Q).
 *      When they are equal (neither is NaN, and with Q > 0 no signed zero arises), both are RN(Q):
 *      the kernel keeps q = RN(qt + c+). When they differ, which needs a midpoint between two doubles
 *      within ≈ 2^-48·|D| ≤ 2^-72·Q of qt + corr (at most about 2 lanes in 10^6), the division runs.
 *   The residual form is built only for the variants without amsgrad (no −0 s).
 */
import type { AdamOptions } from "../../torch/adam";
import { ADAM_SCALAR, ADAM_SCALARS, writeAdamScalars } from "../adam-layout";
import { V128, f64, moduleBytes, op, v128 } from "../../../wasm/encoder";

/** How a kernel computes √v / √(1 − β₂ᵗ) (top of this file). */
export type AdamQuotient = "division" | "residual" | "fused";

/**
 * What the wasm kernels read after ADAM_SCALARS (adam-layout.ts), in this order: per step, from
 * b = √(1 − β₂ᵗ), r = RN(1/b) and b = bHigh + bLow (bHigh: b cut to 26 significant bits); then
 * three constants, written once per arena. They come from memory because TurboFan schedules a
 * value the kernel would compute before its loop (1/b, a v128.const) inside the loop, per pair.
 */
export const WASM_EXTRA_SCALARS = ["reciprocal", "bHigh", "bLow", "high26Mask", "onePlus", "oneMinus"] as const;
export type WasmExtraScalar = (typeof WASM_EXTRA_SCALARS)[number];
/** Every float64 slot the kernels read, ADAM_SCALARS first. */
export const WASM_SCALAR_COUNT = ADAM_SCALARS.length + WASM_EXTRA_SCALARS.length;
export const extraIndex = (name: WasmExtraScalar) => ADAM_SCALARS.length + WASM_EXTRA_SCALARS.indexOf(name);

/** Writes the constants among WASM_EXTRA_SCALARS into `bits`, the kernels' scalar area as 32-bit words (the masks are NaN patterns a Float64Array may not keep). */
export function writeWasmConstants(bits: Uint32Array): void {
  const put = (name: WasmExtraScalar, hi: number, lo: number) => {
    bits[2 * extraIndex(name)] = lo;
    bits[2 * extraIndex(name) + 1] = hi;
  };
  put("high26Mask", 0xffffffff, 0xf8000000); // sign, exponent, top 25 stored bits: a normal number cut to 26 significant bits
  put("onePlus", 0x3ff00000, 0x00000008); // 1 + 2^-49
  put("oneMinus", 0x3fefffff, 0xfffffff0); // 1 − 2^-49
}

/**
 * Whether both proofs (top of this file) cover a step with b = √(1 − β₂ᵗ): b in [2^-400, 1], which
 * holds for every β₂ in [0, 1) (1 − β₂ᵗ ≥ 2^-53). Otherwise the accelerator declines the step and
 * the rule's loop runs.
 */
export function quotientCovers(b: number): boolean {
  return b >= 2 ** -400 && b <= 1;
}

const cut = new Float64Array(1);
const cutBits = new Uint32Array(cut.buffer);

/** Writes step `step`'s scalars: ADAM_SCALARS (writeAdamScalars), then r, bHigh, bLow from b = √(1 − β₂ᵗ). */
export function writeWasmAdamScalars(out: Float64Array, h: AdamOptions, lr: number, step: number): void {
  writeAdamScalars(out, h, lr, step);
  const b = out[ADAM_SCALAR.biasCorrection2Sqrt];
  cut[0] = b;
  cutBits[0] &= 0xf8000000; // little-endian: word 0 holds the low 32 bits of the significand
  out[extraIndex("reciprocal")] = 1 / b;
  out[extraIndex("bHigh")] = cut[0];
  out[extraIndex("bLow")] = b - cut[0];
}

const get = op.localGet;
const set = op.localSet;

/**
 * The residual form's instructions for one turn of the pipelined loop: from the √v in locals
 * `roots` (one per pair), the quotients into locals `into`. `locals` names the v128 locals holding
 * WASM_EXTRA_SCALARS' per-step values and constants, and three scratch locals. When a lane of any
 * pair cannot be decided, every pair of the turn takes s / b, b splat from the scalars at parameter
 * `scalars` (from memory: a local would hold a register through the loop for this rare branch).
 */
export function residualQuotients(
  roots: number[],
  into: number[],
  locals: Record<WasmExtraScalar, number> & { qt: number; corr: number; bad: number },
  scalars: number,
): number[] {
  const { qt, corr, bad } = locals;
  const e = (name: WasmExtraScalar) => get(locals[name]);
  const c: number[] = [];
  roots.forEach((root, k) => {
    c.push(
      ...get(root), ...e("reciprocal"), ...v128.f64x2Mul, ...e("high26Mask"), ...v128.and, ...set(qt),
      ...get(root), ...get(qt), ...e("bHigh"), ...v128.f64x2Mul, ...v128.f64x2Sub, ...get(qt), ...e("bLow"), ...v128.f64x2Mul, ...v128.f64x2Sub, ...e("reciprocal"), ...v128.f64x2Mul, ...set(corr),
      ...get(qt), ...get(corr), ...e("onePlus"), ...v128.f64x2Mul, ...v128.f64x2Add, ...set(into[k]),
      ...get(into[k]), ...get(qt), ...get(corr), ...e("oneMinus"), ...v128.f64x2Mul, ...v128.f64x2Add, ...v128.f64x2Ne,
      ...(k === 0 ? [] : [...get(bad), ...v128.or]), ...set(bad),
    );
  });
  c.push(...get(bad), ...v128.anyTrue, ...op.if_);
  roots.forEach((root, k) => c.push(...get(root), ...get(scalars), ...v128.load64Splat(8 * ADAM_SCALAR.biasCorrection2Sqrt), ...v128.f64x2Div, ...set(into[k])));
  c.push(...op.end);
  return c;
}

/**
 * The fused form's instructions for one pair: from √v in local `root`, leaves q on the stack.
 * `reciprocal`, `b` and `zero` are v128 locals holding r, b and +0 in both lanes; `q0`, `rem` are
 * scratch locals. `negativeZeroRoot`: whether s may be −0 (amsgrad, from a corrupt vmax); without
 * it the remainder is never zero with q0 ≠ Q, and a NaN test alone picks the lanes that keep q0.
 */
export function fusedQuotient(
  root: number,
  locals: { reciprocal: number; b: number; zero: number; q0: number; rem: number },
  negativeZeroRoot: boolean,
): number[] {
  const { reciprocal, b, zero, q0, rem } = locals;
  // Lanes taking q1: |rem| > 0 (not zero, not NaN), or rem = rem (not NaN; a zero rem gives q1 = q0 + 0 = q0 for q0 ≠ −0).
  const takesQ1 = negativeZeroRoot ? [...get(rem), ...v128.f64x2Abs, ...get(zero), ...v128.f64x2Gt] : [...get(rem), ...get(rem), ...v128.f64x2Eq];
  return [
    ...get(root), ...get(reciprocal), ...v128.f64x2Mul, ...set(q0), // q0 = RN(s·r)
    ...get(q0), ...get(b), ...get(root), ...v128.f64x2RelaxedNmadd, ...set(rem), // rem = RN(s − q0·b)
    ...get(rem), ...get(reciprocal), ...get(q0), ...v128.f64x2RelaxedMadd, // q1 = RN(q0 + rem·r)
    ...get(q0),
    ...takesQ1,
    ...v128.i64x2RelaxedLaneselect,
  ];
}

/**
 * A module whose `probe` returns 1 when f64x2.relaxed_madd and relaxed_nmadd round once, in both
 * lanes: x·x − 1 and −(x·x) + 1 for x = 1 + 2^-30 keep the 2^-60 that a rounded x·x drops (and
 * i64x2.relaxed_laneselect passes a lane its mask selects). An engine without relaxed SIMD does not
 * validate it.
 */
export function fusedMaddProbeBytes(): Uint8Array {
  const x = 1 + 2 ** -30;
  const splat = (value: number) => [...f64.const(value), ...v128.f64x2Splat];
  const lanesEqual = (expected: number) => [
    ...get(0), ...v128.f64x2ExtractLane(0), ...f64.const(expected), ...f64.eq,
    ...get(0), ...v128.f64x2ExtractLane(1), ...f64.const(expected), ...f64.eq,
    ...op.i32And,
  ];
  const body = [
    ...splat(x), ...splat(x), ...splat(-1), ...v128.f64x2RelaxedMadd, ...set(0),
    // Through the lane select the kernels use, with a comparison's mask (all lanes set here).
    ...get(0), ...splat(0), ...get(0), ...get(0), ...v128.f64x2Eq, ...v128.i64x2RelaxedLaneselect, ...set(0),
    ...lanesEqual(2 ** -29 + 2 ** -60),
    ...splat(x), ...splat(x), ...splat(1), ...v128.f64x2RelaxedNmadd, ...set(0),
    ...lanesEqual(-(2 ** -29 + 2 ** -60)),
    ...op.i32And,
  ];
  return moduleBytes([{ exportName: "probe", params: [], results: [0x7f], locals: [V128], body }]);
}

const WebAssemblyApi: any = (globalThis as any).WebAssembly;
let fused: boolean | undefined;

/** Whether this engine has relaxed SIMD and its f64x2.relaxed_madd/nmadd are fused here (probed once). */
export function engineHasFusedMadd(): boolean {
  if (fused === undefined) {
    const bytes = fusedMaddProbeBytes();
    fused = false;
    if (WebAssemblyApi?.validate(bytes)) {
      const memory = new WebAssemblyApi.Memory({ initial: 0 });
      fused = new WebAssemblyApi.Instance(new WebAssemblyApi.Module(bytes), { env: { memory } }).exports.probe() === 1;
    }
  }
  return fused;
}
