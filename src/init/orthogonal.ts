import type { Rng } from "../rng";
import { matrixDims } from "./fans";
import { finite, show } from "../args";
import { checkRng, checkShape } from "./validate";

/**
 * Thin Householder QR of a tall m×n matrix given column-major; returns Q (m×n, column-major) with each
 * column multiplied by sign(R_kk), which makes the factorization unique (diag(R) > 0) and so makes Q
 * Haar-distributed when A is Gaussian (Mezzadri 2007, "How to generate random matrices from the classical compact groups").
 */
function signCorrectedQ(a: Float64Array, m: number, n: number): Float64Array {
  const vs: Float64Array[] = [];
  const signs = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const off = k * m;
    let norm2 = 0;
    for (let i = k; i < m; i++) norm2 += a[off + i] * a[off + i];
    const norm = Math.sqrt(norm2);
    const x0 = a[off + k];
    // alpha has the opposite sign of x0 to avoid cancellation in v = x − alpha·e1.
    const alpha = x0 >= 0 ? -norm : norm;
    const v = new Float64Array(m - k);
    for (let i = k; i < m; i++) v[i - k] = a[off + i];
    v[0] -= alpha;
    let vn2 = 0;
    for (let i = 0; i < v.length; i++) vn2 += v[i] * v[i];
    if (vn2 > 0) {
      const inv = 1 / Math.sqrt(vn2);
      for (let i = 0; i < v.length; i++) v[i] *= inv;
      for (let j = k + 1; j < n; j++) {
        const cj = j * m;
        let dot = 0;
        for (let i = k; i < m; i++) dot += v[i - k] * a[cj + i];
        dot *= 2;
        for (let i = k; i < m; i++) a[cj + i] -= dot * v[i - k];
      }
    }
    vs.push(v);
    signs[k] = alpha >= 0 ? 1 : -1;
  }
  // Q = H_0 H_1 … H_{n−1} applied to the first n columns of the identity, right to left.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k];
    for (let j = k; j < n; j++) {
      const cj = j * m;
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k] * q[cj + i];
      dot *= 2;
      for (let i = k; i < m; i++) q[cj + i] -= dot * v[i - k];
    }
  }
  for (let j = 0; j < n; j++) {
    const s = signs[j];
    if (s < 0) for (let i = 0; i < m; i++) q[j * m + i] = -q[j * m + i];
  }
  return q;
}

/**
 * Saxe et al. (2014) orthogonal initialization (torch orthogonal_): a Gaussian matrix's QR factor,
 * sign-corrected, times `gain`. Rows are orthonormal when fanOut ≤ rest, columns when fanOut ≥ rest;
 * conv shapes are flattened to [out, in·∏kernel].
 */
export function orthogonal(shape: readonly number[], opts: { gain?: number; rng: Rng }): number[][] {
  const fn = "init.orthogonal";
  const s = checkShape(fn, shape, 2);
  if (opts === null || typeof opts !== "object") {
    throw new Error(`${fn}: parameter 'options' must be an object with an 'rng', got ${show(opts)}`);
  }
  const r = checkRng(fn, opts.rng);
  const gain = opts.gain === undefined ? 1 : finite(fn, "gain", opts.gain);
  const [rows, cols] = matrixDims(s);
  // Draw in the returned row-major order, then factor the tall orientation (transpose when wide), as PyTorch does.
  const draws = new Float64Array(rows * cols);
  for (let i = 0; i < draws.length; i++) draws[i] = r.normal();
  const wide = rows < cols;
  const m = wide ? cols : rows;
  const n = wide ? rows : cols;
  // Column-major m×n: for the tall case column j holds draws[i][j]; for the wide case column j is row j of draws.
  const a = new Float64Array(m * n);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = draws[i * cols + j];
      if (wide) a[i * m + j] = v;
      else a[j * m + i] = v;
    }
  }
  const q = signCorrectedQ(a, m, n);
  const out: number[][] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const row = new Array<number>(cols);
    for (let j = 0; j < cols; j++) row[j] = gain * (wide ? q[i * m + j] : q[j * m + i]);
    out[i] = row;
  }
  return out;
}
