import { describe, expect, it } from "vitest";
import * as check from "../src/check";
import { verdicts } from "./fixtures/checker-verdicts";

const eig2 = (H: number[][]) => {
  // Symmetric eigenvalues by Jacobi sweeps (independent of the checker's own routine).
  const A = H.map((r) => r.slice());
  const n = A.length;
  for (let sweep = 0; sweep < 60; sweep++)
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(A[p][q]) < 1e-15) continue;
        const th = 0.5 * Math.atan2(2 * A[p][q], A[q][q] - A[p][p]);
        const c = Math.cos(th), s = Math.sin(th);
        for (let k = 0; k < n; k++) {
          const akp = A[k][p], akq = A[k][q];
          A[k][p] = c * akp - s * akq;
          A[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p][k], aqk = A[q][k];
          A[p][k] = c * apk - s * aqk;
          A[q][k] = s * apk + c * aqk;
        }
      }
  return A.map((r, i) => r[i]);
};

describe("checkers for §8.1.2 and §8.2.2–8.2.8", () => {
  it("zeroOneLoss", () => {
    const errors = (t: number[], X: number[][], y: number[]) =>
      X.filter((x, i) => ((x.reduce((s, v, j) => s + v * t[j], t[x.length]) > 0 ? 1 : 0) !== y[i])).length;
    verdicts("zeroOneLoss", (t: number[], X: number[][], y: number[]) => errors(t, X, y) / X.length, [
      [(t: number[], X: number[][], y: number[]) => errors(t, X, y), /share of errors/],
      [(t: number[], X: number[][], y: number[]) => 1 - errors(t, X, y) / X.length, /accuracy/],
    ]);
  });

  it("flipHiddenUnit", () => {
    verdicts("flipHiddenUnit", (W1: number[][], b1: number[], w2: number[], j: number) => ({
      W1: W1.map((r, i) => (i === j ? r.map((v) => -v) : r)),
      b1: b1.map((v, i) => (i === j ? -v : v)),
      w2: w2.map((v, i) => (i === j ? -v : v)),
    }), [
      [(W1: number[][], b1: number[], w2: number[], j: number) => ({ W1: W1.map((r, i) => (i === j ? r.map((v) => -v) : r)), b1, w2: w2.map((v, i) => (i === j ? -v : v)) }), /flip the bias/],
      [(W1: number[][], b1: number[], w2: number[], j: number) => ({ W1: W1.map((r, i) => (i === j ? r.map((v) => -v) : r)), b1: b1.map((v, i) => (i === j ? -v : v)), w2 }), /outgoing weight/],
    ]);
  });

  it("saddleIndex", () => {
    verdicts("saddleIndex", (H: number[][]) => eig2(H).filter((l) => l < 0).length / H.length, [
      [(H: number[][]) => eig2(H).filter((l) => l < 0).length, /not their count/],
      [(H: number[][]) => eig2(H).filter((l) => l > 0).length / H.length, /not the positive/],
    ]);
  });

  it("backpropThroughChain", () => {
    const step = (W: number[][], g: number[], transpose: boolean) => W.map((_, i) => W.reduce((s, row, k) => s + (transpose ? W[k][i] : W[i][k]) * g[k], 0));
    const power = (W: number[][], g: number[], t: number, transpose = true) => {
      let v = g;
      for (let k = 0; k < t; k++) v = step(W, v, transpose);
      return v;
    };
    verdicts("backpropThroughChain", (W: number[][], g: number[], t: number) => power(W, g, t), [
      [(W: number[][], g: number[], t: number) => power(W, g, t, false), /transpose/],
      [(W: number[][], g: number[], t: number) => power(W, g, Math.max(0, t - 1)), /not t − 1/],
    ]);
  });

  it("importanceWeightedGradient", () => {
    verdicts("importanceWeightedGradient", (g: number[][], p: number[], i: number) => g[i].map((v) => v / (g.length * p[i])), [
      [(g: number[][], p: number[], i: number) => g[i], /biased/],
      [(g: number[][], p: number[], i: number) => g[i].map((v) => v / p[i]), /not 1\/pᵢ/],
    ]);
  });

  it("pathLength", () => {
    const len = (p: number[][]) => p.slice(1).reduce((s, x, k) => s + Math.hypot(...x.map((v, i) => v - p[k][i])), 0);
    verdicts("pathLength", len, [
      [(p: number[][]) => Math.hypot(...p[p.length - 1].map((v, i) => v - p[0][i])), /start to end/],
      [(p: number[][]) => p.slice(1).reduce((s, x, k) => s + x.reduce((a, v, i) => a + (v - p[k][i]) ** 2, 0), 0), /not their squares/],
    ]);
  });

  it("exhaustiveMinimum accepts any minimizer and rejects coordinate-wise search", () => {
    const search = (loss: (w: number[]) => number, values: number[], dim: number) => {
      // Enumerate from the last combination backwards: a different minimizer on ties must still pass.
      let best: number[] = [];
      let low = Infinity;
      const total = values.length ** dim;
      for (let k = total - 1; k >= 0; k--) {
        const w = Array.from({ length: dim }, (_, i) => values[Math.floor(k / values.length ** i) % values.length]);
        const v = loss(w);
        if (v < low) [low, best] = [v, w];
      }
      return best;
    };
    const coordinatewise = (loss: (w: number[]) => number, values: number[], dim: number) => {
      const w = new Array(dim).fill(values[0]);
      for (let i = 0; i < dim; i++) {
        let low = Infinity, pick = values[0];
        for (const v of values) {
          w[i] = v;
          if (loss(w) < low) [low, pick] = [loss(w), v];
        }
        w[i] = pick;
      }
      return w;
    };
    verdicts("exhaustiveMinimum", search, [[coordinatewise, /every combination/]]);
    const offGrid = check.exhaustiveMinimum(() => [0.4, -0.9], { throws: false });
    expect(offGrid.message).toMatch(/not one of the allowed values/);
  });
});
