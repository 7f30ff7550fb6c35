/**
 * c[m, n] = a · b with n a multiple of 4, as WebAssembly SIMD over tfjs's memory, reading both operands
 * in place: BatchMatMul (src/tf/wasm-matmul.ts) and the convolutions (patches.ts). XNNPACK first packs
 * all of b into its own layout, again whenever b is a new tensor (every training step's weights, every
 * gradient): for the bench's shapes that costs as much as the product itself.
 *
 * Each tile of R rows × 4·V columns keeps its sums in registers while k runs in order, with b's rows read
 * in place; k goes in chunks that stay in cache for all row tiles, and the sums wait in c between chunks,
 * so every entry is the same left-to-right float32 sum over k as one unbroken loop.
 *
 * a and c need not be plain matrices: `productWalk` reads a's entries along a walk, which is how a
 * convolution's patches are read straight out of the image (no im2col) and its input gradient is added
 * straight into the image. Along k, a moves `aStep` bytes, and after every `runK` steps `aRunGap` more
 * (a patch row of kw·ci floats, then the next image row); down the rows, a and c move `aRow` and `cRow`
 * bytes, and after every `lineRows` rows `aLineGap` and `cLineGap` more (a row of output pixels).
 */
import { I32, V128, f32x4, op } from "../../wasm/encoder";
import { perMemory, type WasmMemory } from "./run";

const { load, store } = f32x4;
const load32Splat = f32x4.load32Splat();
const i32LtU = [0x49];

// params: a (row r0 at the chunk's first k), b (column c0 at k0), c (row r0, column c0), k0, k1, aRow, aStep,
// bRow, cRow, tiles, runK, aRunGap, lineTiles, aLineGap, cLineGap
const [A, B, C, K0, K1, AROW, ASTEP, BROW, CROW, TILES, RUNK, ARUNGAP, LINETILES, ALINEGAP, CLINEGAP] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
const PARAMS = 15;
// i32 locals: p (k), aAt, bAt, t (tile), runEnd, line (tiles since the line began); then v128 locals: sums, splats, one column of b
const [P, AAT, BAT, T, RUNEND, LINE] = [15, 16, 17, 18, 19, 20];
const FIRST_V128 = 21;

