/**
 * The finite-input check of src/optim/state.ts (`allFinite(x, g)`) as WebAssembly SIMD, for arrays
 * in one arena. x − x is +0 exactly for finite x and NaN for ±Infinity or NaN, so OR-ing the bits
 * of (a − a) + (b − b) over all pairs leaves zero exactly when every entry is finite:
 *
 *   (func (export "all_finite") (param $a i32) (param $b i32) (param $bytes i32) (result i32)
 *     (local $off i32) (local $acc v128) (local $va v128) (local $vb v128)
 *     (block $done (loop $next
 *       (br_if $done (i32.ge_u (local.get $off) (local.get $bytes)))
 *       (local.set $va (v128.load (i32.add (local.get $a) (local.get $off))))
 *       (local.set $vb (v128.load (i32.add (local.get $b) (local.get $off))))
 *       (local.set $acc (v128.or (local.get $acc)
 *         (f64x2.add (f64x2.sub (local.get $va) (local.get $va)) (f64x2.sub (local.get $vb) (local.get $vb)))))
 *       (local.set $off (i32.add (local.get $off) (i32.const 16)))
 *       (br $next)))
 *     (i32.eqz (v128.any_true (local.get $acc))))
 */
import { I32, V128, op, v128, type FunctionSpec } from "../../../wasm/encoder";

export function allFiniteFunction(): FunctionSpec {
  const [A, B, BYTES, OFF, ACC, VA, VB] = [0, 1, 2, 3, 4, 5, 6];
  const get = op.localGet;
  const set = op.localSet;
  const load = (base: number) => [...get(base), ...get(OFF), ...op.i32Add, ...v128.load];
  const body = [
    ...op.block, ...op.loop,
    ...get(OFF), ...get(BYTES), ...op.i32GeU, ...op.brIf(1),
    ...load(A), ...set(VA),
    ...load(B), ...set(VB),
    ...get(ACC), ...get(VA), ...get(VA), ...v128.f64x2Sub, ...get(VB), ...get(VB), ...v128.f64x2Sub, ...v128.f64x2Add, ...v128.or, ...set(ACC),
    ...get(OFF), ...op.i32Const(16), ...op.i32Add, ...set(OFF),
    ...op.br(0), ...op.end, ...op.end,
    ...get(ACC), ...v128.anyTrue, ...op.i32Eqz,
  ];
  return { exportName: "all_finite", params: [I32, I32, I32], results: [I32], locals: [I32, V128, V128, V128], body };
}
