/**
 * The DescentAdam update (adam.ts) as WebAssembly SIMD over tfjs-backend-wasm's own memory: a tiny
 * module that imports tfjs's WebAssembly.Memory and updates four float32 lanes at a time, a scalar
 * twin finishing the last n mod 4 elements. f32x4 add/mul/div/sqrt/neg are correctly rounded per lane
 * and the operations run in the unfused rule's order, so the results are bit-identical to it.
 * One function per variant (maximize, coupled decay, decoupled decay), specialised when built, so
 * the loop has no branch. Built from bytes with src/optim's encoder, no toolchain.
 */
import { I32, V128, op, simd, type FunctionSpec } from "../../wasm/encoder";
import { perMemory, type WasmMemory } from "./run";

/** Scalars of one step, each already the float32 value the unfused rule's scalar tensor holds. */
export interface AdamAttrs {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  /** eps·√(1 − b2ᵗ) */
  epsHat: number;
  /** stepSize·√(1 − b2ᵗ), stepSize = lr/(1 − b1ᵗ) */
  stepHat: number;
  maximize: boolean;
  /** Coupled weight decay λ (added to d), 0 for none. */
  weightDecay: number;
  /** Decoupled decay factor 1 − lr·λ (AdamW), 1 for none. */
  decayFactor: number;
}

const F32 = 0x7d;

interface Lanes {
  type: number;
  bytes: number;
  load: number[];
  store: number[];
  /** from an f32 on the stack to this lane type */
  splat: number[];
  neg: number[];
  add: number[];
  sub: number[];
  mul: number[];
  div: number[];
  sqrt: number[];
}
// memarg alignment exponent 0: tfjs's buffers are only guaranteed malloc's alignment.
const QUAD: Lanes = {
  type: V128, bytes: 16, load: simd(0x00, 0, 0), store: simd(0x0b, 0, 0), splat: simd(0x13),
  neg: simd(0xe1), sqrt: simd(0xe3), add: simd(0xe4), sub: simd(0xe5), mul: simd(0xe6), div: simd(0xe7),
};
const SINGLE: Lanes = {
  type: F32, bytes: 4, load: [0x2a, 0, 0], store: [0x38, 0, 0], splat: [],
  neg: [0x8c], sqrt: [0x91], add: [0x92], sub: [0x93], mul: [0x94], div: [0x95],
};

export interface Variant {
  maximize: boolean;
  coupled: boolean;
  decoupled: boolean;
}
const VARIANTS: Variant[] = [false, true].flatMap((maximize) =>
  [false, true].flatMap((coupled) => [false, true].filter((decoupled) => !(coupled && decoupled)).map((decoupled) => ({ maximize, coupled, decoupled }))),
);
const variantName = (v: Variant, w: Lanes) => `adam${v.maximize ? "_max" : ""}${v.coupled ? "_l2" : ""}${v.decoupled ? "_w" : ""}${w === SINGLE ? "_1" : ""}`;

// Parameters: 7 pointers, the byte count, 8 f32 scalars; then locals.
const [P, G, M, V, PO, MO, VO, BYTES] = [0, 1, 2, 3, 4, 5, 6, 7];
const SCALARS = ["beta1", "oneMinusBeta1", "beta2", "oneMinusBeta2", "epsHat", "stepHat", "weightDecay", "decayFactor"] as const;
const scalarParam = (i: number) => 8 + i;
const OFF = 16;
const splatLocal = (i: number) => 17 + i;
const [D, PI, MI, VI] = [25, 26, 27, 28];

function body(v: Variant, w: Lanes): number[] {
  const get = op.localGet;
  const set = op.localSet;
  const s = (name: (typeof SCALARS)[number]) => get(splatLocal(SCALARS.indexOf(name)));
  const at = (base: number) => [...get(base), ...get(OFF), ...op.i32Add];
  const load = (base: number) => [...at(base), ...w.load];
  const code: number[] = [];
  SCALARS.forEach((_, i) => code.push(...get(scalarParam(i)), ...w.splat, ...set(splatLocal(i))));
  code.push(...op.block, ...op.loop, ...get(OFF), ...get(BYTES), ...op.i32GeU, ...op.brIf(1));
  code.push(...load(G), ...set(D), ...load(P), ...set(PI));
  if (v.maximize) code.push(...get(D), ...w.neg, ...set(D));
  if (v.coupled) code.push(...get(D), ...get(PI), ...s("weightDecay"), ...w.mul, ...w.add, ...set(D));
  if (v.decoupled) code.push(...get(PI), ...s("decayFactor"), ...w.mul, ...set(PI));
  code.push(
    // m = m·b1 + d·(1 − b1);  v = v·b2 + (d·d)·(1 − b2)
    ...load(M), ...s("beta1"), ...w.mul, ...get(D), ...s("oneMinusBeta1"), ...w.mul, ...w.add, ...set(MI),
    ...load(V), ...s("beta2"), ...w.mul, ...get(D), ...get(D), ...w.mul, ...s("oneMinusBeta2"), ...w.mul, ...w.add, ...set(VI),
    ...at(MO), ...get(MI), ...w.store,
    ...at(VO), ...get(VI), ...w.store,
    // p = p − (m / (√v + epsHat))·stepHat
    ...at(PO), ...get(PI), ...get(MI), ...get(VI), ...w.sqrt, ...s("epsHat"), ...w.add, ...w.div, ...s("stepHat"), ...w.mul, ...w.sub, ...w.store,
  );
  code.push(...get(OFF), ...op.i32Const(w.bytes), ...op.i32Add, ...set(OFF), ...op.br(0), ...op.end, ...op.end);
  return code;
}

function functions(): FunctionSpec[] {
  const out: FunctionSpec[] = [];
  for (const v of VARIANTS) {
    for (const w of [QUAD, SINGLE]) {
      out.push({
        exportName: variantName(v, w),
        params: [I32, I32, I32, I32, I32, I32, I32, I32, ...SCALARS.map(() => F32)],
        locals: [I32, ...SCALARS.map(() => w.type), w.type, w.type, w.type, w.type],
        body: body(v, w),
      });
    }
  }
  return out;
}

type AdamFn = (p: number, g: number, m: number, v: number, po: number, mo: number, vo: number, bytes: number, ...scalars: number[]) => void;
/** The module instantiated on `memory` (tfjs's), or null where that fails (e.g. a shared memory). */
export const simdAdam = perMemory<Record<string, AdamFn>>(functions);

/** Runs the update on byte offsets of `memory`'s buffers holding n float32 each; false if unavailable. */
export function runSimdAdam(memory: WasmMemory, ptr: { p: number; g: number; m: number; v: number; po: number; mo: number; vo: number }, n: number, a: AdamAttrs): boolean {
  const fns = simdAdam(memory);
  if (!fns) return false;
  const variant: Variant = { maximize: a.maximize, coupled: a.weightDecay !== 0, decoupled: a.decayFactor !== 1 };
  const scalars = SCALARS.map((k) => Math.fround(a[k]));
  const quads = n - (n % 4);
  fns[variantName(variant, QUAD)](ptr.p, ptr.g, ptr.m, ptr.v, ptr.po, ptr.mo, ptr.vo, quads * 4, ...scalars);
  if (quads < n) {
    const skip = quads * 4;
    fns[variantName(variant, SINGLE)](ptr.p + skip, ptr.g + skip, ptr.m + skip, ptr.v + skip, ptr.po + skip, ptr.mo + skip, ptr.vo + skip, (n - quads) * 4, ...scalars);
  }
  return true;
}
