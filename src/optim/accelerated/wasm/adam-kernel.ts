/**
 * The Adam/AdamW update of src/optim/torch/adam.ts (Kingma & Ba 2015; Loshchilov & Hutter 2019)
 * as WebAssembly SIMD, two float64 lanes at a time. Lane-wise f64x2 mul/add/sub/div/sqrt/neg are
 * correctly rounded IEEE operations, so a lane that performs the reference loop's operations in its
 * order is bit-identical to it. A scalar twin of each function (the same instructions on f64)
 * finishes an odd last element.
 *
 * One function per variant (adam-layout.ts), specialised at build time (no branch on options in
 * the loop). With ;; [flag] marking the lines only some variants contain, the rule's plain form is:
 *
 *   (func (export "adam_<variant>")
 *     (param $x i32) (param $g i32) (param $m i32) (param $v i32) (param $vmax i32) (param $bytes i32)
 *     (param $scalars i32)   ;; the scalars in memory: numbers passed as f64 parameters would be boxed
 *     (local $off i32) (local $B1 v128) … one local per scalar, splat from memory …
 *     (block $done (loop $next
 *       (br_if $done (i32.ge_u (local.get $off) (local.get $bytes)))
 *       gi ← load g;  gi ← −gi                                  ;; [maximize]
 *       xi ← load x;  xi ← xi·(1 − lr·λ)                        ;; [decoupled]
 *                     gi ← gi + λ·xi                            ;; [coupled]
 *       mi ← m·β1 + (1 − β1)·gi;  vi ← v·β2 + ((1 − β2)·gi)·gi;  store m, v
 *       vi ← vmax > vi ? vmax : vi;  store vmax                 ;; [amsgrad] (bitselect, as the JS ternary)
 *       store x ← xi + (−stepSize·mi) / (√vi / √bc2 + ε)
 *       (local.set $off (i32.add (local.get $off) (i32.const 16)))
 *       (br $next)))
 *   )
 *
 * That is two divisions and a square root per pair, and the divider (which also computes the square
 * roots) is what bounds it. The pair functions of the variants without amsgrad ("residual",
 * residualBody below) get √vi / √bc2 without dividing, exactly, from b = √bc2's reciprocal and an
 * exact remainder, and fall back to the division itself for the rare lanes where that cannot be
 * decided; the amsgrad variants, the scalar twins and the "division" build (bench/optim.ts) keep the
 * plain form.
 *
 * Why the residual quotient is the division's result, bit for bit. Notation: u = 2^-53, RN = round to
 * nearest even, s = √vi as computed (RN of the true root), b ∈ [2^-400, 1] (the accelerator declines
 * a step otherwise; with β₂ ∈ [0, 1), 1 − β₂ᵗ ≥ 2^-53 and b ≥ 2^-27), Q = s / b exactly, and the goal
 * is RN(Q). Per step, in JS: r = RN(1/b), so r = (1/b)(1 + ε₀) with |ε₀| ≤ u; bHigh = b with the
 * low 27 bits of its significand cleared (26 significant bits) and bLow = b − bHigh (exact, at most
 * 27 significant bits, 0 ≤ bLow < 2^-25·b). Per lane:
 *
 *   1. s = +0: every value below is +0 (bHigh > 0, bLow ≥ 0), and q = +0 is RN(+0/b). s = +∞ (v
 *      overflowed): P1 = +∞ and T = ∞ − ∞ = NaN; s NaN (v NaN or negative): NaN throughout; either
 *      way q± are NaN, NaN ≠ NaN, and the lane takes the division. s = −0 does not occur: without
 *      amsgrad vi = RN(v·β₂ + RN(RN((1 − β₂)·gi)·gi)), whose second term is +0, positive, +∞ or NaN,
 *      and no sum y + (+0) is −0. Otherwise s is normal: 2^-537 ≤ s ≤ 2^512 (the square root of a
 *      positive finite double).
 *   2. q0 = RN(s·r) is normal (2^-537 ≤ q0 < 2^913) and qt = q0 with the low 27 bits of its
 *      significand cleared has 26 significant bits, q0(1 − 2^-25) < qt ≤ q0.
 *   3. P1 = qt·bHigh (26 × 26 bits) and P2 = qt·bLow (26 × 27 bits) fit in 53 bits and are exact:
 *      P1 ≈ s and, when bLow ≠ 0, P2 ≥ qt·ulp(b) ≥ 2^-54·s, both far from underflow.
 *   4. P1 lies in [s/2, 2s] (qt·bHigh = s(1 + θ) with −2^-23 < θ < 3u), so T = RN(s − P1) = s − P1
 *      exactly (Sterbenz), and R = RN(T − P2) = RN(ρ) with ρ = s − qt·b, the exact remainder.
 *      ρ is a multiple of 2^-616 (s and qt·b both are), so ρ is 0 or |ρ| ≥ 2^-616: R is normal
 *      or zero, R = ρ(1 + ε₁), |ε₁| ≤ u.
 *   5. corr = RN(R·r) = D(1 + ε₀)(1 + ε₁)(1 + ε₂) with D = ρ/b = Q − qt, so corr = D(1 + η),
 *      |η| < 3.0001u. corr = 0 iff ρ = 0, and then Q = qt and q± = qt: done.
 *   6. c± = RN(corr·(1 ± 2^-49)) (the constants 1 ± 2^-49 are exact doubles, 2^-49 = 16u) satisfy,
 *      for corr > 0, c+ ≥ corr(1 + 16u)(1 − u) > corr(1 + 14.9u) > D and c− ≤ corr(1 − 16u)(1 + u)
 *      < corr(1 − 14.9u) < D (since D = corr/(1 + η)); for corr < 0 the same with the two swapped.
 *      So D lies between c− and c+, and Q = qt + D between qt + c− and qt + c+.
 *   7. RN is monotone, so RN(qt + c−) and RN(qt + c+) (one rounding each: f64x2.add) enclose RN(Q).
 *      When they are equal (neither is NaN, and with Q > 0 no signed zero arises), both are RN(Q):
 *      the kernel keeps q = RN(qt + c+). When they differ, which needs a midpoint between two doubles
 *      within ≈ 2^-48·|D| ≤ 2^-72·Q of qt + corr (at most about 2 lanes in 10^6), the division runs.
 *
 * Apart from step 1's word on −0 (which needs a variant without amsgrad, the only ones that run
 * this), the argument takes any vi: maximize and weight decay change only how vi and mi are reached.
 */
