import type { Rng } from "../rng";
import { matrixDims } from "./fans";
import { finite, show } from "../args";
import { checkRng, checkShape } from "./validate";

/**
 * Sparse initialization (Martens 2010; book §8.4): each output unit (row) gets exactly `nonZeros` weights
 * drawn from N(0, std²) at positions chosen uniformly without replacement; the rest are 0. Unlike a
 * dense scale-down, this keeps a few large weights per unit, so units start out diverse.
 */
export function sparse(shape: readonly number[], opts: { nonZeros: number; std?: number; rng: Rng }): number[][] {
  const fn = "init.sparse";
  const s = checkShape(fn, shape, 2);
  if (opts === null || typeof opts !== "object") {
    throw new Error(`${fn}: parameter 'options' must be an object with 'nonZeros' and 'rng', got ${show(opts)}`);
  }
  const r = checkRng(fn, opts.rng);
  const [rows, cols] = matrixDims(s);
  const k = opts.nonZeros;
  if (typeof k !== "number" || !Number.isInteger(k) || k < 0 || k > cols) {
    throw new Error(`${fn}: parameter 'nonZeros' must be an integer in [0, ${cols}] (the row length), got ${show(k)}`);
  }
  const std = opts.std === undefined ? 0.01 : finite(fn, "std", opts.std);
  if (std <= 0) throw new Error(`${fn}: parameter 'std' must be > 0, got ${std}`);
  const positions = new Int32Array(cols);
  const out: number[][] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) positions[j] = j;
    const row = new Array<number>(cols).fill(0);
    // Partial Fisher–Yates: the first k slots become a uniform k-subset.
    for (let t = 0; t < k; t++) {
      const u = t + r.int(cols - t);
      const p = positions[u];
      positions[u] = positions[t];
      positions[t] = p;
      let w = 0;
      // A draw of exactly 0 would break the "exactly k non-zeros" promise; redraw (probability ~0).
      while (w === 0) w = std * r.normal();
      row[p] = w;
    }
    out[i] = row;
  }
  return out;
}
