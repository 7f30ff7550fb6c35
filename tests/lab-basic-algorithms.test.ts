import { describe, expect, it } from "vitest";
import * as d from "../src";

const lab = d.lab;

describe("lab.fitPowerLaw", () => {
  it("recovers an exact power law and its coefficient", () => {
    const xs = [1, 3, 10, 30, 100];
    const fit = lab.fitPowerLaw(xs, xs.map((x) => 7 * x ** -0.5));
    expect(fit.slope).toBeCloseTo(-0.5, 12);
    expect(fit.coefficient).toBeCloseTo(7, 10);
    expect(fit.predict(4)).toBeCloseTo(3.5, 10);
  });
  it("rejects non-positive values with a named parameter", () => {
    expect(() => lab.fitPowerLaw([1, 2], [1, 0])).toThrow(/lab.fitPowerLaw: parameter 'ys'\[1\] must be > 0/);
    expect(() => lab.fitPowerLaw([1, 2], [1])).toThrow(/parameter 'ys'/);
  });
  it("logSpacedSteps spans 1…n with distinct sorted integers", () => {
    const s = lab.logSpacedSteps(1000, 20);
    expect(s[0]).toBe(1);
    expect(s[s.length - 1]).toBe(1000);
    expect(new Set(s).size).toBe(s.length);
  });
});

describe("lab.momentumRate", () => {
  const lambdas = [1, 100];
  it("is max|1 − ελ| without momentum (hand-computed)", () => {
    expect(lab.gradientDescentRate(0.01, lambdas)).toBeCloseTo(0.99, 14);
    expect(lab.gradientDescentRate(0.015, lambdas)).toBeCloseTo(0.985, 14);
    expect(lab.gradientDescentRate(0.021, lambdas)).toBeCloseTo(1.1, 14);
  });
  it("gives Polyak's (√κ−1)/(√κ+1) at the optimal heavy-ball setting", () => {
    const opt = lab.heavyBallOptimal(1, 100);
    expect(opt.rate).toBeCloseTo(9 / 11, 14);
    expect(opt.epsilon).toBeCloseTo(4 / 121, 14);
    expect(lab.momentumRate(opt.epsilon, opt.alpha, lambdas)).toBeCloseTo(9 / 11, 6);
  });
  it("matches the contraction measured by running book.momentum on a quadratic", () => {
    const A = [[1, 0, 0], [0, 10, 0], [0, 0, 100]];
    const q = d.problems.quadratic({ A, b: [0, 0, 0] });
    for (const [epsilon, alpha] of [[0.01, 0.5], [0.015, 0.8], [0.005, 0.95], [0.019, 0]]) {
      const t = d.run(d.book.momentum({ epsilon, alpha }), q, { x0: [1, 1, 1], steps: 1200 });
      const norm = (k: number) => Math.hypot(...t.params[k]);
      const measured = Math.pow(norm(1200) / norm(600), 1 / 600);
      expect(measured).toBeCloseTo(lab.momentumRate(epsilon, alpha, [1, 10, 100]), 2);
    }
  });
  it("heavyBallOptimalError is the exact distance of the tuned heavy ball (repeated roots: (1 + (1 ∓ ρ)t)ρᵗ)", () => {
    const [mu, L] = [1, 50];
    const opt = lab.heavyBallOptimal(mu, L);
    const q = d.problems.quadratic({ A: [[mu, 0], [0, L]], b: [0, 0] });
    const t = d.run(d.book.momentum({ epsilon: opt.epsilon, alpha: opt.alpha }), q, { x0: [0.7, -1.3], steps: 120 });
    for (const k of [0, 1, 2, 5, 30, 120]) {
      const measured = Math.hypot(...t.params[k]);
      expect(lab.heavyBallOptimalError(mu, L, { mu: 0.7, L: -1.3 }, k) / measured).toBeCloseTo(1, 9);
    }
    expect(() => lab.heavyBallOptimalError(mu, L, { mu: 1, L: 1 }, 1.5)).toThrow(/parameter 't' must be an integer ≥ 0, got 1.5/);
  });
  it("predicts divergence (ρ > 1) exactly where the run blows up", () => {
    const q = d.problems.quadratic({ A: [[1, 0], [0, 100]], b: [0, 0] });
    const t = d.run(d.book.momentum({ epsilon: 0.039, alpha: 0.9 }), q, { x0: [1, 1], steps: 400 });
    expect(lab.momentumRate(0.039, 0.9, [1, 100])).toBeGreaterThan(1);
    expect(Math.hypot(...t.params[400])).toBeGreaterThan(1e3);
  });
  it("nesterovRate matches the contraction measured by running book.nesterov", () => {
    const q = d.problems.quadratic({ A: [[1, 0], [0, 50]], b: [0, 0] });
    const kappa = 50;
    for (const [epsilon, alpha] of [[1 / 50, (Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1)], [0.01, 0.5], [0.03, 0.9]]) {
      const t = d.run(d.book.nesterov({ epsilon, alpha }), q, { x0: [1, 1], steps: 800 });
      const norm = (k: number) => Math.hypot(...t.params[k]);
      expect(Math.pow(norm(800) / norm(400), 1 / 400)).toBeCloseTo(lab.nesterovRate(epsilon, alpha, [1, 50]), 2);
    }
    expect(lab.nesterovRate(1 / 50, 0.75, [1, 50])).toBeLessThan(1 - 1 / Math.sqrt(50) + 0.05);
  });
  it("rejects α outside [0, 1)", () => {
    expect(() => lab.momentumRate(0.1, 1, [1])).toThrow(/lab.momentumRate: parameter 'alpha' must be a number in \[0, 1\), got 1/);
  });
});

