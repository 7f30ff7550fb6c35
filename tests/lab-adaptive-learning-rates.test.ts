import { describe, expect, it } from "vitest";
import { book, optim, lab } from "../src";

describe("lab.runOnGradients", () => {
  it("reproduces hand-computed SGD steps and projects onto bounds", () => {
    const path = lab.runOnGradients(book.sgd({ epsilon: 0.5 }), { x0: [0, 0.9], steps: 3, gradient: (t) => [t + 1, -1] , bounds: [-1, 1] });
    // x ← clip(x − 0.5 g): first coordinate −0.5, −1.5→−1, −2.5→−1; second 1.4→1, 1.5→1, 1.5→1
    expect(path).toEqual([[0, 0.9], [-0.5, 1], [-1, 1], [-1, 1]]);
  });
  it("passes the current iterate to the gradient function", () => {
    const seen: number[] = [];
    lab.runOnGradients(book.sgd({ epsilon: 0.1 }), { x0: [2], steps: 2, gradient: (_t, x) => (seen.push(x[0]), [x[0]]) });
    expect(seen[0]).toBe(2);
    expect(seen[1]).toBeCloseTo(1.8, 15);
  });
  it("rejects bad input naming the parameter", () => {
    expect(() => lab.runOnGradients(book.sgd({ epsilon: 0.1 }), { x0: [0], steps: 1, gradient: () => [1, 2] })).toThrow(/parameter 'gradient'/);
    expect(() => lab.runOnGradients(book.sgd({ epsilon: 0.1 }), { x0: [0], steps: 1.5, gradient: () => [1] })).toThrow(/parameter 'steps'/);
    expect(() => lab.runOnGradients(book.sgd({ epsilon: 0.1 }), { x0: [0], steps: 1, gradient: () => [1], bounds: [1, -1] })).toThrow(/parameter 'bounds'/);
  });
});

describe("lab.effectiveRates", () => {
  const grads = [[3, -1], [4, 2], [-0.5, 7]];
  it("AdaGrad: ε/(δ + √(Σ g²)) by hand (Algorithm 8.4)", () => {
    const rates = lab.effectiveRates(book.adagrad({ epsilon: 0.1, delta: 1e-7 }), grads);
    const r = [0, 0];
    grads.forEach((g, t) => {
      g.forEach((gi, i) => {
        r[i] += gi * gi;
        expect(rates[t][i]).toBeCloseTo(0.1 / (1e-7 + Math.sqrt(r[i])), 14);
      });
    });
  });
  it("RMSProp: ε/√(δ + r) with r the moving average (Algorithm 8.5)", () => {
    const rates = lab.effectiveRates(book.rmsprop({ epsilon: 0.01, rho: 0.9, delta: 1e-6 }), grads);
    const r = [0, 0];
    grads.forEach((g, t) => {
      g.forEach((gi, i) => {
        r[i] = 0.9 * r[i] + 0.1 * gi * gi;
        expect(rates[t][i]).toBeCloseTo(0.01 / Math.sqrt(1e-6 + r[i]), 13);
      });
    });
  });
  it("refuses a zero gradient (the rate would be 0/0)", () => {
    expect(() => lab.effectiveRates(book.sgd({ epsilon: 1 }), [[0]])).toThrow(/'gradients'\[0\]\[0\]/);
  });
});

describe("lab.relaxingGradients", () => {
  it("starts at `from`, is halfway after one half-life, and tends to `to`", () => {
    const g = lab.relaxingGradients({ steps: 401, from: [1000, 1000], to: [100, 750], halfLife: 20 });
    expect(g[0]).toEqual([1000, 1000]);
    expect(g[20][0]).toBeCloseTo(550, 10);
    expect(g[20][1]).toBeCloseTo(875, 10);
    expect(g[400][0]).toBeCloseTo(100, 2);
  });
});