import type { AdamOptions } from "../../torch/adam";
import { ADAM_SCALAR, ADAM_SCALARS, ADAM_VARIANTS, adamVariantName, writeAdamScalars, type AdamScalar, type AdamVariant } from "../adam-layout";
import { F64, I32, V128, f64, moduleBytes, op, simd, uleb, v128, type FunctionSpec } from "../../../wasm/encoder";
import { allFiniteFunction } from "./finite-kernel";

/** The instructions of one lane width: two lanes (f64x2, v128) or one (f64). */
interface Lanes {
  type: number;
  bytes: number;
  load: number[];
  store: number[];
  splat(offset: number): number[];
  neg: number[];
  add: number[];
  sub: number[];
  mul: number[];
  div: number[];
  sqrt: number[];
  gt: number[];
  select: number[];
}

const PAIR: Lanes = {
  type: V128, bytes: 16, load: v128.load, store: v128.store, splat: v128.load64Splat,
  neg: v128.f64x2Neg, add: v128.f64x2Add, sub: v128.f64x2Sub, mul: v128.f64x2Mul, div: v128.f64x2Div, sqrt: v128.f64x2Sqrt, gt: v128.f64x2Gt, select: v128.bitselect,
};
const SINGLE: Lanes = {
  type: F64, bytes: 8, load: f64.load, store: f64.store, splat: f64.loadAt,
  neg: f64.neg, add: f64.add, sub: f64.sub, mul: f64.mul, div: f64.div, sqrt: f64.sqrt, gt: f64.gt, select: op.select,
};

/** How a kernel computes √v / √(1 − β₂ᵗ): by the division itself, or by the residual-corrected reciprocal below. */
export type AdamQuotient = "division" | "residual";

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
const extraIndex = (name: WasmExtraScalar) => ADAM_SCALARS.length + WASM_EXTRA_SCALARS.indexOf(name);

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
 * Whether the residual quotient's argument (top of this file) covers a step with b = √(1 − β₂ᵗ):
 * b in [2^-400, 1], which holds for every β₂ in [0, 1) (1 − β₂ᵗ ≥ 2^-53). Otherwise the
 * accelerator declines the step and the rule's loop runs.
 */
