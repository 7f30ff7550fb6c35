/**
 * c[m, n] = op(a) · b with n a multiple of 4, as WebAssembly SIMD over tfjs's memory, reading both
 * operands in place. Used for the one-channel first convolution's filter gradient (m = kh·kw = 25 patch
 * offsets, k = every output pixel of the batch, n = output channels) and for BatchMatMul (src/tf/wasm-matmul.ts).
 * XNNPACK first packs all of b into its own layout, again whenever b is a new tensor (every training
 * step's weights, every gradient): for the bench's shapes that costs as much as the product itself.
 * Each tile of R rows × 4·V columns keeps its sums in registers while k runs in order, with b's rows
 * read in place; k goes in chunks that stay in cache for all row tiles, and the sums wait in c between
 * chunks, so every entry is the same left-to-right float32 sum over k as one unbroken loop.
 */
import { I32, V128, op, simd, uleb } from "../../wasm/encoder";
import { perMemory, type WasmMemory } from "./run";

const load = (offset = 0) => simd(0x00, 4, ...uleb(offset));
const store = (offset = 0) => simd(0x0b, 4, ...uleb(offset));
const load32Splat = simd(0x09, 2, 0);
const f32x4Add = simd(0xe4);
const f32x4Mul = simd(0xe6);
const i32Mul = [0x6c];

// params: a (row r0, k = 0), b (column c0, k = 0), c (row r0, column c0), k0, k1, aRowBytes, aStepBytes (from k to k + 1 in a row of a), bRowBytes (n·4), cRowBytes, tiles (row tiles, one after another)
const [A, B, C, K0, K1, AROW, ASTEP, BROW, CROW, TILES] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
// i32 locals: p, aAt (a + p·aStepBytes), bAt (b + p·bRowBytes), t (tile); then v128 locals: sums, splats, one column of b
const [P, AAT, BAT, T] = [10, 11, 12, 13];
const FIRST_V128 = 14;

/** A tile of `rows` rows × `vectors` f32x4 columns; sums for k in [k0, k1) added to c. */
function tileBody(rows: number, vectors: number): number[] {
  const get = op.localGet;
  const set = op.localSet;
  const add = op.i32Add;
  const sum = (r: number, v: number) => FIRST_V128 + r * vectors + v;
  const splat = (r: number) => FIRST_V128 + rows * vectors + r;
  const column = FIRST_V128 + rows * vectors + rows;
  const cAt = (r: number) => [...get(C), ...op.i32Const(r), ...get(CROW), ...i32Mul, ...add];
  const code: number[] = [...op.i32Const(0), ...set(T), ...op.block, ...op.loop, ...get(T), ...get(TILES), ...op.i32GeU, ...op.brIf(1)];
  for (let r = 0; r < rows; r++) for (let v = 0; v < vectors; v++) code.push(...cAt(r), ...load(16 * v), ...set(sum(r, v)));
  // aAt = a + k0·aStepBytes, bAt = b + k0·bRowBytes
  code.push(...get(A), ...get(K0), ...get(ASTEP), ...i32Mul, ...add, ...set(AAT));
  code.push(...get(B), ...get(K0), ...get(BROW), ...i32Mul, ...add, ...set(BAT));
  code.push(...get(K0), ...set(P), ...op.block, ...op.loop, ...get(P), ...get(K1), ...op.i32GeU, ...op.brIf(1));
  for (let r = 0; r < rows; r++) code.push(...get(AAT), ...op.i32Const(r), ...get(AROW), ...i32Mul, ...add, ...load32Splat, ...set(splat(r)));
  for (let v = 0; v < vectors; v++) {
    code.push(...get(BAT), ...load(16 * v), ...set(column));
    for (let r = 0; r < rows; r++) code.push(...get(sum(r, v)), ...get(splat(r)), ...get(column), ...f32x4Mul, ...f32x4Add, ...set(sum(r, v)));
  }
  code.push(...get(AAT), ...get(ASTEP), ...add, ...set(AAT), ...get(BAT), ...get(BROW), ...add, ...set(BAT));
  code.push(...get(P), ...op.i32Const(1), ...add, ...set(P), ...op.br(0), ...op.end, ...op.end);
  for (let r = 0; r < rows; r++) for (let v = 0; v < vectors; v++) code.push(...cAt(r), ...get(sum(r, v)), ...store(16 * v));
  // next tile: `rows` rows down in a and c
  code.push(...get(A), ...op.i32Const(rows), ...get(AROW), ...i32Mul, ...add, ...set(A), ...get(C), ...op.i32Const(rows), ...get(CROW), ...i32Mul, ...add, ...set(C));
  code.push(...get(T), ...op.i32Const(1), ...add, ...set(T), ...op.br(0), ...op.end, ...op.end);
  return code;
}

