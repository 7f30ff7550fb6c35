import { describe, expect, it } from "vitest";
import { problems, secondOrder } from "../src";
import { expectStrongWolfeSteps } from "./second-order-wolfe";
import type { Objective, Vec } from "../src";

const names = ["quad5", "rosenbrock", "logreg", "logreg_l2"] as const;
const errInf = (x: Vec, xs: Vec) => Math.max(...Array.from(x, (v, i) => Math.abs(v - xs[i])));
/** Exact H·v from the objective's Hessian, to compare Hessian-free with and without finite differences. */
const withHvp = (o: Objective) => ({ ...o, hvp: (x: Vec, v: Vec) => Float64Array.from(o.hessian(x).map((row) => row.reduce((s, a, j) => s + a * v[j], 0))) });

type Runner = (o: Objective, x0: Vec, gradTol: number) => secondOrder.SecondOrderResult;
const methods: Record<string, Runner> = {
  newton: (o, x0, gradTol) => secondOrder.newton(o, { x0, gradTol }),
  "newton lineSearch": (o, x0, gradTol) => secondOrder.newton(o, { x0, gradTol, lineSearch: true }),
  "cg polak-ribiere": (o, x0, gradTol) => secondOrder.conjugateGradient(o, { x0, gradTol }),
  "cg fletcher-reeves": (o, x0, gradTol) => secondOrder.conjugateGradient(o, { x0, gradTol, variant: "fletcher-reeves" }),
  bfgs: (o, x0, gradTol) => secondOrder.bfgs(o, { x0, gradTol }),
  lbfgs: (o, x0, gradTol) => secondOrder.lbfgs(o, { x0, gradTol }),
  "hessianFree (finite-difference H·v)": (o, x0, gradTol) => secondOrder.hessianFree(o, { x0, gradTol }),
  "hessianFree (exact H·v, damped)": (o, x0, gradTol) => secondOrder.hessianFree(withHvp(o), { x0, gradTol, damping: 1 }),
};

describe("every method reaches x* (src/problems/reference-problems.json) with gradTol = 1e-9", () => {
  for (const [label, run] of Object.entries(methods)) {
    it(label, () => {
      for (const name of names) {
        const p = problems.reference(name);
        const r = run(p.objective, p.x0, 1e-9);
        expect(errInf(r.x, p.xStar!), `${label} on ${name}: ${r.message}`).toBeLessThanOrEqual(1e-6);
        expect(r.converged, `${label} on ${name}: ${r.message}`).toBe(true);
        expect(r.trajectory[0]).toEqual(p.x0);
        expect(r.fHistory.length).toBe(r.trajectory.length);
        expect(r.f).toBe(p.objective.f(r.x));
      }
    });
  }
  it("linearCG on quad5 (the one quadratic): within n = 5 steps", () => {
    const p = problems.reference("quad5");
    const r = secondOrder.linearCG(p.objective, { x0: p.x0, gradTol: 1e-9 });
    expect(r.iterations).toBeLessThanOrEqual(5);
    expect(errInf(r.x, p.xStar!)).toBeLessThanOrEqual(1e-9);
    expect(r.converged).toBe(true);
  });
});

describe("evaluations count the points where f and ∇f were computed", () => {
  for (const [label, run] of Object.entries(methods)) {
    it(label, () => {
      const p = problems.reference("rosenbrock");
      let calls = 0;
      const counted = { ...p.objective, f: (x: Vec) => (calls++, p.objective.f(x)) };
      const r = run(counted, p.x0, 1e-5);
      expect(r.evaluations).toBe(calls);
      expect(r.evaluationsAt[r.evaluationsAt.length - 1]).toBeLessThanOrEqual(calls);
    });
  }
});

