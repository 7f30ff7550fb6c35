/**
 * productWalk (src/tf/kernels/long-product-simd.ts) against a plain float64 loop that follows the same
 * walk: a's entries in runs along k and lines down the rows, c's rows in lines, several images, adding
 * to c or overwriting it; and the bytes outside c's rows (the gaps between lines) left untouched.
 */
import { describe, it, expect } from "vitest";
import { productWalk, type Walk } from "../src/tf/kernels/long-product-simd";

function reference(f: Float32Array, w: Required<Omit<Walk, "accumulate">> & { accumulate: boolean }): Map<number, number> {
  const out = new Map<number, number>(); // float index of c → value
  const aAt = (r: number, k: number) =>
    w.a + Math.floor(r / w.lineRows) * (w.lineRows * w.aRow + w.aLineGap) + (r % w.lineRows) * w.aRow + Math.floor(k / w.runK) * (w.runK * w.aStep + w.aRunGap) + (k % w.runK) * w.aStep;
  for (let i = 0; i < w.images; i++) {
    for (let r = 0; r < w.m; r++) {
      for (let col = 0; col < w.n; col++) {
        const c = w.c + i * w.cImage + Math.floor(r / w.lineRows) * (w.lineRows * w.n * 4 + w.cLineGap) + (r % w.lineRows) * w.n * 4 + col * 4;
        let sum = w.accumulate ? f[c / 4] : 0;
        for (let k = 0; k < w.k; k++) sum += f[(i * w.aImage + aAt(r, k)) / 4] * f[(w.b + i * w.bImage + k * w.n * 4 + col * 4) / 4];
        out.set(c / 4, sum);
      }
    }
  }
  return out;
}

describe("productWalk", () => {
  const cases: (Partial<Walk> & { m: number; k: number; n: number })[] = [
    { m: 6, k: 9, n: 8 }, // a plain product
    { m: 7, k: 300, n: 20 }, // odd rows, k over two chunks, 4-column tiles
    { m: 12, k: 30, n: 16, lineRows: 4, aLineGap: 40, cLineGap: 32, runK: 6, aRunGap: 24 }, // lines and runs
    { m: 8, k: 520, n: 4, runK: 10, aRunGap: 8, images: 3, aImage: 40000, bImage: 20000, cImage: 1024 }, // runs across chunks, images
    { m: 260, k: 5, n: 32, lineRows: 26, cLineGap: 16, images: 2, aImage: 8000, cImage: 40000, accumulate: true }, // row blocks of whole lines, adding to c
  ];
  for (const [index, s] of cases.entries()) {
    it(`case ${index}: ${JSON.stringify(s)}`, () => {
      const memory = new WebAssembly.Memory({ initial: 8 });
      const f = new Float32Array(memory.buffer);
      for (let i = 0; i < f.length; i++) f[i] = Math.sin(i * 0.37) * 2;
      // a's rows: plain (k floats apart), or 28 bytes apart inside a line; with runs, 3k floats apart
      const aRow = s.lineRows ? 28 : s.runK ? s.k * 12 : s.k * 4;
      const walk: Walk = { aRow, aStep: 4, a: 0, b: 160000, c: 320000, ...s };
      const defaults = { lineRows: s.m, aLineGap: 0, cLineGap: 0, runK: s.k, aRunGap: 0, images: 1, aImage: 0, bImage: 0, cImage: 0, accumulate: false };
      const want = reference(f, { ...defaults, ...walk } as Required<Omit<Walk, "accumulate">> & { accumulate: boolean });
      const before = f.slice();
      expect(productWalk(memory, walk)).toBe(true);
      for (const [at, value] of want) expect(Math.abs(f[at] - value), `c float ${at}`).toBeLessThan(1e-4 * (1 + Math.abs(value)));
      // nothing outside c's rows changed (the line gaps included)
      for (let i = 320000 / 4; i < f.length; i++) if (!want.has(i)) expect(f[i], `float ${i}`).toBe(before[i]);
    });
  }
  it("refuses lines that do not pair up or do not divide m, and n not a multiple of 4", () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    expect(() => productWalk(memory, { m: 9, k: 2, n: 4, a: 0, aRow: 8, aStep: 4, b: 0, c: 0, lineRows: 3 })).toThrow(/lineRows must be even and divide m, got 3 for m = 9/);
    expect(productWalk(memory, { m: 2, k: 2, n: 6, a: 0, aRow: 8, aStep: 4, b: 0, c: 0 })).toBe(false);
  });
});
