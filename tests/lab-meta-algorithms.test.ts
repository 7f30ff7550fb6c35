import { describe, expect, it } from "vitest";
import { lab, rng } from "../src";

describe("lab.coordinateDescent", () => {
  it("each update zeroes that coordinate's partial derivative; converges to A⁻¹b", () => {
    const A = [[4, 1], [1, 3]];
    const b = [1, 2];
    const path = lab.coordinateDescent(A, b, [0, 0], 30);
    // x1 = 1/4 after the first update (hand-computed), then x2 = (2 − 1/4)/3
    expect(path[1]).toEqual([0.25, 0]);
    expect(path[2][1]).toBeCloseTo(1.75 / 3, 15);
    const last = path[path.length - 1];
    // A⁻¹b = [1/11, 7/11]
    expect(last[0]).toBeCloseTo(1 / 11, 12);
    expect(last[1]).toBeCloseTo(7 / 11, 12);
  });
  it("rejects a zero diagonal", () => {
    expect(() => lab.coordinateDescent([[0, 1], [1, 1]], [0, 0], [0, 0], 1)).toThrow(/'A'\[0\]\[0\]/);
  });
});

describe("lab.linearChainStep (§8.7.1)", () => {
  it("matches the expansion of Π(w_i − ε ŷ/w_i) by hand for l = 2", () => {
    // ŷ = x w1 w2 = 2·1.5·0.5 = 1.5; g = (ŷ/w1, ŷ/w2) = (1, 3)
    const r = lab.linearChainStep([1.5, 0.5], 2, 0.1);
    expect(r.yBefore).toBeCloseTo(1.5, 15);
    expect(r.yAfter).toBeCloseTo(2 * (1.5 - 0.1) * (0.5 - 0.3), 15);
    expect(r.predictedDecrease).toBeCloseTo(0.1 * (1 + 9), 15);
  });
  it("first-order prediction is exact to O(ε²)", () => {
    const w = [1.1, 0.9, 1.2, 0.8, 1.05];
    const e1 = lab.linearChainStep(w, 1, 1e-3);
    const e2 = lab.linearChainStep(w, 1, 5e-4);
    const err1 = Math.abs(e1.actualDecrease - e1.predictedDecrease);
    const err2 = Math.abs(e2.actualDecrease - e2.predictedDecrease);
    expect(err1 / err2).toBeGreaterThan(3.8);
    expect(err1 / err2).toBeLessThan(4.2);
  });
});

describe("lab.flowLossAndGrads / gradientFlow", () => {
  for (const arch of ["sigmoid", "relu", "residual"] as const) {
    it(`${arch}: gradients match central finite differences`, () => {
      const r = rng(5);
      const W = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => r.normal())));
      const X = [[0.3, -1.2, 0.8], [1.1, 0.4, -0.5]];
      const T = [[0.1, 0.2, -0.3], [0.5, -0.5, 0.0]];
      const { grads } = lab.flowLossAndGrads(arch, W, X, T);
      const h = 1e-6;
      for (const [l, i, j] of [[0, 1, 2], [1, 0, 0], [2, 2, 1], [0, 0, 1]]) {
        const Wp = JSON.parse(JSON.stringify(W));
        const Wm = JSON.parse(JSON.stringify(W));
        Wp[l][i][j] += h;
        Wm[l][i][j] -= h;
        const fd = (lab.flowLossAndGrads(arch, Wp, X, T).loss - lab.flowLossAndGrads(arch, Wm, X, T).loss) / (2 * h);
        expect(grads[l][i][j]).toBeCloseTo(fd, 6);
      }
    });
  }
  it("deep sigmoid nets have vanishing gradients at the input side (Glorot & Bengio 2010)", () => {
    const s = lab.gradientFlow({ architecture: "sigmoid", depth: 12, width: 16, seed: 1 }).weightGradNorms;
    expect(s[0] / s[11]).toBeLessThan(1e-2);
  });
});

describe("lab.blurredCosines and continuation (§8.7.6)", () => {
  const obj = lab.blurredCosines({ curvature: 0.1, center: 2, amplitudes: [1, 0.5], frequencies: [3, 7] });
  it("f_σ equals the Gaussian average of f by numerical integration", () => {
    for (const [x, sigma] of [[0.3, 0.5], [-1, 1.2], [2.5, 0.1]]) {
      let s = 0;
      const n = 4000;
      for (let i = 0; i <= n; i++) {
        const z = -8 + (16 * i) / n;
        const w = (i === 0 || i === n ? 0.5 : 1) * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) * (16 / n);
        s += w * obj.f(x + sigma * z, 0);
      }
      expect(obj.f(x, sigma)).toBeCloseTo(s, 8);
      expect(obj.grad(x, sigma)).toBeCloseTo((obj.f(x + 1e-6, sigma) - obj.f(x - 1e-6, sigma)) / 2e-6, 6);
    }
  });
  it("continuation from a far start ends in a lower minimum than plain gradient descent", () => {
    const plain = lab.continuation(obj, { sigmas: [0], x0: -4, lr: 0.01, stepsPerLevel: 4000 });
    const cont = lab.continuation(obj, { sigmas: [2, 1, 0.5, 0.25, 0], x0: -4, lr: 0.01, stepsPerLevel: 800 });
    expect(obj.f(cont.ends[4], 0)).toBeLessThan(obj.f(plain.ends[0], 0) - 0.1);
  });
});

describe("lab.sparseCodingAlternating (§8.7.2)", () => {
  const r = rng(2);
  const atoms = Array.from({ length: 3 }, () => Array.from({ length: 8 }, () => r.normal()));
  const X = Array.from({ length: 40 }, () => {
    const k = r.int(3);
    const c = 1 + r();
    return atoms[k].map((v) => c * v + 0.01 * r.normal());
  });
  it("never increases the objective, block by block", () => {
    const run = lab.sparseCodingAlternating(X, { atoms: 3, lambda: 0.1, rounds: 15, seed: 0 });
    for (let i = 1; i < run.objective.length; i++) expect(run.objective[i]).toBeLessThanOrEqual(run.objective[i - 1] * (1 + 1e-12));
    expect(run.objective[run.objective.length - 1]).toBeLessThan(0.2 * run.objective[0]);
  });
  it("the W-step is the exact minimizer: the gradient in W vanishes", () => {
    const run = lab.sparseCodingAlternating(X, { atoms: 3, lambda: 0.1, rounds: 3, seed: 0 });
    const mu = 1e-3;
    const W = lab.dictionaryStep(X, run.H, mu);
    // ∂J/∂W = Hᵀ(HW − X) + μW
    const HW = run.H.map((row) => W[0].map((_, j) => row.reduce((s, h, k) => s + h * W[k][j], 0)));
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < 8; j++) {
        const g = run.H.reduce((s, row, i) => s + row[k] * (HW[i][j] - X[i][j]), 0) + mu * W[k][j];
        expect(Math.abs(g)).toBeLessThan(1e-9);
      }
    }
  });
});
