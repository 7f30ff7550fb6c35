/**
 * The Adam/AdamW update of src/optim/torch/adam.ts (Kingma & Ba 2015; Loshchilov & Hutter 2019)
 * as WebAssembly SIMD, two float64 lanes at a time. Lane-wise f64x2 mul/add/div/sqrt/neg are
 * correctly rounded IEEE operations, and every lane performs the reference loop's operations in its
 * order, so the results are bit-identical to it. A scalar twin of each function (the same
 * instructions on f64) finishes an odd last element.
 *
 * One function per variant (adam-layout.ts), specialised at build time (no branch in the loop).
 * With ;; [flag] marking the lines only some variants contain, each is:
 *
 *   (func (export "adam_<variant>")
 *     (param $x i32) (param $g i32) (param $m i32) (param $v i32) (param $vmax i32) (param $bytes i32)
 *     (param $scalars i32)   ;; ADAM_SCALARS in memory: numbers passed as f64 parameters would be boxed
 *     (local $off i32) (local $B1 v128) … one local per scalar, splat from memory …
 *     (local $gi v128) (local $xi v128) (local $mi v128) (local $vi v128)
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
 */
import { ADAM_SCALAR, ADAM_SCALARS, ADAM_VARIANTS, adamVariantName, type AdamScalar, type AdamVariant } from "../adam-layout";
import { F64, I32, V128, f64, moduleBytes, op, v128, type FunctionSpec } from "../../../wasm/encoder";
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
  mul: number[];
  div: number[];
  sqrt: number[];
  gt: number[];
  select: number[];
}

const PAIR: Lanes = {
  type: V128, bytes: 16, load: v128.load, store: v128.store, splat: v128.load64Splat,
  neg: v128.f64x2Neg, add: v128.f64x2Add, mul: v128.f64x2Mul, div: v128.f64x2Div, sqrt: v128.f64x2Sqrt, gt: v128.f64x2Gt, select: v128.bitselect,
};
const SINGLE: Lanes = {
  type: F64, bytes: 8, load: f64.load, store: f64.store, splat: f64.loadAt,
  neg: f64.neg, add: f64.add, mul: f64.mul, div: f64.div, sqrt: f64.sqrt, gt: f64.gt, select: op.select,
};

// Local indices: the parameters, then $off, one local per scalar, then the per-element values.
const [X, G, M, V, VMAX, BYTES, SCALARS, OFF] = Array.from({ length: 8 }, (_, i) => i);
const scalarLocal = (name: AdamScalar) => 8 + ADAM_SCALAR[name];
const [GI, XI, MI, VI] = Array.from({ length: 4 }, (_, i) => 8 + ADAM_SCALARS.length + i);

function body(v: AdamVariant, w: Lanes): number[] {
  const get = op.localGet;
  const set = op.localSet;
  const s = (name: AdamScalar) => get(scalarLocal(name));
  const at = (base: number) => [...get(base), ...get(OFF), ...op.i32Add];
  const load = (base: number) => [...at(base), ...w.load];
  const code: number[] = [];
  for (const name of ADAM_SCALARS) code.push(...get(SCALARS), ...w.splat(8 * ADAM_SCALAR[name]), ...set(scalarLocal(name)));
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

/** The export name of a variant's scalar twin, which steps one element at a time. */
export function adamSingleName(v: AdamVariant): string {
  return `${adamVariantName(v)}_single`;
}

/** The module's bytes: every variant (pairs, and its scalar twin) and the finite check `all_finite`. */
export function adamModuleBytes(): Uint8Array {
  const params = [I32, I32, I32, I32, I32, I32, I32];
  const functions: FunctionSpec[] = [];
  for (const v of ADAM_VARIANTS) {
    for (const [w, exportName] of [[PAIR, adamVariantName(v)], [SINGLE, adamSingleName(v)]] as const) {
      const locals = [I32, ...ADAM_SCALARS.map(() => w.type), w.type, w.type, w.type, w.type];
      functions.push({ exportName, params, locals, body: body(v, w) });
    }
  }
  return moduleBytes([...functions, allFiniteFunction()]);
}