describe("newton", () => {
  it("pure Newton solves quad5 in exactly one iteration", () => {
    const p = problems.reference("quad5");
    const r = secondOrder.newton(p.objective, { x0: p.x0 });
    expect(r.iterations).toBe(1);
    expect(errInf(r.x, p.xStar!)).toBeLessThanOrEqual(1e-12);
    expect(r.stationaryPoint).toBe("minimum");
  });

  it("pure Newton reaches (1, 1) on rosenbrock with a non-monotone f sequence", () => {
    const p = problems.reference("rosenbrock");
    const r = secondOrder.newton(p.objective, { x0: p.x0 });
    expect(r.converged).toBe(true);
    expect(errInf(r.x, Float64Array.of(1, 1))).toBeLessThanOrEqual(1e-12);
    const increases = r.fHistory.filter((f, k) => k > 0 && f > r.fHistory[k - 1]);
    expect(increases.length).toBeGreaterThan(0);
  });

  it("the line-search variant is monotone on rosenbrock", () => {
    const p = problems.reference("rosenbrock");
    const r = secondOrder.newton(p.objective, { x0: p.x0, lineSearch: true });
    expect(r.converged).toBe(true);
    r.fHistory.forEach((f, k) => k > 0 && expect(f).toBeLessThanOrEqual(r.fHistory[k - 1]));
  });

  it("pure Newton jumps onto the saddle of x² − y² in one step; H + αI (α > 2) escapes it", () => {
    const p = problems.reference("saddle");
    const pure = secondOrder.newton(p.objective, { x0: p.x0 });
    expect(pure.iterations).toBe(1);
    expect(Array.from(pure.x)).toEqual([0, 0]);
    expect(pure.stationaryPoint).toBe("saddle");
    expect(pure.message).toMatch(/saddle/);
    const damped = secondOrder.newton(p.objective, { x0: p.x0, damping: 4, maxIter: 20 });
    expect(damped.converged).toBe(false);
    // by hand: x ← x·α/(α+2), y ← y·α/(α−2) with α = 4
    expect(damped.trajectory[1][0]).toBeCloseTo((1 * 4) / 6, 14);
    expect(damped.trajectory[1][1]).toBeCloseTo(2e-3, 14);
    expect(Math.abs(damped.x[1])).toBeGreaterThan(1e3);
    expect(damped.f).toBeLessThan(-1e6);
    expect(damped.x.every(Number.isFinite)).toBe(true);
  });

  it("a singular Hessian stops pure Newton with a message, never a NaN", () => {
    const flat = problems.quadratic({ A: [[1, 0], [0, 0]], b: [1, 1] });
    const r = secondOrder.newton(flat, { x0: [0, 0] });
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/singular/);
    expect(Array.from(r.x)).toEqual([0, 0]);
    const nearly = problems.quadratic({ A: [[1, 1], [1, 1 + 1e-17]], b: [1, 0] });
    expect(secondOrder.newton(nearly, { x0: [0, 0] }).message).toMatch(/singular/);
  });

  it("a full step into the region where f is NaN stops with a message and the last finite point", () => {
    // f = x − log x (x > 0): Newton from 3 steps to 2·3 − 9 = −3
    const o = { name: "xlog", dim: 1, f: (x: Vec) => x[0] - Math.log(x[0]), grad: (x: Vec) => Float64Array.of(1 - 1 / x[0]), hessian: (x: Vec) => [[1 / (x[0] * x[0])]] };
    const r = secondOrder.newton(o, { x0: [3] });
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/f = NaN/);
    expect(Array.from(r.x)).toEqual([3]);
    const ls = secondOrder.lbfgs(o, { x0: [3], gradTol: 1e-10 });
    expect(Math.abs(ls.x[0] - 1)).toBeLessThan(1e-8);
  });
});

describe("bfgs", () => {
  it("default tolerances: accuracy at least SciPy's (1.6e-7, 2.2e-8, 8.0e-5, 4.4e-5)", () => {
    const scipy = [1.6e-7, 2.2e-8, 8.0e-5, 4.4e-5];
    names.forEach((name, i) => {
      const p = problems.reference(name);
      const r = secondOrder.bfgs(p.objective, { x0: p.x0 });
      expect(r.converged).toBe(true);
      expect(r.gradNorms[r.gradNorms.length - 1]).toBeLessThanOrEqual(1e-5);
      expect(errInf(r.x, p.xStar!), name).toBeLessThanOrEqual(scipy[i] * 1.1);
    });
  });

  it("yᵀs ≤ 0 on the saddle: updates skipped and reported, run ends without NaN", () => {
    const p = problems.reference("saddle");
    const r = secondOrder.bfgs(p.objective, { x0: p.x0 });
    expect(r.skippedUpdates).toBeGreaterThan(0);
    expect(r.message).toMatch(/skipped/);
    expect(r.converged).toBe(false);
    expect(Number.isFinite(r.f)).toBe(true);
  });

  it("on a quadratic the inverse-Hessian estimate approaches A⁻¹ along the directions explored", () => {
    const A = [[3, 1], [1, 2]];
    const q = problems.quadratic({ A, b: [1, -1] });
    const r = secondOrder.bfgs(q, { x0: [4, 3], gradTol: 1e-10 });
    // A⁻¹ by hand: (1/5)·[[2, −1], [−1, 3]]
    const inv = [[0.4, -0.2], [-0.2, 0.6]];
    r.inverseHessian.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - inv[i][j])).toBeLessThan(0.05)));
  });
});

