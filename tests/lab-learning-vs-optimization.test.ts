import { describe, expect, it } from "vitest";
import * as d from "../src";

const lab = d.lab;

describe("lab.leastSquaresRiskGap", () => {
  it("matches the Gaussian-design expectations ½σ²(1 − d/m) and ½σ²(1 + d/(m − d − 1))", () => {
    const gap = lab.leastSquaresRiskGap({ dim: 3, noiseStd: 2, sizes: [8, 20, 100], trials: 3000, seed: 1 });
    gap.sizes.forEach((_, i) => {
      expect(Math.abs(gap.empirical[i] / gap.expectedEmpirical[i] - 1)).toBeLessThan(0.04);
      expect(Math.abs(gap.truth[i] / gap.expectedTruth[i] - 1)).toBeLessThan(0.06);
    });
    expect(gap.bayes).toBe(2);
  });
  it("rejects sizes too small to fit", () => {
    expect(() => lab.leastSquaresRiskGap({ dim: 3, noiseStd: 1, sizes: [4], trials: 1, seed: 0 })).toThrow(/parameter 'sizes'\[0\] must be an integer > dim \+ 1 = 4, got 4/);
  });
});

describe("lab.minibatchGradientError", () => {
  it("σ is the per-example spread computed by hand and the error follows σ/√m", () => {
    const { X, y } = lab.syntheticClassification({ n: 200, dim: 2, seed: 5, labelNoise: 0.1 });
    const obj = d.problems.minibatchLogisticRegression({ X, y, batchSize: 10, seed: 0 });
    const x = [0.3, -0.2, 0.1];
    // Independent per-example gradients: (σ(wᵀx + b) − y)·[x, 1].
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    const per = X.map((xi, i) => {
      const r = sig(x[0] * xi[0] + x[1] * xi[1] + x[2]) - y[i];
      return [r * xi[0], r * xi[1], r];
    });
    const mean = [0, 1, 2].map((j) => per.reduce((s, g) => s + g[j], 0) / per.length);
    const sigma = Math.sqrt(per.reduce((s, g) => s + g.reduce((a, v, j) => a + (v - mean[j]) ** 2, 0), 0) / per.length);
    const res = lab.minibatchGradientError(obj, x, { sizes: [1, 4, 16, 64], draws: 3000, seed: 2 });
    expect(res.sigma).toBeCloseTo(sigma, 12);
    res.sizes.forEach((m, i) => expect(Math.abs(res.rmsError[i] / (sigma / Math.sqrt(m)) - 1)).toBeLessThan(0.05));
  });
});

describe("lab.withReplacement", () => {
  it("draws i.i.d. indices from the given seed and averages their gradients", () => {
    const { X, y } = lab.syntheticClassification({ n: 20, dim: 2, seed: 3, labelNoise: 0.2 });
    const obj = d.problems.minibatchLogisticRegression({ X, y, batchSize: 20, seed: 0 });
    const sampled = lab.withReplacement(obj, { batchSize: 20, seed: 9 });
    const x = Float64Array.of(0.1, 0.2, -0.3);
    const r = d.rng(9);
    const idx = Array.from({ length: 20 }, () => r.int(20));
    expect(new Set(idx).size).toBeLessThan(20);
    expect(Array.from(sampled.grad(x))).toEqual(Array.from(obj.batchGrad(x, idx)));
    expect(sampled.f(x)).toBe(obj.full.f(x));
  });
});

describe("lab.syntheticClassification and lab.zeroOneLoss", () => {
  it("zero-one loss counts sign errors (hand-computed)", () => {
    const X = [[1, 0], [0, 1], [-1, 0], [0, -1]];
    expect(lab.zeroOneLoss([1, 0, 0], X, [1, 1, 0, 0])).toBe(0.25);
    expect(lab.zeroOneLoss([1, 1, 0], X, [1, 1, 0, 0])).toBe(0);
    expect(() => lab.zeroOneLoss([1, 1], X, [1, 1, 0, 0])).toThrow(/parameter 'theta' must be a vector of length 3/);
  });
  it("noise-free data is separated by its own direction; label noise flips about that share", () => {
    const clean = lab.syntheticClassification({ n: 500, dim: 3, seed: 1 });
    expect(lab.zeroOneLoss([...clean.direction, 0], clean.X, clean.y)).toBe(0);
    const gapped = lab.syntheticClassification({ n: 300, dim: 2, seed: 2, margin: 0.5 });
    const margins = gapped.X.map((x) => Math.abs(x[0] * gapped.direction[0] + x[1] * gapped.direction[1]));
    expect(Math.min(...margins)).toBeGreaterThanOrEqual(0.5);
    expect(lab.zeroOneLoss([...gapped.direction, 0], gapped.X, gapped.y)).toBe(0);
    const noisy = lab.syntheticClassification({ n: 4000, dim: 3, seed: 1, labelNoise: 0.2 });
    expect(Math.abs(lab.zeroOneLoss([...noisy.direction, 0], noisy.X, noisy.y) - 0.2)).toBeLessThan(0.03);
  });
});
