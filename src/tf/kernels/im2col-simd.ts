/**
 * im2col for stride-1 'valid' convolutions over tfjs-backend-wasm's memory (NHWC), as WebAssembly
 * loops of memory.copy: the patch of output pixel (b, i, j) is kh runs of kw·ci contiguous floats of
 * x, one per kernel row. Then a convolution is one matrix product on long-product-simd's tiles
 * (conv2d.ts, conv2d-backprop-filter.ts):
 *
 *   p [n·oh·ow, kh·kw·ci],  p[(b, i, j), (a, c, d)] = x[b, i + a, j + c, d]   (im2col)
 *   pᵀ [kh·kw, n·oh·ow] for one input channel, whose runs (ow floats) are longer  (im2colT1)
 */
import { I32, loopFrom0, loopNext, op, uleb } from "../../wasm/encoder";
import { perMemory, type WasmMemory } from "./run";

const memoryCopy = [0xfc, ...uleb(10), 0x00, 0x00];
const get = op.localGet;
const set = op.localSet;
const add = op.i32Add;

// im2col params: x, p, n, imageBytes (h·w·ci·4), rowBytes (w·ci·4), oh, ow, pixelBytes (ci·4), kh, runBytes (kw·ci·4)
const [X, P, N, IMAGE, ROW, OH, OW, PIXEL, KH, RUN] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
// locals: image, i, j, a, dst, src, pixel (x address of patch (image, i, j))
const [IM, I, J, A, DST, SRC, AT] = [10, 11, 12, 13, 14, 15, 16];

function im2colBody(): number[] {
  const code: number[] = [...get(P), ...set(DST)];
  code.push(...loopFrom0(IM, N), ...loopFrom0(I, OH));
  // at = x + image·imageBytes + i·rowBytes
  code.push(...get(X), ...get(IM), ...get(IMAGE), ...op.i32Mul, ...add, ...get(I), ...get(ROW), ...op.i32Mul, ...add, ...set(AT));
  code.push(...loopFrom0(J, OW), ...get(AT), ...set(SRC), ...loopFrom0(A, KH));
  code.push(...get(DST), ...get(SRC), ...get(RUN), ...memoryCopy);
  code.push(...get(DST), ...get(RUN), ...add, ...set(DST), ...get(SRC), ...get(ROW), ...add, ...set(SRC));
  code.push(...loopNext(A));
  code.push(...get(AT), ...get(PIXEL), ...add, ...set(AT));
  code.push(...loopNext(J), ...loopNext(I), ...loopNext(IM));
  return code;
}

// im2colT params: x, pt, n, imageBytes (h·w·4), rowBytes (w·4), oh, runBytes (ow·4), kh, kw
const [TX, TPT, TN, TIMG, TROW, TOH, TRUN, TKH, TKW] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
// locals: a, b, image, i, dst, src
const [TA, TB, TIM, TI, TDST, TSRC] = [9, 10, 11, 12, 13, 14];

function im2colTBody(): number[] {
  const code: number[] = [...get(TPT), ...set(TDST)];
  code.push(...loopFrom0(TA, TKH), ...loopFrom0(TB, TKW), ...loopFrom0(TIM, TN));
  // src = x + image·imageBytes + a·rowBytes + b·4
  code.push(...get(TX), ...get(TIM), ...get(TIMG), ...op.i32Mul, ...add, ...get(TA), ...get(TROW), ...op.i32Mul, ...add, ...get(TB), ...op.i32Const(4), ...op.i32Mul, ...add, ...set(TSRC));
  code.push(...loopFrom0(TI, TOH));
  code.push(...get(TDST), ...get(TSRC), ...get(TRUN), ...memoryCopy);
  code.push(...get(TDST), ...get(TRUN), ...add, ...set(TDST), ...get(TSRC), ...get(TROW), ...add, ...set(TSRC));
  code.push(...loopNext(TI), ...loopNext(TIM), ...loopNext(TB), ...loopNext(TA));
  return code;
}

type Im2colFn = (x: number, p: number, n: number, imageBytes: number, rowBytes: number, oh: number, ow: number, pixelBytes: number, kh: number, runBytes: number) => void;
type Im2colTFn = (x: number, pt: number, n: number, imageBytes: number, rowBytes: number, oh: number, runBytes: number, kh: number, kw: number) => void;
const instance = perMemory<{ im2col: Im2colFn; im2colT: Im2colTFn }>(() => [
  { exportName: "im2col", params: Array(10).fill(I32), locals: Array(7).fill(I32), body: im2colBody() },
  { exportName: "im2colT", params: Array(9).fill(I32), locals: Array(6).fill(I32), body: im2colTBody() },
]);

/** Shape of a stride-1 'valid' convolution's input batch [n, h, w, ci] and kernel kh × kw. */
export type PatchShape = { n: number; h: number; w: number; ci: number; kh: number; kw: number };

/** p [n·oh·ow, kh·kw·ci] of x [n, h, w, ci] at byte offsets of `memory`; false where the module cannot load. */
export function im2col(memory: WasmMemory, x: number, p: number, s: PatchShape): boolean {
  const fn = instance(memory)?.im2col;
  if (!fn) return false;
  const [oh, ow] = [s.h - s.kh + 1, s.w - s.kw + 1];
  fn(x, p, s.n, s.h * s.w * s.ci * 4, s.w * s.ci * 4, oh, ow, s.ci * 4, s.kh, s.kw * s.ci * 4);
  return true;
}

/** pᵀ [kh·kw, n·oh·ow] of x [n, h, w, 1] at byte offsets of `memory`; false where the module cannot load. */
export function im2colT1(memory: WasmMemory, x: number, pt: number, s: Omit<PatchShape, "ci">): boolean {
  const fn = instance(memory)?.im2colT;
  if (!fn) return false;
  const [oh, ow] = [s.h - s.kh + 1, s.w - s.kw + 1];
  fn(x, pt, s.n, s.h * s.w * 4, s.w * 4, oh, ow * 4, s.kh, s.kw);
  return true;
}
