import { describe, expect, it } from "vitest";
import { lab, secondOrder } from "../src";

const fd = (f: (x: Float64Array) => number, x: number[], h = 1e-6) =>
  x.map((_, i) => {
    const p = Float64Array.from(x);
    const m = Float64Array.from(x);
    p[i] += h;
    m[i] -= h;
    return (f(p) - f(m)) / (2 * h);
  });

describe("lab.strictSaddle (§8.2) under Newton", () => {
  const obj = lab.strictSaddle();
  it("gradient and Hessian match finite differences", () => {
    for (const x of [[0.3, -0.7], [1.2, 0.4], [-2, 1.5]]) {
      const g = obj.grad(Float64Array.from(x));
      fd(obj.f, x).forEach((v, i) => expect(g[i]).toBeCloseTo(v, 6));
      const H = obj.hessian(Float64Array.from(x));
      for (let j = 0; j < 2; j++) fd((p) => obj.grad(p)[j], x).forEach((v, i) => expect(H[j][i]).toBeCloseTo(v, 5));
    }
  });
  it("pure Newton from (1, 0.3) converges to the saddle; the line-search variant to a minimum", () => {
    const pure = secondOrder.newton(obj, { x0: [1, 0.3] });
    expect(Math.hypot(pure.x[0], pure.x[1])).toBeLessThan(1e-10);
    const safe = secondOrder.newton(obj, { x0: [1, 0.3], lineSearch: true });
    expect(Math.abs(Math.abs(safe.x[1]) - 1)).toBeLessThan(1e-8);
  });
});

describe("lab.steepestDescentExact", () => {
  it("successive steps are orthogonal and the first step is the hand-computed exact minimizer", () => {
    const A = [[1, 0], [0, 10]];
    const path = lab.steepestDescentExact(A, [0, 0], [10, 1], 5);
    // g0 = (10, 10): ε = 200 / (100 + 1000) = 2/11
    expect(path[1][0]).toBeCloseTo(10 - 20 / 11, 13);
    expect(path[1][1]).toBeCloseTo(1 - 20 / 11, 13);
    for (let k = 1; k + 1 < path.length; k++) {
      const d1 = [path[k][0] - path[k - 1][0], path[k][1] - path[k - 1][1]];
      const d2 = [path[k + 1][0] - path[k][0], path[k + 1][1] - path[k][1]];
      expect(Math.abs(d1[0] * d2[0] + d1[1] * d2[1]) / (Math.hypot(...d1) * Math.hypot(...d2))).toBeLessThan(1e-12);
    }
  });
  it("rejects a non-square A", () => {
    expect(() => lab.steepestDescentExact([[1, 2]], [0], [0], 1)).toThrow(/parameter 'A'/);
  });
});

describe("lab.spdWithSpectrum", () => {
  it("has the requested trace, is symmetric, and x ↦ Ax stretches the eigenvectors by λ (Rayleigh bounds)", () => {
    const lambda = [1, 2, 5, 10, 100];
    const A = lab.spdWithSpectrum(lambda, 7);
    expect(A.reduce((s, r, i) => s + r[i], 0)).toBeCloseTo(118, 10);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(A[i][j]).toBe(A[j][i]);
    const eig = secondOrder.symmetricEigenvalues(A).slice().sort((a, b) => a - b);
    eig.forEach((e, i) => expect(e).toBeCloseTo(lambda[i], 9));
  });
});

describe("lab.quasiNewtonMemory", () => {
  it("8n² vs 16mn bytes", () => {
    expect(lab.quasiNewtonMemory(1000, 10)).toEqual({ bfgsBytes: 8e6, lbfgsBytes: 160000 });
  });
});