export function residualQuotientCovers(b: number): boolean {
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

// Instructions the shared encoder (src/wasm/encoder.ts) does not list.
const V128_AND = simd(0x4e);
const F64X2_NE = simd(0x48);
/** v128.load / v128.store at a constant byte offset (memarg: alignment exponent 3, then the offset). */
const loadAt = (offset: number) => simd(0x00, 3, ...uleb(offset));
const storeAt = (offset: number) => simd(0x0b, 3, ...uleb(offset));
const IF = [0x04, 0x40];
const I32_AND = [0x71];

/** Hands out local indices past the parameters, remembering each one's type. */
class Locals {
  readonly types: number[] = [];
  constructor(private readonly first: number) {}
  add(type: number): number {
    this.types.push(type);
    return this.first + this.types.length - 1;
  }
}

const PARAMS = [I32, I32, I32, I32, I32, I32, I32];
const [X, G, M, V, VMAX, BYTES, SCALARS] = [0, 1, 2, 3, 4, 5, 6];

interface Temps {
  GI: number;
  XI: number;
  MI: number;
  VI: number;
}

/** The scalar twin, or the pair loop of the rule's plain form ("division"): one element or pair per turn. */
function plainBody(v: AdamVariant, w: Lanes): { locals: number[]; body: number[] } {
  const L = new Locals(PARAMS.length);
  const OFF = L.add(I32);
  const sc = Object.fromEntries(ADAM_SCALARS.map((name) => [name, L.add(w.type)])) as Record<AdamScalar, number>;
  const temps: Temps = { GI: L.add(w.type), XI: L.add(w.type), MI: L.add(w.type), VI: L.add(w.type) };
  const code: number[] = [];
  for (const name of ADAM_SCALARS) code.push(...op.localGet(SCALARS), ...w.splat(8 * ADAM_SCALAR[name]), ...op.localSet(sc[name]));
  code.push(...plainLoop(v, w, OFF, sc, temps));
  return { locals: L.types, body: code };
}

/** The rule's loop, one element or pair per turn, from byte OFF to BYTES; the scalars in locals `sc`. */
function plainLoop(v: AdamVariant, w: Lanes, OFF: number, sc: Record<AdamScalar, number>, { GI, XI, MI, VI }: Temps): number[] {
  const get = op.localGet;
  const set = op.localSet;
  const s = (name: AdamScalar) => get(sc[name]);
  const at = (base: number) => [...get(base), ...get(OFF), ...op.i32Add];
  const load = (base: number) => [...at(base), ...w.load];
  const code: number[] = [];
  code.push(...op.block, ...op.loop, ...get(OFF), ...get(BYTES), ...op.i32GeU, ...op.brIf(1), ...load(G), ...set(GI));
  if (v.maximize) code.push(...get(GI), ...w.neg, ...set(GI));
  code.push(...load(X), ...set(XI));
  if (v.decay === "decoupled") code.push(...get(XI), ...s("decay"), ...w.mul, ...set(XI));
  if (v.decay === "coupled") code.push(...get(GI), ...s("weightDecay"), ...get(XI), ...w.mul, ...w.add, ...set(GI));
  code.push(
    ...load(M), ...s("beta1"), ...w.mul, ...s("oneMinusBeta1"), ...get(GI), ...w.mul, ...w.add, ...set(MI),
    ...load(V), ...s("beta2"), ...w.mul, ...s("oneMinusBeta2"), ...get(GI), ...w.mul, ...get(GI), ...w.mul, ...w.add, ...set(VI),
    ...at(M), ...get(MI), ...w.store,
    ...at(V), ...get(VI), ...w.store,
  );
  if (v.amsgrad) {
    code.push(
      ...load(VMAX), ...get(VI), ...load(VMAX), ...get(VI), ...w.gt, ...w.select, ...set(VI),
      ...at(VMAX), ...get(VI), ...w.store,
    );
  }
  code.push(
    ...at(X), ...get(XI), ...s("negStepSize"), ...get(MI), ...w.mul,
    ...get(VI), ...w.sqrt, ...s("biasCorrection2Sqrt"), ...w.div, ...s("eps"), ...w.add,
    ...w.div, ...w.add, ...w.store,
    ...get(OFF), ...op.i32Const(w.bytes), ...op.i32Add, ...set(OFF),
    ...op.br(0), ...op.end, ...op.end,
  );
  return code;
}

/**
 * Pairs per turn of the residual loop. Measured on the bench's N = 1e6 (AMD EPYC, Node 20, kernel
 * alone, minimum of 40): 1 pair 2.48 ms, 2 pairs 2.20, 4 pairs 2.12, 8 pairs 2.82 (V8 spills the
 * √v of the next turn); the plain form 2.50. The six variants without amsgrad gain 5–17 % this
 * way; the six with amsgrad (a fifth array to read and write) measured between 3 % faster and 5 %
 * slower than the plain form, so they keep it. The gain needs the core's FP pipes: the plain form
 * waits on the divider and leaves them idle, the residual form issues ≈ 14 more FP operations per
 * pair in that time. On the shared VM it was measured on, whole stretches of minutes ran the
 * residual kernel at 2.9–3.3 ms while the plain form stayed at 2.5–2.7 (in CPU time too, so not
 * preemption; a busy process on the VM's other core did not cause it: presumably another tenant on
 * the same physical core).
 */
const RESIDUAL_UNROLL = 4;

/**
 * The pair loop with the residual quotient (the proof is at the top of this file), `unroll` pairs per
 * turn and software-pipelined: a turn computes the moments and √v of the next turn's pairs, then
 * finishes its own from the √v the previous turn computed, so that the square roots' latency
 * overlaps other work. Per pair, with r, bHigh, bLow, the mask and 1 ± 2^-49 read once per call:
 *
 *   front:  gi, mi, vi as the plain form; store m, v (vmax);  s ← √vi
 *   back:   qt ← RN(s·r) & high26Mask;  corr ← RN(RN(RN(s − qt·bHigh) − qt·bLow)·r)
 *           q ← RN(qt + RN(corr·(1 + 2^-49)));  bad ← q ≠ RN(qt + RN(corr·(1 − 2^-49)))
 *           (once per turn, when a lane of any pair is bad: q ← s / b for every pair of the turn)
 *           x ← xi + (−stepSize·m) / (q + ε), with x (xi) and m read back from memory
 *
 * Whole turns end at `bytes` rounded down to 16·unroll; the plain loop does the pairs left over.
 */
function residualBody(v: AdamVariant, unroll: number): { locals: number[]; body: number[] } {
  if (v.amsgrad) throw new Error("residualBody: the amsgrad variants keep the plain form (see RESIDUAL_UNROLL)");
  const w = PAIR;
  const L = new Locals(PARAMS.length);
  const OFF = L.add(I32);
  const END = L.add(I32);
  const sc = Object.fromEntries(ADAM_SCALARS.map((name) => [name, L.add(V128)])) as Record<AdamScalar, number>;
  const ex = Object.fromEntries(WASM_EXTRA_SCALARS.map((name) => [name, L.add(V128)])) as Record<WasmExtraScalar, number>;
  const temps: Temps = { GI: L.add(V128), XI: L.add(V128), MI: L.add(V128), VI: L.add(V128) };
  const { GI, MI, VI } = temps;
  const [QT, CORR, BAD] = [0, 1, 2].map(() => L.add(V128));
  const [S_THIS, S_NEXT, Q] = [0, 1, 2].map(() => Array.from({ length: unroll }, () => L.add(V128)));
  const get = op.localGet;
  const set = op.localSet;
  const s = (name: AdamScalar) => get(sc[name]);
  const e = (name: WasmExtraScalar) => get(ex[name]);
  const at = (base: number) => [...get(base), ...get(OFF), ...op.i32Add];
  const TURN = 16 * unroll;
  const code: number[] = [];
  for (const name of ADAM_SCALARS) code.push(...get(SCALARS), ...w.splat(8 * ADAM_SCALAR[name]), ...set(sc[name]));
  for (const name of WASM_EXTRA_SCALARS) code.push(...get(SCALARS), ...w.splat(8 * extraIndex(name)), ...set(ex[name]));

  /** The moments of the pair at byte OFF + o, stored; its √v into local `into` (no amsgrad here). */
  const front = (o: number, into: number): number[] => {
    const c: number[] = [...at(G), ...loadAt(o), ...(v.maximize ? w.neg : []), ...set(GI)];
    if (v.decay === "coupled") c.push(...get(GI), ...s("weightDecay"), ...at(X), ...loadAt(o), ...w.mul, ...w.add, ...set(GI));
    c.push(
      ...at(M), ...loadAt(o), ...s("beta1"), ...w.mul, ...s("oneMinusBeta1"), ...get(GI), ...w.mul, ...w.add, ...set(MI),
      ...at(V), ...loadAt(o), ...s("beta2"), ...w.mul, ...s("oneMinusBeta2"), ...get(GI), ...w.mul, ...get(GI), ...w.mul, ...w.add, ...set(VI),
      ...at(M), ...get(MI), ...storeAt(o),
      ...at(V), ...get(VI), ...storeAt(o),
    );
    c.push(...get(VI), ...w.sqrt, ...set(into));
    return c;
  };
  /** The quotients of the turn at OFF, from the √v in S_THIS, then its x. */
  const back = (): number[] => {
    const c: number[] = [];
    for (let k = 0; k < unroll; k++) {
      c.push(
        ...get(S_THIS[k]), ...e("reciprocal"), ...w.mul, ...e("high26Mask"), ...V128_AND, ...set(QT),
        ...get(S_THIS[k]), ...get(QT), ...e("bHigh"), ...w.mul, ...w.sub, ...get(QT), ...e("bLow"), ...w.mul, ...w.sub, ...e("reciprocal"), ...w.mul, ...set(CORR),
        ...get(QT), ...get(CORR), ...e("onePlus"), ...w.mul, ...w.add, ...set(Q[k]),
        ...get(Q[k]), ...get(QT), ...get(CORR), ...e("oneMinus"), ...w.mul, ...w.add, ...F64X2_NE,
        ...(k === 0 ? [] : [...get(BAD), ...v128.or]), ...set(BAD),
      );
    }
    // b from memory: a local would hold a register through the loop for this rare branch.
    c.push(...get(BAD), ...v128.anyTrue, ...IF);
    for (let k = 0; k < unroll; k++) c.push(...get(S_THIS[k]), ...get(SCALARS), ...w.splat(8 * ADAM_SCALAR.biasCorrection2Sqrt), ...w.div, ...set(Q[k]));
    c.push(...op.end);
    for (let k = 0; k < unroll; k++) {
      const o = 16 * k;
      c.push(...at(X), ...at(X), ...loadAt(o), ...(v.decay === "decoupled" ? [...s("decay"), ...w.mul] : []));
      c.push(...s("negStepSize"), ...at(M), ...loadAt(o), ...w.mul, ...get(Q[k]), ...s("eps"), ...w.add, ...w.div, ...w.add, ...storeAt(o));
    }
    return c;
  };
  code.push(...get(BYTES), ...op.i32Const(-TURN), ...I32_AND, ...set(END));
  code.push(...get(END), ...IF);
  for (let k = 0; k < unroll; k++) code.push(...front(16 * k, S_THIS[k]));
  code.push(...op.block, ...op.loop, ...get(OFF), ...op.i32Const(TURN), ...op.i32Add, ...get(END), ...op.i32GeU, ...op.brIf(1));
  for (let k = 0; k < unroll; k++) code.push(...front(TURN + 16 * k, S_NEXT[k]));
  code.push(...back());
  for (let k = 0; k < unroll; k++) code.push(...get(S_NEXT[k]), ...set(S_THIS[k]));
  code.push(...get(OFF), ...op.i32Const(TURN), ...op.i32Add, ...set(OFF), ...op.br(0), ...op.end, ...op.end);
  code.push(...back(), ...get(END), ...set(OFF), ...op.end);
  code.push(...plainLoop(v, w, OFF, sc, temps));
  return { locals: L.types, body: code };
}

/** The export name of a variant's scalar twin, which steps one element at a time. */
export function adamSingleName(v: AdamVariant): string {
  return `${adamVariantName(v)}_single`;
}

/**
 * The module's bytes: every variant (pairs, and its scalar twin) and the finite check `all_finite`.
 * The pairs compute √v / √(1 − β₂ᵗ) by `quotient` (the default, "residual", is what the arena runs,
 * for the variants without amsgrad; "division" is the rule's plain form, kept for the bench to
 * compare against); the amsgrad variants and the scalar twins always divide.
 */
export function adamModuleBytes(quotient: AdamQuotient = "residual", unroll = RESIDUAL_UNROLL): Uint8Array {
  const functions: FunctionSpec[] = [];
  for (const v of ADAM_VARIANTS) {
    const pair = quotient === "residual" && !v.amsgrad ? residualBody(v, unroll) : plainBody(v, PAIR);
    functions.push({ exportName: adamVariantName(v), params: PARAMS, ...pair });
    functions.push({ exportName: adamSingleName(v), params: PARAMS, ...plainBody(v, SINGLE) });
  }
  return moduleBytes([...functions, allFiniteFunction()]);
}
