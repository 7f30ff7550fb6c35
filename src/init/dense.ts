/*
 * Float64 dense kernels for the depth experiment. Row-major flat arrays; the forward product is
 * blocked 2 rows × 4 outputs so each loaded input value feeds four multiply-adds (≈3× a naive loop in V8).
 */

/** H = X·Wᵀ: X is batch×nIn, W is nOut×nIn (a PyTorch Linear weight), H is batch×nOut. */
export function matmulTransposed(x: Float64Array, w: Float64Array, batch: number, nIn: number, nOut: number, h: Float64Array): void {
  let b = 0;
  for (; b + 1 < batch; b += 2) {
    const x0 = b * nIn;
    const x1 = x0 + nIn;
    let o = 0;
    for (; o + 3 < nOut; o += 4) {
      const w0 = o * nIn;
      const w1 = w0 + nIn;
      const w2 = w1 + nIn;
      const w3 = w2 + nIn;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let i = 0; i < nIn; i++) {
        const a = x[x0 + i];
        const c = x[x1 + i];
        const p = w[w0 + i];
        const q = w[w1 + i];
        const r = w[w2 + i];
        const s = w[w3 + i];
        s00 += a * p; s01 += a * q; s02 += a * r; s03 += a * s;
        s10 += c * p; s11 += c * q; s12 += c * r; s13 += c * s;
      }
      const h0 = b * nOut + o;
      const h1 = h0 + nOut;
      h[h0] = s00; h[h0 + 1] = s01; h[h0 + 2] = s02; h[h0 + 3] = s03;
      h[h1] = s10; h[h1 + 1] = s11; h[h1 + 2] = s12; h[h1 + 3] = s13;
    }
    for (; o < nOut; o++) {
      let s0 = 0, s1 = 0;
      const wo = o * nIn;
      for (let i = 0; i < nIn; i++) {
        s0 += x[x0 + i] * w[wo + i];
        s1 += x[x1 + i] * w[wo + i];
      }
      h[b * nOut + o] = s0;
      h[(b + 1) * nOut + o] = s1;
    }
  }
  for (; b < batch; b++) {
    for (let o = 0; o < nOut; o++) {
      let s = 0;
      for (let i = 0; i < nIn; i++) s += x[b * nIn + i] * w[o * nIn + i];
      h[b * nOut + o] = s;
    }
  }
}

/** Transpose of a rows×cols row-major matrix, so that every product can use the blocked kernel. */
export function transpose(a: Float64Array, rows: number, cols: number, out: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const ai = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = a[ai + j];
  }
}

/** Population mean and standard deviation (divisor n), two-pass for accuracy. */
export function meanStd(a: Float64Array): [number, number] {
  const n = a.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i];
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i] - mean;
    ss += d * d;
  }
  return [mean, Math.sqrt(ss / n)];
}
