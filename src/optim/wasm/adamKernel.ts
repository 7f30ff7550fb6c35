/**
 * The Adam/AdamW update of src/optim/torch/adam.ts (Kingma & Ba 2015; Loshchilov & Hutter 2019)
 * as WebAssembly SIMD, two float64 lanes at a time. Lane-wise f64x2 mul/add/div/sqrt/neg are
 * correctly rounded IEEE operations, and every lane performs the JS loop's operations in the JS
 * loop's order, so the results are bit-identical to the scalar path.
 *
 * One function per variant, specialised at build time (no branch in the loop). With ;; [flag]
 * marking the lines only some variants contain, each is:
 *
 *   (func (export "adam_<variant>")
 *     (param $x i32) (param $g i32) (param $m i32) (param $v i32) (param $vmax i32) (param $bytes i32)
 *     (param $scalars i32)   ;; beta1 beta2 a1 a2 c epsHat decay wd, eight f64 in memory: numbers
 *                            ;; passed as f64 parameters would be boxed when the call is not inlined
 *     (local $off i32) (local $B1 v128) (local $B2 v128) (local $A1 v128) (local $A2 v128)
 *     (local $C v128) (local $E v128) (local $D v128) (local $W v128)
 *     (local $gi v128) (local $xi v128) (local $mi v128) (local $vi v128)
 *     (local.set $B1 (v128.load64_splat offset=0 (local.get $scalars)))   ... likewise $B2 $A1 … $W at 8, 16, … 56
 *     (block $done (loop $next
 *       (br_if $done (i32.ge_u (local.get $off) (local.get $bytes)))
 *       (local.set $gi (v128.load (i32.add (local.get $g) (local.get $off))))
 *       (local.set $gi (f64x2.neg (local.get $gi)))                                  ;; [maximize]
 *       (local.set $xi (v128.load (i32.add (local.get $x) (local.get $off))))
 *       (local.set $gi (f64x2.add (local.get $gi) (f64x2.mul (local.get $W) (local.get $xi))))  ;; [coupled]
 *       (local.set $xi (f64x2.mul (local.get $xi) (local.get $D)))                   ;; [decoupled]
 *       (local.set $mi (f64x2.add (f64x2.mul (v128.load (i32.add (local.get $m) (local.get $off))) (local.get $B1))
 *                                 (f64x2.mul (local.get $A1) (local.get $gi))))
 *       (local.set $vi (f64x2.add (f64x2.mul (v128.load (i32.add (local.get $v) (local.get $off))) (local.get $B2))
 *                                 (f64x2.mul (f64x2.mul (local.get $A2) (local.get $gi)) (local.get $gi))))
 *       (v128.store (i32.add (local.get $m) (local.get $off)) (local.get $mi))
 *       (v128.store (i32.add (local.get $v) (local.get $off)) (local.get $vi))
 *       ;; [amsgrad] vi ← vmax > vi ? vmax : vi, as the JS ternary (not f64x2.max, whose NaN rule differs)
 *       (local.set $vi (v128.bitselect (v128.load (i32.add (local.get $vmax) (local.get $off))) (local.get $vi)
 *                        (f64x2.gt (v128.load (i32.add (local.get $vmax) (local.get $off))) (local.get $vi))))
 *       (v128.store (i32.add (local.get $vmax) (local.get $off)) (local.get $vi))     ;; [amsgrad]
 *       (v128.store (i32.add (local.get $x) (local.get $off))
 *         (f64x2.add (local.get $xi) (f64x2.div (f64x2.mul (local.get $C) (local.get $mi))
 *                                               (f64x2.add (f64x2.sqrt (local.get $vi)) (local.get $E)))))
 *       (local.set $off (i32.add (local.get $off) (i32.const 16)))
 *       (br $next)))
 *   )
 *
 * The kernel handles whole pairs; the JS loop finishes an odd last element.
 */
import { I32, V128, moduleBytes, op, v128, type FunctionSpec } from "./encoder";
import { allFiniteFunction } from "./finiteKernel";

/** Which weight-decay form the JS loop's general path applies. */
export type DecayMode = "none" | "coupled" | "decoupled";

export interface AdamVariant {
  /** The JS fast path: no maximize, no weight decay, no amsgrad. */
  plain: boolean;
  maximize: boolean;
  decay: DecayMode;
  amsgrad: boolean;
}