type TileFn = (a: number, b: number, c: number, k0: number, k1: number, aRowBytes: number, aStepBytes: number, bRowBytes: number, cRowBytes: number, tiles: number) => void;
// Tiles of 2 rows (and 1 for an odd last row) × 16 or 4 columns: 8 sums + 2 splats + 1 column fit the 16 registers V8 has.
const SHAPES = [[2, 4], [1, 4], [2, 1], [1, 1]] as const;
type Tiles = Record<string, TileFn>;
const tiles = perMemory<Tiles>(() =>
  SHAPES.map(([rows, vectors]) => ({
    exportName: `tile${rows}x${vectors}`,
    params: Array(10).fill(I32),
    locals: [I32, I32, I32, I32, ...Array(rows * vectors + rows + 1).fill(V128)],
    body: tileBody(rows, vectors),
  })),
);

/**
 * k values per chunk: the chunk of b a column tile reads (16 KB for 16 columns) stays in the 32 KB L1
 * cache while all row tiles pass over it (1024 here: 13 → 16 G multiply-adds/s for 128×784 · 784×256).
 */
const CHUNK = 256;
const ROW_BLOCK = 128;

/**
 * c = op(a) · b at byte offsets of `memory` (row-major float32: a [m, k], or [k, m] with `transposeA`;
 * b [k, n]; c [m, n], overwritten, or added to with `accumulate`, the sums going on from c's values
 * exactly as from one chunk of k to the next); false (nothing written) where n is not a multiple of 4
 * or the module cannot load.
 */
export function longProduct(
  memory: WasmMemory,
  a: number,
  b: number,
  c: number,
  s: { m: number; k: number; n: number; transposeA?: boolean; accumulate?: boolean },
): boolean {
  if (s.n % 4 !== 0 || s.n === 0) return false;
  const fns = tiles(memory);
  if (!fns) return false;
  const vectors = s.n % 16 === 0 ? 4 : 1;
  const [aRow, aStep] = s.transposeA ? [4, s.m * 4] : [s.k * 4, 4];
  const [bRow, cRow] = [s.n * 4, s.n * 4];
  if (!s.accumulate) new Float32Array(memory.buffer, c, s.m * s.n).fill(0); // the tiles add each chunk of k to c
  for (let r0 = 0; r0 < s.m; r0 += ROW_BLOCK) {
    const rows = Math.min(ROW_BLOCK, s.m - r0);
    const [aBlock, cBlock] = [a + r0 * aRow, c + r0 * cRow];
    for (let k0 = 0; k0 < s.k; k0 += CHUNK) {
      const k1 = Math.min(s.k, k0 + CHUNK);
      for (let col = 0; col < s.n; col += 4 * vectors) {
        const pairs = Math.floor(rows / 2);
        if (pairs > 0) fns[`tile2x${vectors}`](aBlock, b + col * 4, cBlock + col * 4, k0, k1, aRow, aStep, bRow, cRow, pairs);
        if (rows % 2) fns[`tile1x${vectors}`](aBlock + (rows - 1) * aRow, b + col * 4, cBlock + (rows - 1) * cRow + col * 4, k0, k1, aRow, aStep, bRow, cRow, 1);
      }
    }
  }
  return true;
}