describe("lab.adamMomentTrace (Algorithm 8.7)", () => {
  it("constant gradient: s, r in closed form; the corrected moments are exact from step 1", () => {
    const g = 2;
    const tr = lab.adamMomentTrace(new Array(50).fill(g), { rho1: 0.9, rho2: 0.999, epsilon: 1e-3, delta: 0 });
    tr.t.forEach((t, k) => {
      expect(tr.s[k]).toBeCloseTo(g * (1 - 0.9 ** t), 13);
      expect(tr.r[k]).toBeCloseTo(g * g * (1 - 0.999 ** t), 13);
      expect(tr.sHat[k]).toBeCloseTo(g, 12);
      expect(tr.rHat[k]).toBeCloseTo(g * g, 10);
      expect(tr.step[k]).toBeCloseTo(1e-3, 12);
      expect(tr.stepUncorrected[k]).toBeCloseTo((1e-3 * (1 - 0.9 ** t)) / Math.sqrt(1 - 0.999 ** t), 12);
    });
    // Without correction the first step is ε·0.1/√0.001 ≈ 3.16 ε (Kingma & Ba 2015 §3).
    expect(tr.stepUncorrected[0] / 1e-3).toBeCloseTo(0.1 / Math.sqrt(0.001), 10);
  });
  it("its corrected step equals torch.optim.Adam's step on a noisy gradient sequence", () => {
    const grads = [0.3, -1.2, 2.5, 0.01, -0.7, 1.1, 4, -3];
    const tr = lab.adamMomentTrace(grads, { rho1: 0.9, rho2: 0.999, epsilon: 0.01, delta: 1e-8 });
    const path = lab.runOnGradients(optim.adam({ lr: 0.01 }), { x0: [0], steps: grads.length, gradient: (t) => [grads[t]] });
    grads.forEach((_, k) => {
      const torchStep = Math.abs(path[k + 1][0] - path[k][0]);
      // torch adds eps to √v̂ (not √v̂ + δ on the same scale after dividing by √bc2): equal up to ~δ.
      expect(torchStep).toBeCloseTo(tr.step[k], 9);
    });
  });
  it("rejects bad hyperparameters", () => {
    expect(() => lab.adamMomentTrace([1], { rho2: 1 })).toThrow(/parameter 'rho2'/);
  });
});

describe("Reddi et al. (2018) counterexamples", () => {
  it("periodicSlope: C once in three steps; the average slope is positive, so x* = −1", () => {
    const s = lab.periodicSlope({ big: 3, small: -1, period: 3 });
    expect([0, 1, 2, 3, 4, 5].map(s)).toEqual([3, -1, -1, 3, -1, -1]);
  });
  it("randomSlope is seeded and has the requested frequency", () => {
    const a = lab.randomSlope({ big: 1010, small: -10, probability: 0.01, seed: 3 });
    const b = lab.randomSlope({ big: 1010, small: -10, probability: 0.01, seed: 3 });
    const n = 100000;
    let big = 0;
    let same = true;
    for (let t = 0; t < n; t++) {
      if (a(t) !== b(t)) same = false;
      if (a(t) === 1010) big++;
    }
    expect(same).toBe(true);
    expect(Math.abs(big / n - 0.01)).toBeLessThan(0.002);
  });
  it("Adam (β1 = 0, β2 = 1/(1 + C²)) ends at +1 on the C = 3 problem, AMSGrad near −1 (their Theorem 1)", () => {
    const slope = lab.periodicSlope({ big: 3, small: -1, period: 3 });
    const run = (amsgrad: boolean) =>
      lab.runOnGradients(optim.adam({ lr: 0.1, betas: [0, 0.1], amsgrad }), { x0: [0], steps: 600, gradient: (t) => [slope(t)], bounds: [-1, 1] });
    expect(run(false)[600][0]).toBe(1);
    expect(run(true)[600][0]).toBeLessThan(-0.8);
  });
});

describe("lab.bestLearningRate", () => {
  it("picks the grid value that a hand calculation says is best on a quadratic, survives divergence", async () => {
    const { problems } = await import("../src");
    // f = ½·4x²: GD contracts by |1 − 4ε| per step, best at ε = 0.25 (one step to 0); ε = 1 diverges.
    const q = problems.quadratic({ A: [[4]], b: [0] });
    const res = lab.bestLearningRate((lr) => book.sgd({ epsilon: lr }), q, { x0: [1], steps: 400, lrs: [0.05, 0.25, 0.4, 1] });
    expect(res.lr).toBe(0.25);
    expect(res.trajectory.loss[400]).toBe(0);
    expect(res.finalLoss[3]).toBe(Infinity);
    expect(res.finalLoss[0]).toBeCloseTo(2 * 0.8 ** 800, 20);
  });
});