describe("conjugate gradients", () => {
  it("linearCG: A-conjugate steps, exact on a 3×3 quadratic in 3 steps, residual recurrence = ∇f", () => {
    const A = [[4, 1, 0], [1, 3, 1], [0, 1, 2]];
    const q = problems.quadratic({ A, b: [1, 2, 3] });
    const r = secondOrder.linearCG(q, { x0: [0, 0, 0], gradTol: 0 });
    expect(r.iterations).toBe(3);
    // solution by Cramer's rule: det A = 18
    const xs = [4 / 18, 2 / 18, 26 / 18];
    expect(errInf(r.x, Float64Array.from(xs))).toBeLessThan(1e-14);
    const steps = [1, 2, 3].map((k) => r.trajectory[k].map((v, i) => v - r.trajectory[k - 1][i]));
    const Ap = (p: Float64Array) => A.map((row) => row.reduce((s, a, j) => s + a * p[j], 0));
    for (let i = 0; i < 3; i++) for (let j = 0; j < i; j++) expect(Math.abs(Ap(steps[i]).reduce((s, v, k) => s + v * steps[j][k], 0))).toBeLessThan(1e-13);
  });

  it("linearCG refuses a non-quadratic and an indefinite A with messages", () => {
    const p = problems.reference("rosenbrock");
    expect(secondOrder.linearCG(p.objective, { x0: p.x0 }).message).toMatch(/not the quadratic/);
    const s = problems.reference("saddle");
    const r = secondOrder.linearCG(s.objective, { x0: s.x0 });
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/not positive definite/);
  });

  it("Fletcher–Reeves and Polak–Ribière+ differ, and both restart", () => {
    const p = problems.reference("rosenbrock");
    const fr = secondOrder.conjugateGradient(p.objective, { x0: p.x0, variant: "fletcher-reeves" });
    const pr = secondOrder.conjugateGradient(p.objective, { x0: p.x0 });
    const q = problems.reference("quad5");
    const frQ = secondOrder.conjugateGradient(q.objective, { x0: q.x0, variant: "fletcher-reeves" });
    const prQ = secondOrder.conjugateGradient(q.objective, { x0: q.x0 });
    expect(frQ.trajectory[1]).toEqual(prQ.trajectory[1]); // both start along −∇f
    expect(frQ.trajectory.some((x, k) => k < prQ.trajectory.length && errInf(x, prQ.trajectory[k]) > 1e-6)).toBe(true);
    expect(fr.restarts).toBeGreaterThan(0);
    expect(pr.restarts).toBeGreaterThan(0);
  });
});

describe("hessianFree", () => {
  it("finite-difference and exact H·v agree on the path, and the products are counted", () => {
    const p = problems.reference("logreg_l2");
    const fd = secondOrder.hessianFree(p.objective, { x0: p.x0, gradTol: 1e-8 });
    const ex = secondOrder.hessianFree(withHvp(p.objective), { x0: p.x0, gradTol: 1e-8 });
    expect(fd.hvpSource).toBe("finite-difference");
    expect(ex.hvpSource).toBe("exact");
    expect(ex.hessianVectorProducts).toBe(ex.cgIterations);
    expect(errInf(fd.trajectory[1], ex.trajectory[1])).toBeLessThan(1e-5);
    expect(errInf(fd.x, ex.x)).toBeLessThan(1e-7);
  });

  it("stops inner CG at negative curvature on the saddle and reports it", () => {
    const p = problems.reference("saddle");
    const r = secondOrder.hessianFree(p.objective, { x0: p.x0 });
    expect(r.negativeCurvatureStops).toBeGreaterThan(0);
    expect(r.converged).toBe(false);
    expect(Number.isFinite(r.f)).toBe(true);
  });
});

