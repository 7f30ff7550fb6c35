import { describe, expect, it } from "vitest";
import * as d from "../src";

describe("lab.wilsonProblem (Wilson et al. 2017, §3.3)", () => {
  const p = d.lab.wilsonProblem({ examples: 40, positiveFraction: 0.7, testExamples: 200, seed: 0 });
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, j) => s + v * b[j], 0);

  it("builds the design: 3 + 5n features, one unique feature for +1, five for −1", () => {
    expect(p.X[0].length).toBe(3 + 5 * 40);
    p.X.forEach((row, i) => {
      expect(row[0]).toBe(p.y[i]);
      expect(row[1]).toBe(1);
      expect(row[2]).toBe(1);
      expect(row.slice(3).reduce((s, v) => s + v, 0)).toBe(p.y[i] === 1 ? 1 : 5);
    });
  });

  it("both closed forms interpolate; the minimum-norm one lies in the row space and is shorter", () => {
    for (const w of [p.minimumNorm, p.adaptive]) p.X.forEach((row, i) => expect(dot(row, w)).toBeCloseTo(p.y[i], 12));
    expect(p.conditionGap).toBe(0);
    expect(p.c).toBe(4);
    // Any interpolant differs from the minimum-norm one by a null-space vector: adding one must not shorten it.
    expect(Math.sqrt(dot(p.minimumNorm, p.minimumNorm))).toBeLessThan(Math.sqrt(dot(p.adaptive, p.adaptive)));
  });

  it("gradient descent from 0 reaches the minimum-norm solution, AdaGrad the sign solution", () => {
    const x0 = new Array(p.X[0].length).fill(0);
    const gd = d.lab.runOnGradients(d.book.sgd({ epsilon: 0.02 }), { x0, steps: 3000, gradient: (_t, x) => p.objective.grad(x) });
    const ada = d.lab.runOnGradients(d.optim.adagrad({ lr: 0.1 }), { x0, steps: 3000, gradient: (_t, x) => p.objective.grad(x) });
    const dist = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, v, j) => s + (v - b[j]) ** 2, 0));
    expect(dist(gd[3000], p.minimumNorm)).toBeLessThan(1e-8);
    expect(dist(ada[3000], p.adaptive)).toBeLessThan(1e-6);
    expect(p.testError(p.minimumNorm)).toBe(0);
    expect(p.testError(p.adaptive)).toBeCloseTo(p.testLabels.filter((v) => v < 0).length / p.testLabels.length, 12);
  });

  it("the gradient matches finite differences", () => {
    const w = Float64Array.from(p.X[0].map((_, j) => Math.sin(j)));
    const g = p.objective.grad(w);
    for (const j of [0, 1, 5, 20]) {
      const h = 1e-6;
      const up = w.slice();
      const down = w.slice();
      up[j] += h;
      down[j] -= h;
      expect(g[j]).toBeCloseTo((p.objective.f(up) - p.objective.f(down)) / (2 * h), 5);
    }
  });

  it("rejects bad options with the function and parameter named", () => {
    expect(() => d.lab.wilsonProblem({ examples: 0, seed: 0 })).toThrow(/lab.wilsonProblem.*examples/);
    expect(() => d.lab.wilsonProblem({ examples: 5, positiveFraction: 1.5, seed: 0 })).toThrow(/positiveFraction/);
    expect(() => d.lab.wilsonProblem({ examples: 5, seed: 0, typo: 1 } as never)).toThrow(/typo/);
  });
});

describe("lab.sparseFeatureData", () => {
  it("draws features at geometrically falling frequencies, seeded", () => {
    const a = d.lab.sparseFeatureData({ examples: 4000, features: 10, maxFrequency: 0.5, minFrequency: 0.02, seed: 1 });
    const b = d.lab.sparseFeatureData({ examples: 4000, features: 10, maxFrequency: 0.5, minFrequency: 0.02, seed: 1 });
    expect(a).toEqual(b);
    expect(a.frequency[0]).toBeCloseTo(0.5, 12);
    expect(a.frequency[9]).toBeCloseTo(0.02, 12);
    a.frequency.forEach((p, j) => {
      const seen = a.X.reduce((s, row) => s + row[j], 0) / 4000;
      expect(Math.abs(seen - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / 4000));
    });
    expect(a.y.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it("rejects bad options", () => {
    expect(() => d.lab.sparseFeatureData({ examples: 10, features: 1, seed: 0 })).toThrow(/features/);
    expect(() => d.lab.sparseFeatureData({ examples: 10, features: 5, minFrequency: 0.9, maxFrequency: 0.5, seed: 0 })).toThrow(/minFrequency/);
  });
});
