import { describe, expect, it } from "vitest";
import { cauchyRegression } from "../src/lab/basic-algorithms";
import { symmetricEigenvalues } from "../src/second-order/linalg";
import { rng } from "../src/rng";

describe("lab.cauchyRegression (descent lemma)", () => {
  const obj = cauchyRegression({ n: 80, dim: 4, seed: 3 });

  it("gradient and Hessian match finite differences", () => {
    const r = rng(9);
    const t = Float64Array.from({ length: 4 }, () => r.normal());
    const g = obj.grad(t);
    const H = obj.hessian(t);
    for (let i = 0; i < 4; i++) {
      const p = Float64Array.from(t);
      const m = Float64Array.from(t);
      p[i] += 1e-6;
      m[i] -= 1e-6;
      expect((obj.f(p) - obj.f(m)) / 2e-6).toBeCloseTo(g[i], 6);
      const gp = obj.grad(p);
      const gm = obj.grad(m);
      for (let j = 0; j < 4; j++) expect((gp[j] - gm[j]) / 2e-6).toBeCloseTo(H[j][i], 5);
    }
  });

  it("β bounds the Hessian's spectrum everywhere sampled, and gradient descent with ε = 1/β obeys the descent lemma", () => {
    const r = rng(2);
    for (let k = 0; k < 30; k++) {
      const t = Float64Array.from({ length: 4 }, () => 5 * r.normal());
      const eig = symmetricEigenvalues(obj.hessian(t));
      expect(Math.max(...eig.map(Math.abs))).toBeLessThanOrEqual(obj.beta * (1 + 1e-12));
    }
    let t = new Float64Array(4);
    for (let k = 0; k < 200; k++) {
      const g = obj.grad(t);
      const gg = g.reduce((s, v) => s + v * v, 0);
      const next = Float64Array.from(t, (v, i) => v - g[i] / obj.beta);
      expect(obj.f(next)).toBeLessThanOrEqual(obj.f(t) - gg / (2 * obj.beta) + 1e-12);
      t = next;
    }
  });

  it("rejects bad options with the parameter's name", () => {
    expect(() => cauchyRegression({ n: 0, dim: 2, seed: 0 })).toThrow(/lab\.cauchyRegression: parameter 'n'/);
    expect(() => cauchyRegression({ n: 5, dim: 2, seed: 0, outliers: 1 })).toThrow(/parameter 'outliers'/);
  });
});
