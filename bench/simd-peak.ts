/**
 * The engine's f32x4 multiply-and-add rate on one thread with nothing in the way: the inner step of our
 * product tiles (2 splats and 4 columns loaded, 8 sums += splat · column) on the same few bytes every
 * time, so every load hits L1 and no address is computed. Our products' rate over this says how much a
 * tile could still gain from memory; torch's rate over it is what 128-bit SIMD without a fused
 * multiply-add leaves out.
 */
import { I32, V128, f32x4, moduleBytes, op, simd } from "../src/wasm/encoder";

const SUMS = 8;
const { load, load32Splat } = f32x4;
const f32x4ExtractLane0 = simd(0x1f, 0);

// param: iterations; locals: i, then 8 sums, 2 splats, one column (v128)
function body(): number[] {
  const [N, I] = [0, 1];
  const sum = (j: number) => 2 + j;
  const splat = (r: number) => 2 + SUMS + r;
  const column = 2 + SUMS + 2;
  const get = op.localGet;
  const set = op.localSet;
  const code: number[] = [...op.i32Const(0), ...set(I), ...op.block, ...op.loop, ...get(I), ...get(N), ...op.i32GeU, ...op.brIf(1)];
  for (let r = 0; r < 2; r++) code.push(...op.i32Const(0), ...load32Splat(4 * r), ...set(splat(r)));
  for (let v = 0; v < 4; v++) {
    code.push(...op.i32Const(0), ...load(16 + 16 * v), ...set(column));
    for (let r = 0; r < 2; r++) code.push(...get(sum(2 * v + r)), ...get(splat(r)), ...get(column), ...f32x4.mul, ...f32x4.add, ...set(sum(2 * v + r)));
  }
  code.push(...get(I), ...op.i32Const(1), ...op.i32Add, ...set(I), ...op.br(0), ...op.end, ...op.end);
  // a result that depends on every sum, so none is dead code
  code.push(...get(sum(0)));
  for (let j = 1; j < SUMS; j++) code.push(...get(sum(j)), ...f32x4.add);
  code.push(...f32x4ExtractLane0, 0xa8 /* i32.trunc_f32_s: the sums stay far below 1 */);
  return code;
}

/** Multiply-adds (one f32 multiplication and one addition) per second, best of 5 runs of 0.1 G each. */
export function simdMultiplyAddPeak(): number {
  const bytes = moduleBytes([{ exportName: "peak", params: [I32], results: [I32], locals: [I32, ...Array(SUMS + 3).fill(V128)], body: body() }]);
  const memory = new WebAssembly.Memory({ initial: 1 });
  new Float32Array(memory.buffer, 0, 20).fill(1e-7); // sums stay small: 1e8 steps add ~1e-6 each
  const { peak } = new WebAssembly.Instance(new WebAssembly.Module(Uint8Array.from(bytes)), { env: { memory } }).exports as { peak: (n: number) => number };
  const iterations = 1e8 / (SUMS * 4);
  peak(iterations); // compiled by the optimizing tier
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    peak(iterations);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return (iterations * SUMS * 4) / best;
}

if (require.main === module) console.log(`f32x4 multiply-and-add peak: ${(simdMultiplyAddPeak() / 1e9).toFixed(1)} G/s`);
