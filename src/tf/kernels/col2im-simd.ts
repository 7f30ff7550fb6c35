/**
 * col2im for a stride-1 convolution's input gradient, as WebAssembly SIMD over tfjs-backend-wasm's
 * memory: cols [n·oh·ow, kh·kw·ci] (one row per output pixel, dy times the filter) is added into a
 * zeroed dx padded to [n, oh + kh − 1, ow + kw − 1, ci]. For output pixel (b, i, j), kernel row a,
 * the kw·ci values of cols are one contiguous run of dx starting at pixel (b, i + a, j): so the
 * loops are pixels, kernel rows, and a run of f32x4 adds (ci a multiple of 4).
 */
import { I32, V128, loopFrom0, loopNext, op, simd } from "../../wasm/encoder";
import { perMemory, type WasmMemory } from "./run";

const load = simd(0x00, 0, 0);
const store = simd(0x0b, 0, 0);
const f32x4Add = simd(0xe4);

// params: cols, dx (of one image), oh (rows of pixels), ow, kh, runBytes (kw·ci·4), pixelBytes (ci·4), dxRowBytes (wp·ci·4)
const [COLS, DX, ROWS, OW, KH, RUN, PIX, DXROW] = [0, 1, 2, 3, 4, 5, 6, 7];
// locals: row, j, a, off, src, base (dx address of pixel (b, i, j)), dst
const [ROW, J, A, OFF, SRC, BASE, DST] = [8, 9, 10, 11, 12, 13, 14];

function body(): number[] {
  const get = op.localGet;
  const set = op.localSet;
  const add = op.i32Add;
  const code: number[] = [...get(COLS), ...set(SRC), ...get(DX), ...set(BASE)];
  code.push(...loopFrom0(ROW, ROWS));
  code.push(...loopFrom0(J, OW));
  code.push(...get(BASE), ...set(DST));
  code.push(...loopFrom0(A, KH));
  code.push(...loopFrom0(OFF, RUN));
  // dx[dst + off] += cols[src + off]
  code.push(...get(DST), ...get(OFF), ...add, ...get(DST), ...get(OFF), ...add, ...load, ...get(SRC), ...get(OFF), ...add, ...load, ...f32x4Add, ...store);
  code.push(...loopNext(OFF, op.i32Const(16)));
  // next kernel row: src on by one run, dst one dx row down
  code.push(...get(SRC), ...get(RUN), ...add, ...set(SRC), ...get(DST), ...get(DXROW), ...add, ...set(DST));
  code.push(...loopNext(A));
  // next output pixel in the row
  code.push(...get(BASE), ...get(PIX), ...add, ...set(BASE));
  code.push(...loopNext(J));
  // next output row: the padded dx row is kw − 1 pixels longer than ow (run = kw·pixel)
  code.push(...get(BASE), ...get(RUN), ...add, ...get(PIX), ...op.i32Const(-1), ...op.i32Mul, ...add, ...set(BASE));
  code.push(...loopNext(ROW));
  return code;
}

type Col2imFn = (cols: number, dx: number, rows: number, ow: number, kh: number, runBytes: number, pixelBytes: number, dxRowBytes: number) => void;
const instance = perMemory<{ col2im: Col2imFn }>(() => [{ exportName: "col2im", params: Array(8).fill(I32), locals: Array(7).fill(I32), body: body() }]);

/** Whether the module loads on `memory` (false: e.g. a shared memory of a threaded build). */
export function col2imAvailable(memory: WasmMemory): boolean {
  return instance(memory) !== null;
}

/**
 * Adds cols [n·oh·ow, kh·kw·ci] into the ZEROED dx [n, oh+kh−1, ow+kw−1, ci] (byte offsets in
 * `memory`); ci must be a multiple of 4.
 */
export function col2im(memory: WasmMemory, cols: number, dx: number, s: { n: number; oh: number; ow: number; kh: number; kw: number; ci: number }): void {
  const fn = instance(memory)!.col2im;
  const wp = s.ow + s.kw - 1;
  const hp = s.oh + s.kh - 1;
  const colsImage = s.oh * s.ow * s.kh * s.kw * s.ci * 4;
  const dxImage = hp * wp * s.ci * 4;
  // One call per image: the padded rows between images are not on the pixel walk.
  for (let b = 0; b < s.n; b++) fn(cols + b * colsImage, dx + b * dxImage, s.oh, s.ow, s.kh, s.kw * s.ci * 4, s.ci * 4, wp * s.ci * 4);
}