export function variantName(v: AdamVariant): string {
  if (v.plain) return "adam_plain";
  return `adam_${v.maximize ? "max" : "min"}_${v.decay}_${v.amsgrad ? "ams" : "noams"}`;
}

export function allVariants(): AdamVariant[] {
  const out: AdamVariant[] = [{ plain: true, maximize: false, decay: "none", amsgrad: false }];
  for (const maximize of [false, true]) {
    for (const decay of ["none", "coupled", "decoupled"] as DecayMode[]) {
      for (const amsgrad of [false, true]) out.push({ plain: false, maximize, decay, amsgrad });
    }
  }
  return out;
}

// Local indices: parameters first, then the declared locals.
const [X, G, M, V, VMAX, BYTES, SCALARS] = Array.from({ length: 7 }, (_, i) => i);
const [OFF, B1, B2, A1, A2, C, E, D, W, GI, XI, MI, VI] = Array.from({ length: 13 }, (_, i) => 7 + i);

function body(v: AdamVariant): number[] {
  const get = op.localGet;
  const set = op.localSet;
  const at = (base: number) => [...get(base), ...get(OFF), ...op.i32Add];
  const load = (base: number) => [...at(base), ...v128.load];
  // Scalar k (beta1, beta2, a1, a2, c, epsHat, decay, wd), read from memory into both lanes.
  const splat = (k: number, vector: number) => [...get(SCALARS), ...v128.load64Splat(8 * k), ...set(vector)];
  const code: number[] = [
    ...splat(0, B1), ...splat(1, B2), ...splat(2, A1), ...splat(3, A2),
    ...splat(4, C), ...splat(5, E), ...splat(6, D), ...splat(7, W),
    ...op.block, ...op.loop,
    ...get(OFF), ...get(BYTES), ...op.i32GeU, ...op.brIf(1),
    ...load(G), ...set(GI),
  ];
  if (v.maximize) code.push(...get(GI), ...v128.f64x2Neg, ...set(GI));
  code.push(...load(X), ...set(XI));
  if (v.decay === "coupled") code.push(...get(GI), ...get(W), ...get(XI), ...v128.f64x2Mul, ...v128.f64x2Add, ...set(GI));
  if (v.decay === "decoupled") code.push(...get(XI), ...get(D), ...v128.f64x2Mul, ...set(XI));
  code.push(
    ...load(M), ...get(B1), ...v128.f64x2Mul, ...get(A1), ...get(GI), ...v128.f64x2Mul, ...v128.f64x2Add, ...set(MI),
    ...load(V), ...get(B2), ...v128.f64x2Mul, ...get(A2), ...get(GI), ...v128.f64x2Mul, ...get(GI), ...v128.f64x2Mul, ...v128.f64x2Add, ...set(VI),
    ...at(M), ...get(MI), ...v128.store,
    ...at(V), ...get(VI), ...v128.store,
  );
  if (v.amsgrad) {
    code.push(
      ...load(VMAX), ...get(VI), ...load(VMAX), ...get(VI), ...v128.f64x2Gt, ...v128.bitselect, ...set(VI),
      ...at(VMAX), ...get(VI), ...v128.store,
    );
  }
  code.push(
    ...at(X), ...get(XI), ...get(C), ...get(MI), ...v128.f64x2Mul, ...get(VI), ...v128.f64x2Sqrt, ...get(E), ...v128.f64x2Add, ...v128.f64x2Div, ...v128.f64x2Add, ...v128.store,
    ...get(OFF), ...op.i32Const(16), ...op.i32Add, ...set(OFF),
    ...op.br(0), ...op.end, ...op.end,
  );
  return code;
}

/** The module's bytes: every variant, each exported under `variantName`, and the finite check `all_finite`. */
export function adamModuleBytes(): Uint8Array {
  const params = [I32, I32, I32, I32, I32, I32, I32];
  const locals = [I32, V128, V128, V128, V128, V128, V128, V128, V128, V128, V128, V128, V128];
  const functions: FunctionSpec[] = allVariants().map((v) => ({ exportName: variantName(v), params, locals, body: body(v) }));
  return moduleBytes([...functions, allFiniteFunction()]);
}