/** A tile of `rows` rows × `vectors` f32x4 columns; sums for k in [k0, k1) added to c. */
function tileBody(rows: number, vectors: number): number[] {
  const get = op.localGet;
  const set = op.localSet;
  const add = op.i32Add;
  const sum = (r: number, v: number) => FIRST_V128 + r * vectors + v;
  const splat = (r: number) => FIRST_V128 + rows * vectors + r;
  const column = FIRST_V128 + rows * vectors + rows;
  const cAt = (r: number) => [...get(C), ...op.i32Const(r), ...get(CROW), ...op.i32Mul, ...add];
  const code: number[] = [...op.i32Const(0), ...set(LINE)];
  code.push(...op.i32Const(0), ...set(T), ...op.block, ...op.loop, ...get(T), ...get(TILES), ...op.i32GeU, ...op.brIf(1));
  for (let r = 0; r < rows; r++) for (let v = 0; v < vectors; v++) code.push(...cAt(r), ...load(16 * v), ...set(sum(r, v)));
  // aAt = a, bAt = b + k0·bRowBytes
  code.push(...get(A), ...set(AAT), ...get(B), ...get(K0), ...get(BROW), ...op.i32Mul, ...add, ...set(BAT));
  // runs of k: runEnd = min(p + runK, k1); after each run, a moves on by aRunGap
  code.push(...get(K0), ...set(P), ...op.block, ...op.loop, ...get(P), ...get(K1), ...op.i32GeU, ...op.brIf(1));
  code.push(...get(P), ...get(RUNK), ...add, ...get(K1), ...get(P), ...get(RUNK), ...add, ...get(K1), ...i32LtU, ...op.select, ...set(RUNEND));
  code.push(...op.block, ...op.loop, ...get(P), ...get(RUNEND), ...op.i32GeU, ...op.brIf(1));
  for (let r = 0; r < rows; r++) code.push(...get(AAT), ...op.i32Const(r), ...get(AROW), ...op.i32Mul, ...add, ...load32Splat, ...set(splat(r)));
  for (let v = 0; v < vectors; v++) {
    code.push(...get(BAT), ...load(16 * v), ...set(column));
    for (let r = 0; r < rows; r++) code.push(...get(sum(r, v)), ...get(splat(r)), ...get(column), ...f32x4.mul, ...f32x4.add, ...set(sum(r, v)));
  }
  code.push(...get(AAT), ...get(ASTEP), ...add, ...set(AAT), ...get(BAT), ...get(BROW), ...add, ...set(BAT));
  code.push(...get(P), ...op.i32Const(1), ...add, ...set(P), ...op.br(0), ...op.end, ...op.end);
  code.push(...get(AAT), ...get(ARUNGAP), ...add, ...set(AAT), ...op.br(0), ...op.end, ...op.end);
  for (let r = 0; r < rows; r++) for (let v = 0; v < vectors; v++) code.push(...cAt(r), ...get(sum(r, v)), ...store(16 * v));
  // next tile: `rows` rows down in a and c, and past the gaps at the end of a line
  code.push(...get(A), ...op.i32Const(rows), ...get(AROW), ...op.i32Mul, ...add, ...set(A), ...get(C), ...op.i32Const(rows), ...get(CROW), ...op.i32Mul, ...add, ...set(C));
  code.push(...get(LINE), ...op.i32Const(1), ...add, ...set(LINE));
  code.push(...get(LINE), ...get(LINETILES), ...op.i32GeU, ...op.if_);
  code.push(...op.i32Const(0), ...set(LINE), ...get(A), ...get(ALINEGAP), ...add, ...set(A), ...get(C), ...get(CLINEGAP), ...add, ...set(C), ...op.end);
  code.push(...get(T), ...op.i32Const(1), ...add, ...set(T), ...op.br(0), ...op.end, ...op.end);
  return code;
}

type TileFn = (...args: number[]) => void;
// Tiles of 2 rows (and 1 for an odd last row) × 16 or 4 columns: 8 sums + 2 splats + 1 column fit the 16 registers V8 has.
const SHAPES = [[2, 4], [1, 4], [2, 1], [1, 1]] as const;
type Tiles = Record<string, TileFn>;
const tiles = perMemory<Tiles>(() =>
  SHAPES.map(([rows, vectors]) => ({
    exportName: `tile${rows}x${vectors}`,
    params: Array(PARAMS).fill(I32),
    locals: [I32, I32, I32, I32, I32, I32, ...Array(rows * vectors + rows + 1).fill(V128)],
    body: tileBody(rows, vectors),
  })),
);

/**
 * k values per chunk: the chunk of b a column tile reads (16 KB for 16 columns) stays in the 32 KB L1
 * cache while all row tiles pass over it (1024 here: 13 → 16 G multiply-adds/s for 128×784 · 784×256).
 */
const CHUNK = 256;
/** Rows per block: a block of a (128 rows × a chunk of k) stays in L2 while every column tile reads it. */
const ROW_BLOCK = 128;
const NEVER = 2 ** 30;

/** How `productWalk` reads a and writes c (byte offsets and strides; see the file's comment). */
export interface Walk {
  m: number;
  k: number;
  n: number;
  a: number;
  aRow: number;
  aStep: number;
  b: number;
  c: number;
  /** Rows per line (even, dividing m), and the extra bytes a and c move after each line; default: one line. */
  lineRows?: number;
  aLineGap?: number;
  cLineGap?: number;
  /** Steps of k per run, and the extra bytes a moves after each run; default: one run. */
  runK?: number;
  aRunGap?: number;
  /** Products for `images` images, a, b and c moving on by aImage, bImage, cImage bytes from one to the next (default 1 image). */
  images?: number;
  aImage?: number;
  bImage?: number;
  cImage?: number;
  /** Add to c instead of overwriting it. */
  accumulate?: boolean;
}

