/**
 * The ceiling for any WebAssembly matrix product on this CPU: f32x4 multiply-adds per second with no
 * loads, no shuffles and enough independent accumulators to hide latency (a 2×4 register tile, 8
 * accumulators, as a GEMM micro-kernel's inner loop without its loads). WebAssembly SIMD is 128-bit
 * with no fused multiply-add (relaxed SIMD's madd is not guaranteed fused), so a MAC is an f32x4.mul
 * and an f32x4.add on 4 lanes; native BLAS (torch) runs 256/512-bit FMAs. XNNPACK's measured GEMM rate
 * divided by this is how close tfjs-wasm gets to what WebAssembly allows.
 */
import { I32, V128, moduleBytes, op, uleb } from "../src/wasm/encoder";

const simd = (code: number, ...imm: number[]) => [0xfd, ...uleb(code), ...imm];
const load = (offset: number) => simd(0x00, 4, ...uleb(offset));
const store = (offset: number) => simd(0x0b, 4, ...uleb(offset));
const f32x4Add = simd(0xe4);
const f32x4Mul = simd(0xe6);

// params: iterations, address; locals: counter, a0 a1, b0..b3, acc0..acc7
const [ITER, ADDR, COUNT] = [0, 1, 2];
const A = [3, 4];
const B = [5, 6, 7, 8];
const ACC = [9, 10, 11, 12, 13, 14, 15, 16];

function body(): number[] {
  const get = op.localGet;
  const set = op.localSet;
  const code: number[] = [];
  [...A, ...B, ...ACC].forEach((local, i) => code.push(...get(ADDR), ...load(16 * i), ...set(local)));
  code.push(...op.i32Const(0), ...set(COUNT), ...op.block, ...op.loop, ...get(COUNT), ...get(ITER), ...op.i32GeU, ...op.brIf(1));
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 4; j++) {
      const acc = ACC[4 * i + j];
      code.push(...get(acc), ...get(A[i]), ...get(B[j]), ...f32x4Mul, ...f32x4Add, ...set(acc));
    }
  }
  code.push(...get(COUNT), ...op.i32Const(1), ...op.i32Add, ...set(COUNT), ...op.br(0), ...op.end, ...op.end);
  ACC.forEach((local, i) => code.push(...get(ADDR), ...get(local), ...store(16 * (A.length + B.length + i))));
  return code;
}

/** Multiply-accumulates per second (float32, one thread) of the best case described above. */
export function wasmSimdPeakMacsPerSecond(seconds = 0.3): number {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const bytes = moduleBytes([{ exportName: "peak", params: [I32, I32], locals: [I32, V128, V128, V128, V128, V128, V128, V128, V128, V128, V128, V128, V128, V128, V128], body: body() }]);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), { env: { memory } });
  const peak = instance.exports.peak as (iterations: number, address: number) => void;
  new Float32Array(memory.buffer, 0, 56).fill(1e-3); // small values: no overflow, no subnormals
  const macsPerIteration = 2 * 4 * 4;
  let iterations = 1 << 16;
  peak(iterations, 0); // compiled by the optimizing tier before timing
  let best = 0;
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const t0 = performance.now();
    peak(iterations, 0);
    const ms = performance.now() - t0;
    if (ms < 5) iterations *= 2;
    else best = Math.max(best, (iterations * macsPerIteration) / (ms / 1000));
  }
  return best;
}

if (require.main === module) console.log(`${(wasmSimdPeakMacsPerSecond(1) / 1e9).toFixed(2)} GMAC/s`);
