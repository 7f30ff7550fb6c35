import { describe, expect, it } from "vitest";
import { rng } from "../src/rng";
import { strictSaddle, twoLayerNet } from "../src/lab/challenges";
import {
  chainGradients, clippedDrift, clippedFixedPoint, criticalPointSurvey, exhaustiveXorSearch, findCriticalPoint,
  l2Regularized, sgdOnExponentialMean, thresholdNetErrors, wrongSideOfRidge, xorData,
} from "../src/lab/challenges";
import type { Objective } from "../src/types";

/** Max relative error between the objective's gradient and central differences of f. */
function gradientError(obj: Objective, x: Float64Array, h = 1e-6): number {
  const g = obj.grad(x);
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const p = Float64Array.from(x);
    const m = Float64Array.from(x);
    p[i] += h;
    m[i] -= h;
    const fd = (obj.f(p) - obj.f(m)) / (2 * h);
    worst = Math.max(worst, Math.abs(fd - g[i]) / (1e-6 + Math.abs(g[i])));
  }
  return worst;
}

describe("lab §8.2 demonstrations", () => {
  it("l2Regularized adds λθ to the gradient and λI to the Hessian (finite differences)", () => {
    const r = rng(1);
    const X = Array.from({ length: 12 }, () => [r.normal(), r.normal()]);
    const net = l2Regularized(twoLayerNet({ X, y: X.map((x) => (x[0] > 0 ? 1 : 0)), hidden: 2 }), 0.1);
    const t = Float64Array.from({ length: net.dim }, () => r.normal());
    expect(gradientError(net, t)).toBeLessThan(1e-6);
    expect(() => l2Regularized(net, 0)).toThrow(/lab\.l2Regularized: parameter 'lambda'/);
  });

  it("findCriticalPoint converges to the saddle of ½x² + ¼y⁴ − ½y² from near it, where descent would leave", () => {
    const saddle = strictSaddle();
    const found = findCriticalPoint(saddle, [0.3, 0.2]);
    expect(found.gradNorm).toBeLessThan(1e-10);
    expect(Math.hypot(found.x[0], found.x[1])).toBeLessThan(1e-9);
  });

  it("criticalPointSurvey: descent finds minima (index 0), the search finds saddles of higher cost", () => {
    const r = rng(0);
    const X = Array.from({ length: 30 }, () => [r.normal(), r.normal()]);
    const obj = l2Regularized(twoLayerNet({ X, y: X.map((x) => (x[0] * x[1] > 0 ? 1 : 0)), hidden: 2 }), 1e-3);
    const pts = criticalPointSurvey(obj, { starts: 6, seed: 2, scale: 1.5, maxIter: 60 });
    expect(pts.length).toBeGreaterThan(4);
    for (const p of pts) expect(p.gradNorm).toBeLessThanOrEqual(1e-8);
    expect(pts.filter((p) => p.method === "descent").every((p) => p.index === 0)).toBe(true);
    const saddles = pts.filter((p) => p.index > 0);
    expect(saddles.length).toBeGreaterThan(0);
    const bestMin = Math.min(...pts.filter((p) => p.index === 0).map((p) => p.f));
    expect(Math.min(...saddles.map((p) => p.f))).toBeGreaterThan(bestMin);
  });

  it("chainGradients: backward norms equal ‖(Wᵀ)ᵀ…g‖ and match finite differences of gᵀh_T", () => {
    const W = [[0.9, 0.4], [-0.3, 1.05]];
    const h0 = [0.5, -0.2];
    const gradOut = [1, -2];
    for (const tanh of [false, true]) {
      const res = chainGradients({ W, h0, gradOut, steps: 7, tanh });
      const loss = (h: number[]) => {
        let x = h.slice();
        for (let t = 0; t < 7; t++) {
          const z = W.map((row) => row[0] * x[0] + row[1] * x[1]);
          x = tanh ? z.map(Math.tanh) : z;
        }
        return gradOut[0] * x[0] + gradOut[1] * x[1];
      };
      const fd = [0, 1].map((i) => {
        const p = h0.slice();
        const m = h0.slice();
        p[i] += 1e-6;
        m[i] -= 1e-6;
        return (loss(p) - loss(m)) / 2e-6;
      });
      expect(res.backwardNorms[0]).toBeCloseTo(Math.hypot(fd[0], fd[1]), 6);
      expect(res.backwardNorms[7]).toBeCloseTo(Math.hypot(1, 2), 12);
      expect(res.forwardNorms).toHaveLength(8);
    }
    expect(() => chainGradients({ W: [[1, 2]], h0: [1], gradOut: [1], steps: 2 })).toThrow(/lab\.chainGradients: parameter 'W'/);
  });

  it("clippedDrift agrees with a Monte-Carlo mean; its root is the clipped fixed point; no clipping → E[x] = 1", () => {
    const r = rng(4);
    const xs = Array.from({ length: 200000 }, () => -Math.log(1 - r()));
    for (const [theta, c] of [[0.7, 0.5], [1.5, 1], [0.2, 2]]) {
      const mc = xs.reduce((s, x) => s + Math.max(-c, Math.min(c, theta - x)), 0) / xs.length;
      expect(Math.abs(clippedDrift(theta, c) - mc)).toBeLessThan(0.01);
    }
    const fp = clippedFixedPoint(0.5);
    expect(Math.abs(clippedDrift(fp, 0.5))).toBeLessThan(1e-12);
    expect(fp).toBeLessThan(0.8);
    expect(clippedFixedPoint(1e3)).toBeCloseTo(1, 9);
    expect(() => clippedFixedPoint(0)).toThrow(/parameter 'c'/);
  });

  it("sgdOnExponentialMean: unbiased SGD ends near 1, clipped SGD near its fixed point", () => {
    const plain = sgdOnExponentialMean({ steps: 20000, seed: 1 });
    const clipped = sgdOnExponentialMean({ clip: 0.5, steps: 20000, seed: 1 });
    expect(Math.abs(plain[20000] - 1)).toBeLessThan(0.05);
    expect(Math.abs(clipped[20000] - clippedFixedPoint(0.5))).toBeLessThan(0.05);
    expect(sgdOnExponentialMean({ steps: 10, seed: 1 })).toEqual(sgdOnExponentialMean({ steps: 10, seed: 1 }));
  });

  it("wrongSideOfRidge: gradient matches finite differences; left starts drift toward −∞, right starts reach the minimum", () => {
    const ridge = wrongSideOfRidge();
    for (const x of [[-1, 0.5], [0.5, -1], [3, 0.2]]) expect(gradientError(ridge, Float64Array.from(x))).toBeLessThan(1e-6);
    expect(ridge.ridgeX).toBeLessThan(0);
    expect(ridge.ridgeX).toBeGreaterThan(-0.1);
    const descend = (x0: number[]) => {
      let x = Float64Array.from(x0);
      for (let k = 0; k < 500; k++) {
        const g = ridge.grad(x);
        x = Float64Array.from(x, (v, i) => v - g[i]);
      }
      return x;
    };
    const left = descend([-0.3, 1]);
    expect(left[0]).toBeLessThan(-4);
    expect(ridge.f(left)).toBeGreaterThan(0);
    expect(ridge.f(descend([0.3, 1])) - ridge.fStar).toBeLessThan(1e-9);
  });

  it("exhaustive XOR search: no 1-unit solution, 2 units solve XOR; the hand-built OR/AND net has 0 errors", () => {
    expect(exhaustiveXorSearch(1)).toMatchObject({ settings: 243, bestErrors: 1 });
    const two = exhaustiveXorSearch(2);
    expect(two.settings).toBe(3 ** 9);
    expect(two.bestErrors).toBe(0);
    expect(thresholdNetErrors(two.best, 2)).toBe(0);
    // h₁ = [x₁ + x₂ > 0] (OR), h₂ = [x₁ + x₂ − 1 > 0] (AND), out = [h₁ − h₂ > 0].
    expect(thresholdNetErrors([1, 1, 1, 1, 0, -1, 1, -1, 0], 2)).toBe(0);
    expect(xorData().y).toEqual([0, 1, 1, 0]);
    expect(() => exhaustiveXorSearch(5)).toThrow(/parameter 'hidden'/);
  });
});

describe("twoLayerNet.flipHidden", () => {
  it("sign flips (and permutations) leave the loss unchanged and are checked", () => {
    const r = rng(7);
    const X = Array.from({ length: 20 }, () => [r.normal(), r.normal()]);
    const net = twoLayerNet({ X, y: X.map((x) => (x[0] * x[1] > 0 ? 1 : 0)), hidden: 3 });
    const t = Float64Array.from({ length: net.dim }, () => r.normal());
    const flipped = net.flipHidden(t, [-1, 1, -1]);
    expect(Math.abs(net.f(flipped) - net.f(t))).toBeLessThan(1e-15);
    expect(Math.hypot(...Array.from(flipped, (v, i) => v - t[i]))).toBeGreaterThan(0.1);
    expect(net.flipHidden(flipped, [-1, 1, -1])).toEqual(t);
    expect(() => net.flipHidden(t, [1, 0, 1])).toThrow(/flipHidden: parameter 'signs'/);
  });
});