/**
 * c (rows n·4 bytes apart within a line) = a · b along the walk `w`, for each image; false (nothing
 * written) where n is not a multiple of 4 or the module cannot load.
 */
export function productWalk(memory: WasmMemory, w: Walk): boolean {
  if (w.n % 4 !== 0 || w.n === 0) return false;
  const fns = tiles(memory);
  if (!fns) return false;
  const vectors = w.n % 16 === 0 ? 4 : 1;
  const [pairTile, rowTile] = [fns[`tile2x${vectors}`], fns[`tile1x${vectors}`]];
  const { m, k, n, aRow, aStep } = w;
  const bRow = n * 4;
  const cRow = n * 4;
  const lineRows = w.lineRows ?? NEVER;
  const [aLineGap, cLineGap] = [w.aLineGap ?? 0, w.cLineGap ?? 0];
  const runK = w.runK ?? NEVER;
  const aRunGap = w.aRunGap ?? 0;
  const [images, aImage, bImage, cImage] = [w.images ?? 1, w.aImage ?? 0, w.bImage ?? 0, w.cImage ?? 0];
  if (lineRows !== NEVER && (lineRows % 2 !== 0 || m % lineRows !== 0)) throw new Error(`productWalk: lineRows must be even and divide m, got ${lineRows} for m = ${m}`);
  // Chunks of whole runs, blocks of whole lines: both start where a walk starts afresh.
  const chunk = runK === NEVER ? CHUNK : Math.max(1, Math.floor(CHUNK / runK)) * runK;
  const block = lineRows === NEVER ? ROW_BLOCK : Math.max(1, Math.floor(ROW_BLOCK / lineRows)) * lineRows;
  const line = Math.min(m, lineRows);
  // r is a whole number of lines wherever there are lines
  const aAtRow = (r: number) => (lineRows === NEVER ? r * aRow : (r / lineRows) * (lineRows * aRow + aLineGap));
  const cAtRow = (r: number) => (lineRows === NEVER ? r * cRow : (r / lineRows) * (lineRows * cRow + cLineGap));
  const aAtK = (kk: number) => (runK === NEVER ? kk * aStep : (kk / runK) * (runK * aStep + aRunGap));
  if (!w.accumulate) {
    for (let i = 0; i < (cImage === 0 ? 1 : images); i++) for (let r = 0; r < m; r += line) new Float32Array(memory.buffer, w.c + i * cImage + cAtRow(r), line * n).fill(0); // the tiles add to c
  }
  const lineTiles = lineRows === NEVER ? NEVER : lineRows / 2;
  for (let i = 0; i < images; i++) {
    for (let r0 = 0; r0 < m; r0 += block) {
      const rows = Math.min(block, m - r0);
      const pairs = rows >> 1;
      for (let k0 = 0; k0 < k; k0 += chunk) {
        const k1 = Math.min(k, k0 + chunk);
        const a = w.a + i * aImage + aAtRow(r0) + aAtK(k0);
        for (let col = 0; col < n; col += 4 * vectors) {
          const b = w.b + i * bImage + col * 4;
          const c = w.c + i * cImage + cAtRow(r0) + col * 4;
          if (pairs > 0) pairTile(a, b, c, k0, k1, aRow, aStep, bRow, cRow, pairs, runK, aRunGap, lineTiles, aLineGap, cLineGap);
          // an odd last row (only without lines)
          if (rows % 2) rowTile(a + (rows - 1) * aRow, b, c + (rows - 1) * cRow, k0, k1, aRow, aStep, bRow, cRow, 1, runK, aRunGap, NEVER, 0, 0);
        }
      }
    }
  }
  return true;
}

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
  const [aRow, aStep] = s.transposeA ? [4, s.m * 4] : [s.k * 4, 4];
  return productWalk(memory, { m: s.m, k: s.k, n: s.n, a, aRow, aStep, b, c, accumulate: s.accumulate });
}