describe("strongWolfe", () => {
  it("returns a step that satisfies both strong Wolfe conditions (checked independently)", () => {
    expectStrongWolfeSteps(secondOrder.strongWolfe, (r) => expect(r.evaluations).toBe(r.trials.length));
  });

  it("cubicInterpolate finds the minimizer of a cubic from two points", () => {
    // φ(t) = t³ − 3t (minimum at t = 1): φ(0) = 0, φ'(0) = −3; φ(2) = 2, φ'(2) = 9
    expect(secondOrder.cubicInterpolate(0, 0, -3, 2, 2, 9)).toBeCloseTo(1, 14);
    expect(secondOrder.cubicInterpolate(2, 2, 9, 0, 0, -3)).toBeCloseTo(1, 14);
    expect(secondOrder.cubicInterpolate(0, 0, -3, 2, 2, 9, [1.5, 3])).toBe(1.5);
  });

  it("rejects an ascent direction", () => {
    const p = problems.reference("rosenbrock");
    expect(() => secondOrder.strongWolfe(p.objective, p.x0, p.objective.grad(p.x0))).toThrow(/descent direction/);
  });
});

describe("bad input", () => {
  const p = problems.reference("rosenbrock");
  const all: [string, (o: any, opts: any) => unknown][] = [
    ["newton", secondOrder.newton],
    ["conjugateGradient", secondOrder.conjugateGradient],
    ["bfgs", secondOrder.bfgs],
    ["lbfgs", secondOrder.lbfgs],
    ["hessianFree", secondOrder.hessianFree],
    ["linearCG", secondOrder.linearCG],
  ];
  for (const [name, method] of all) {
    it(name, () => {
      expect(() => method(p.objective, { x0: [NaN, 1] })).toThrow(new RegExp(`secondOrder.${name}: parameter 'x0'\\[0\\] must be a finite number, got NaN`));
      expect(() => method(p.objective, { x0: [1, 2, 3] })).toThrow(/parameter 'x0' must have length 2/);
      expect(() => method({ f: 1 }, { x0: [1, 2] })).toThrow(/parameter 'objective'/);
      expect(() => method(p.objective, { x0: [1, 2], gradTol: -1 })).toThrow(/parameter 'gradTol' must be a finite number ≥ 0, got -1/);
      expect(() => method(p.objective, { x0: [1, 2], maxIter: 0 })).toThrow(/parameter 'maxIter' must be a positive integer, got 0/);
      expect(() => method(p.objective, { x0: [1, 2], gradtol: 1 })).toThrow(/parameter 'gradtol' must be one of the known options \(x0, .*\), got an unknown option 'gradtol'/);
    });
  }
  it("methods that need a Hessian say so", () => {
    const noHessian = { f: p.objective.f, grad: p.objective.grad, dim: 2 };
    expect(() => secondOrder.newton(noHessian, { x0: p.x0 })).toThrow(/secondOrder.newton: parameter 'objective' must be an objective with a hessian method/);
    expect(() => secondOrder.linearCG(noHessian, { x0: p.x0 })).toThrow(/hessian/);
    expect(secondOrder.lbfgs(noHessian, { x0: p.x0 }).converged).toBe(true);
  });
  it("other parameters", () => {
    expect(() => secondOrder.conjugateGradient(p.objective, { x0: p.x0, variant: "hestenes" as any })).toThrow(/parameter 'variant' must be one of "polak-ribiere", "fletcher-reeves", got "hestenes"/);
    expect(() => secondOrder.newton(p.objective, { x0: p.x0, damping: -1 })).toThrow(/parameter 'damping' must be a finite number ≥ 0, got -1/);
    expect(() => secondOrder.lbfgs(p.objective, { x0: p.x0, historySize: 0 })).toThrow(/parameter 'historySize' must be a positive integer, got 0/);
    expect(() => secondOrder.newton({ ...p.objective, f: () => NaN }, { x0: p.x0 })).toThrow(/f\(x0\) = NaN/);
  });
});
