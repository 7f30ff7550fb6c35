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
 * That is two divisions and a square root per pair. The pair loops of the other forms (adam-quotient.ts:
 * "fused" where the engine has fused multiply-adds, else "residual") get √vi / √bc2 without that
 * first division, bit for bit, and are software-pipelined (pipelinedBody below).
 */
import { ADAM_SCALAR, ADAM_SCALARS, ADAM_VARIANTS, adamVariantName, type AdamScalar, type AdamVariant } from "../adam-layout";
import { F64, I32, V128, f64, moduleBytes, op, simd, uleb, v128, type FunctionSpec } from "../../../wasm/encoder";
import { allFiniteFunction } from "./finite-kernel";
import { WASM_EXTRA_SCALARS, extraIndex, fusedQuotient, residualQuotients, type AdamQuotient, type WasmExtraScalar } from "./adam-quotient";

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

/** v128.load / v128.store at a constant byte offset (memarg: alignment exponent 3, then the offset). */
const loadAt = (offset: number) => simd(0x00, 3, ...uleb(offset));
const storeAt = (offset: number) => simd(0x0b, 3, ...uleb(offset));

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
 * Pairs per turn of the pipelined loops, per quotient form. Measured on the bench's N = 1e6 (AMD EPYC,
 * Node 20, kernel alone, minimum of 40). Residual: 1 pair 2.48 ms, 2 pairs 2.20, 4 pairs 2.12, 8 pairs
 * 2.82 (V8 spills the √v of the next turn); the plain form 2.50. Fused (another EPYC, where the
 * residual form took 3.2–3.5 ms and the plain one 3.1; lanes chosen by v128.bitselect then): 1 pair
 * 2.79–2.87, 2 pairs 2.59–2.62, 3 pairs 2.59–2.60, 3–4 % over the pre-refactor kernel (one division,
 * not torch's order); computing the quotients a turn ahead as well was slower (2.70, spills), and a
 * per-turn branch instead of the per-lane select under 1 % faster. i64x2.relaxed_laneselect for the
 * select took 2.5 % off: 0.5–2.5 % over the pre-refactor kernel. The residual form is for the six
 * variants without amsgrad only: with amsgrad (a fifth array to read and write) it measured between
 * 3 % faster and 5 % slower than the plain form. The
 * gain needs the core's FP pipes: the plain form waits on the divider and leaves them idle, the
 * residual form issues ≈ 14 more FP operations per pair in that time. On the shared VM it was
 * measured on, whole stretches of minutes ran the residual kernel at 2.9–3.3 ms while the plain form
 * stayed at 2.5–2.7 (in CPU time too, so not preemption; presumably another tenant on the same
 * physical core).
 */
const UNROLL: Record<Exclude<AdamQuotient, "division">, number> = { residual: 4, fused: 2 };

/**
 * The pair loop with the residual or the fused quotient (adam-quotient.ts), `unroll` pairs per turn
 * and software-pipelined: a turn computes the moments and √v of the next turn's pairs, then finishes
 * its own from the √v the previous turn computed, so that the square roots' latency overlaps other
 * work. Per pair, with the scalars read once per call:
 *
 *   front:  gi, mi, vi as the plain form; store m, v (vmax);  s ← √vi
 *   back:   residual: qt ← RN(s·r) & high26Mask;  corr ← RN(RN(RN(s − qt·bHigh) − qt·bLow)·r)
 *             q ← RN(qt + RN(corr·(1 + 2^-49)));  bad ← q ≠ RN(qt + RN(corr·(1 − 2^-49)))
 *             (once per turn, when a lane of any pair is bad: q ← s / b for every pair of the turn)
 *           fused: q0 ← RN(s·r);  rem ← RN(s − q0·b);  q ← rem is NaN (or 0, with amsgrad) ? q0 : RN(q0 + rem·r)
 *           x ← xi + (−stepSize·m) / (q + ε), with x (xi) and m read back from memory
 *
 * Whole turns end at `bytes` rounded down to 16·unroll; the plain loop does the pairs left over.
 */
function pipelinedBody(v: AdamVariant, quotient: "residual" | "fused", unroll = UNROLL[quotient]): { locals: number[]; body: number[] } {
  if (v.amsgrad && quotient === "residual") throw new Error("pipelinedBody: the amsgrad variants keep the plain form with the residual quotient (see UNROLL)");
  const w = PAIR;
  const L = new Locals(PARAMS.length);
  const OFF = L.add(I32);
  const END = L.add(I32);
  const sc = Object.fromEntries(ADAM_SCALARS.map((name) => [name, L.add(V128)])) as Record<AdamScalar, number>;
  const extras = quotient === "residual" ? WASM_EXTRA_SCALARS : (["reciprocal"] as const);
  const ex = Object.fromEntries(extras.map((name) => [name, L.add(V128)])) as Record<WasmExtraScalar, number>;
  const temps: Temps = { GI: L.add(V128), XI: L.add(V128), MI: L.add(V128), VI: L.add(V128) };
  const { GI, MI, VI } = temps;
  const [QT, CORR, BAD, ZERO] = [0, 1, 2, 3].map(() => L.add(V128)); // ZERO: locals start at 0
  const [S_THIS, S_NEXT, Q] = [0, 1, 2].map(() => Array.from({ length: unroll }, () => L.add(V128)));
  const get = op.localGet;
  const set = op.localSet;
  const s = (name: AdamScalar) => get(sc[name]);
  const at = (base: number) => [...get(base), ...get(OFF), ...op.i32Add];
  const TURN = 16 * unroll;
  const code: number[] = [];
  for (const name of ADAM_SCALARS) code.push(...get(SCALARS), ...w.splat(8 * ADAM_SCALAR[name]), ...set(sc[name]));
  for (const name of extras) code.push(...get(SCALARS), ...w.splat(8 * extraIndex(name)), ...set(ex[name]));

  /** The moments of the pair at byte OFF + o, stored; its √v into local `into`. */
  const front = (o: number, into: number): number[] => {
    const c: number[] = [...at(G), ...loadAt(o), ...(v.maximize ? w.neg : []), ...set(GI)];
    if (v.decay === "coupled") c.push(...get(GI), ...s("weightDecay"), ...at(X), ...loadAt(o), ...w.mul, ...w.add, ...set(GI));
    c.push(
      ...at(M), ...loadAt(o), ...s("beta1"), ...w.mul, ...s("oneMinusBeta1"), ...get(GI), ...w.mul, ...w.add, ...set(MI),
      ...at(V), ...loadAt(o), ...s("beta2"), ...w.mul, ...s("oneMinusBeta2"), ...get(GI), ...w.mul, ...get(GI), ...w.mul, ...w.add, ...set(VI),
      ...at(M), ...get(MI), ...storeAt(o),
      ...at(V), ...get(VI), ...storeAt(o),
    );
    if (v.amsgrad) {
      c.push(
        ...at(VMAX), ...loadAt(o), ...get(VI), ...at(VMAX), ...loadAt(o), ...get(VI), ...w.gt, ...w.select, ...set(VI),
        ...at(VMAX), ...get(VI), ...storeAt(o),
      );
    }
    c.push(...get(VI), ...w.sqrt, ...set(into));
    return c;
  };
  /** The quotients of the turn at OFF, then its x. */
  const back = (): number[] => {
    const c: number[] = [];
    if (quotient === "residual") c.push(...residualQuotients(S_THIS, Q, { ...ex, qt: QT, corr: CORR, bad: BAD }, SCALARS));
    else {
      const locals = { reciprocal: ex.reciprocal, b: sc.biasCorrection2Sqrt, zero: ZERO, q0: QT, rem: CORR };
      for (let k = 0; k < unroll; k++) c.push(...fusedQuotient(S_THIS[k], locals, v.amsgrad), ...set(Q[k]));
    }
    for (let k = 0; k < unroll; k++) {
      const o = 16 * k;
      c.push(...at(X), ...at(X), ...loadAt(o), ...(v.decay === "decoupled" ? [...s("decay"), ...w.mul] : []));
      c.push(...s("negStepSize"), ...at(M), ...loadAt(o), ...w.mul, ...get(Q[k]), ...s("eps"), ...w.add, ...w.div, ...w.add, ...storeAt(o));
    }
    return c;
  };
  code.push(...get(BYTES), ...op.i32Const(-TURN), ...op.i32And, ...set(END));
  code.push(...get(END), ...op.if_);
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
 * The pairs compute √v / √(1 − β₂ᵗ) by `quotient` (adam-quotient.ts): "fused" for every variant
 * (the engine must have relaxed SIMD), "residual" for the variants without amsgrad (the others keep
 * the plain form), "division" (the rule's plain form, for the bench to compare against). The scalar
 * twins always divide.
 */
export function adamModuleBytes(quotient: AdamQuotient, unroll?: number): Uint8Array {
  const functions: FunctionSpec[] = [];
  for (const v of ADAM_VARIANTS) {
    const pipelined = quotient === "fused" || (quotient === "residual" && !v.amsgrad);
    const pair = pipelined ? pipelinedBody(v, quotient, unroll) : plainBody(v, PAIR);
    functions.push({ exportName: adamVariantName(v), params: PARAMS, ...pair });
    functions.push({ exportName: adamSingleName(v), params: PARAMS, ...plainBody(v, SINGLE) });
  }
  return moduleBytes([...functions, allFiniteFunction()]);
}
