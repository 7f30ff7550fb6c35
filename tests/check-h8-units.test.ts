import { describe, expect, it } from "vitest";
import * as check from "../src/check";
import { verdicts } from "./fixtures/checker-verdicts";
import { solve } from "../src/check/linalg";

// Minimum-norm solution by a different route than the checker: Gram–Schmidt on the rows of X (an orthonormal
// basis Q of the row space), then w = Σ qₖ cₖ with the cₖ fixed by Xw = y through the triangular factor.
function minNormByQr(X: number[][], y: number[]): number[] {
  const Q: number[][] = [];
  const R: number[][] = X.map(() => X.map(() => 0));
  X.forEach((row, i) => {
    let v = row.slice();
    Q.forEach((q, k) => {
      const c = q.reduce((s, qj, j) => s + qj * row[j], 0);
      R[i][k] = c;
      v = v.map((vj, j) => vj - c * q[j]);
    });
    const norm = Math.hypot(...v);
    R[i][i] = norm;
    Q.push(v.map((vj) => vj / norm));
  });
  // X = L Q with L lower-triangular (L[i][k] = R[i][k]); solve L c = y by forward substitution.
  const c: number[] = [];
  y.forEach((yi, i) => c.push((yi - c.reduce((s, ck, k) => s + R[i][k] * ck, 0)) / R[i][i]));
  return X[0].map((_, j) => Q.reduce((s, q, k) => s + q[j] * c[k], 0));
}

describe("check.minimumNormSolution", () => {
  it("passes the minimum-norm solution and names the usual mistakes", () => {
    verdicts("minimumNormSolution", minNormByQr, [
      [(X: number[][], y: number[]) => solve(X.map((a) => X.map((b) => a.reduce((s, v, j) => s + v * b[j], 0))), y), /not the n coefficients/],
      [(X: number[][], y: number[]) => X[0].map((_, j) => X.reduce((s, row, i) => s + row[j] * y[i], 0)), /Xᵀy/],
      [(X: number[][], y: number[]) => X[0].map((_, j) => Math.sign(X.reduce((s, row, i) => s + row[j] * y[i], 0))), /sign pattern/],
    ]);
  });
});

const transpose = (A: number[][]) => A[0].map((_, j) => A.map((row) => row[j]));

// Ridge by gradient-free normal equations solved with Cramer-free Cholesky (independent of the checker's elimination).
function ridgeByCholesky(H: number[][], Y: number[][], lambda: number): number[][] {
  const Ht = transpose(H);
  const k = Ht.length;
  const A = Ht.map((a, i) => Ht.map((b, j) => a.reduce((s, v, t) => s + v * b[t], 0) + (i === j ? lambda : 0)));
  const L = A.map(() => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++)
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let t = 0; t < j; t++) s -= L[i][t] * L[j][t];
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
    }
  const solveSpd = (b: number[]) => {
    const z: number[] = [];
    for (let i = 0; i < k; i++) z.push((b[i] - z.reduce((s, v, t) => s + L[i][t] * v, 0)) / L[i][i]);
    const x = new Array<number>(k).fill(0);
    for (let i = k - 1; i >= 0; i--) {
      let s = z[i];
      for (let t = i + 1; t < k; t++) s -= L[t][i] * x[t];
      x[i] = s / L[i][i];
    }
    return x;
  };
  const cols = transpose(Y).map((y) => solveSpd(Ht.map((row) => row.reduce((s, v, t) => s + v * y[t], 0))));
  return Array.from({ length: k }, (_, i) => cols.map((c) => c[i]));
}

describe("check.ridgeOutputLayer", () => {
  it("passes the ridge solution and names the usual mistakes", () => {
    verdicts("ridgeOutputLayer", ridgeByCholesky, [
      [(H: number[][], Y: number[][]) => ridgeByCholesky(H, Y, 0), /diagonal of HᵀH: W/],
      [(H: number[][], Y: number[][], l: number) => transpose(ridgeByCholesky(H, Y, l)), /k × c/],
    ]);
  });
});

describe("check.residualForward", () => {
  const relu = (v: number[]) => v.map((x) => (x > 0 ? x : 0));
  const mv = (W: number[][], v: number[]) => W.map((row) => row.reduce((s, w, j) => s + w * v[j], 0));
  it("passes h + W relu(h) per block and names the usual mistakes", () => {
    verdicts("residualForward", (h: number[], Ws: number[][][]) => {
      let x = h.slice();
      for (const W of Ws) {
        const branch = mv(W, relu(x));
        x = x.map((v, i) => v + branch[i]);
      }
      return x;
    }, [
      [(h: number[], Ws: number[][][]) => Ws.reduce((x, W) => mv(W, relu(x)), h), /skip connection/],
      [(h: number[], Ws: number[][][]) => Ws.reduce((x, W) => mv(W, x).map((v, i) => x[i] + v), h), /ReLU before W_l/],
    ]);
  });
});

describe("check.blurredObjective", () => {
  // Independent route: Gauss–Hermite-free numerical expectation by a fine midpoint rule over z ∈ [−10, 10].
  const numeric = (x: number, s: number, c: number, m: number, a: number[], w: number[]) => {
    const J = (t: number) => c * (t - m) ** 2 - a.reduce((acc, ak, k) => acc + ak * Math.cos(w[k] * t), 0);
    if (s === 0) return J(x);
    let sum = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const z = -10 + (20 * (i + 0.5)) / n;
      sum += J(x + s * z) * Math.exp(-z * z / 2);
    }
    return (sum * (20 / n)) / Math.sqrt(2 * Math.PI);
  };
  it("the numerical expectation passes; the usual mistakes are named", () => {
    const checker = check.blurredObjective as unknown as (fn: unknown, o?: object) => check.CheckResult;
    expect(checker(numeric, { tol: 1e-7 }).passed).toBe(true);
    const closed = (x: number, s: number, c: number, m: number, a: number[], w: number[]) =>
      c * ((x - m) ** 2 + s * s) - a.reduce((acc, ak, k) => acc + ak * Math.exp(-(w[k] * w[k] * s * s) / 2) * Math.cos(w[k] * x), 0);
    verdicts("blurredObjective", closed, [
      [(x: number, s: number, c: number, m: number, a: number[], w: number[]) => closed(x, s, c, m, a, w) - c * s * s, /curvature times the variance/],
      [(x: number, s: number, c: number, m: number, a: number[], w: number[]) => c * ((x - m) ** 2 + s * s) - a.reduce((acc, ak, k) => acc + ak * Math.cos(w[k] * x), 0), /damps each cosine/],
    ]);
  });
});