describe("lab.nesterovWorstCase and lab.acceleratedGradient", () => {
  const q = lab.nesterovWorstCase({ n: 50, L: 2 });
  it("has the gradient of its f (finite differences) and the stated minimizer", () => {
    const r = d.rng(3);
    const x = Float64Array.from({ length: 50 }, () => r.normal());
    const g = q.grad(x);
    for (const i of [0, 7, 49]) {
      const h = 1e-6;
      const xp = x.slice();
      const xm = x.slice();
      xp[i] += h;
      xm[i] -= h;
      expect(g[i]).toBeCloseTo((q.f(xp) - q.f(xm)) / (2 * h), 6);
    }
    expect(Math.hypot(...q.grad(q.xStar))).toBeLessThan(1e-14);
    expect(q.f(q.xStar)).toBeCloseTo(q.fStar, 14);
    const eig = d.secondOrder.symmetricEigenvalues(q.hessian(x));
    expect(eig[0]).toBeGreaterThan(0);
    expect(eig[eig.length - 1]).toBeLessThan(2);
  });
  it("gradient descent respects L‖x₀−x*‖²/(2k); the accelerated method respects 2L‖x₀−x*‖²/(k+1)² and wins", () => {
    const big = lab.nesterovWorstCase({ n: 401, L: 1 });
    const x0 = new Float64Array(401);
    const r0 = big.xStar.reduce((s, v) => s + v * v, 0);
    const gd = d.run(d.book.sgd({ epsilon: 1 }), big, { x0, steps: 150 });
    const agd = lab.acceleratedGradient(big, { epsilon: 1, x0, steps: 150 });
    for (let k = 1; k <= 150; k++) {
      expect(gd.loss[k] - big.fStar).toBeLessThanOrEqual(r0 / (2 * k));
      expect(agd.loss[k] - big.fStar).toBeLessThanOrEqual((2 * r0) / (k + 1) ** 2);
    }
    expect(agd.loss[150] - big.fStar).toBeLessThan((gd.loss[150] - big.fStar) / 5);
  });
});

describe("lab.diagonalQuadratic", () => {
  it("agrees with problems.quadratic on diag(λ)", () => {
    const lambdas = [0.5, 2, 0, 7];
    const q = lab.diagonalQuadratic(lambdas);
    const ref = d.problems.quadratic({ A: lambdas.map((l, i) => lambdas.map((_, j) => (i === j ? l : 0))), b: [0, 0, 0, 0] });
    const x = Float64Array.of(1, -2, 3, 0.5);
    expect(q.f(x)).toBeCloseTo(ref.f(x), 14);
    expect(Array.from(q.grad(x))).toEqual(Array.from(ref.grad(x)));
    expect(q.hessian(x)).toEqual(ref.hessian(x));
    expect(() => lab.diagonalQuadratic([1, -1])).toThrow(/parameter 'eigenvalues'\[1\] must be ≥ 0/);
  });
});

describe("lab.meanExcessLoss with inverseSqrtSchedule", () => {
  it("the schedule is ε₀/√(1 + k/k₀)", () => {
    const s = lab.inverseSqrtSchedule({ epsilon0: 0.5, k0: 4 });
    expect(s(0)).toBe(0.5);
    expect(s(12)).toBeCloseTo(0.25, 15);
    expect(() => lab.inverseSqrtSchedule({ epsilon0: -1 })).toThrow(/parameter 'epsilon0'/);
  });
  it("is the plain mean of independent runs' excess losses (deterministic objective: one run)", () => {
    const q = d.problems.quadratic({ A: [[2, 0], [0, 1]], b: [0, 0] });
    const got = lab.meanExcessLoss({ objective: () => q, optimizer: d.book.sgd({ epsilon: 0.1 }), x0: [1, 1], steps: 3, seeds: 3, fStar: 0, at: [0, 3] });
    // Hand-computed: x_k = (0.8^k, 0.9^k), f = x₁² + ½x₂².
    expect(got[0]).toBeCloseTo(1.5, 14);
    expect(got[1]).toBeCloseTo(0.8 ** 6 + 0.5 * 0.9 ** 6, 14);
  });
});
