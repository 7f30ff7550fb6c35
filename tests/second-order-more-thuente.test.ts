import { describe, expect, it } from "vitest";
import { problems, secondOrder } from "../src";
import { expectStrongWolfeSteps } from "./second-order-wolfe";
import type { Vec } from "../src";

const errInf = (x: ArrayLike<number>, xs: ArrayLike<number>) => Math.max(...Array.from(x, (v, i) => Math.abs(v - xs[i])));

/** A 1-D function φ(t) with its derivative. */
type Phi = (t: number) => [number, number];

/** Moré & Thuente (1994) §5, functions (5.1)–(5.3) and Yanai, Ozawa & Kaneko's (5.4) with three (β1, β2). */
const yanai = (b1: number, b2: number): Phi => {
  const gamma = (b: number) => Math.sqrt(1 + b * b) - b;
  return (a) => {
    const r1 = Math.sqrt((1 - a) ** 2 + b2 * b2);
    const r2 = Math.sqrt(a * a + b1 * b1);
    return [gamma(b1) * r1 + gamma(b2) * r2, (gamma(b1) * (a - 1)) / r1 + (gamma(b2) * a) / r2];
  };
};
const mtFunctions: Record<string, { phi: Phi; c1: number; c2: number }> = {
  f1: { phi: (a) => [-a / (a * a + 2), (a * a - 2) / (a * a + 2) ** 2], c1: 1e-3, c2: 0.1 },
  f2: { phi: (a) => [(a + 0.004) ** 5 - 2 * (a + 0.004) ** 4, 5 * (a + 0.004) ** 4 - 8 * (a + 0.004) ** 3], c1: 0.1, c2: 0.1 },
  f3: {
    phi: (a) => {
      const b = 0.01;
      const l = 39;
      const [p, dp] = a <= 1 - b ? [1 - a, -1] : a >= 1 + b ? [a - 1, 1] : [(a - 1) ** 2 / (2 * b) + b / 2, (a - 1) / b];
      return [p + ((2 * (1 - b)) / (l * Math.PI)) * Math.sin((l * Math.PI * a) / 2), dp + (1 - b) * Math.cos((l * Math.PI * a) / 2)];
    },
    c1: 0.1,
    c2: 0.1,
  },
  f4: { phi: yanai(0.001, 0.001), c1: 1e-3, c2: 1e-3 },
  f5: { phi: yanai(0.01, 0.001), c1: 1e-3, c2: 1e-3 },
  f6: { phi: yanai(0.001, 0.01), c1: 1e-3, c2: 1e-3 },
};
/**
 * [function, initial step, evaluations, final step]: the evaluation counts are those of Moré & Thuente's
 * Tables 1–6; the steps come from SciPy 1.17's DCSRCH (its port of MINPACK-2 dcsrch) with xtol 1e-14,
 * stpmin 0, stpmax 1e100.
 */
const mtReference: [string, number, number, number][] = [
  ["f1", 0.001, 6, 1.365],
  ["f1", 0.1, 3, 1.4413720790892741],
  ["f1", 10.0, 1, 10.0],
  ["f1", 1000.0, 4, 36.88760696396662],
  ["f2", 0.001, 12, 1.596000000186075],
  ["f2", 0.1, 8, 1.5960000000049348],
  ["f2", 10.0, 8, 1.5959999997572032],
  ["f2", 1000.0, 11, 1.595999998872531],
  ["f3", 0.001, 12, 0.9999996797968318],
  ["f3", 0.1, 12, 0.9999988033548208],
  ["f3", 10.0, 10, 0.9999999876178056],
  ["f3", 1000.0, 13, 0.9999999017146377],
  ["f4", 0.001, 4, 0.085],
  ["f4", 0.1, 1, 0.1],
  ["f4", 10.0, 3, 0.3491046164172457],
  ["f4", 1000.0, 4, 0.8294012431694555],
  ["f5", 0.001, 6, 0.07501087060006814],
  ["f5", 0.1, 3, 0.07751042197802409],
  ["f5", 10.0, 7, 0.07314201106894994],
  ["f5", 1000.0, 8, 0.07615927320141007],
  ["f6", 0.001, 13, 0.9279032286386139],
  ["f6", 0.1, 11, 0.9261500138380064],
  ["f6", 10.0, 8, 0.924781673432206],
  ["f6", 1000.0, 11, 0.9243979067536415],
];

/** Runs the search on φ as a 1-D line search along d = [1] from t = 0. */
function search1d(phi: Phi, t0: number, options: secondOrder.MoreThuenteOptions) {
  const [f0, g0] = phi(0);
  return secondOrder.moreThuenteSearch((t) => {
    const [f, g] = phi(t);
    return { f, g: Float64Array.of(g) };
  }, Float64Array.of(1), f0, Float64Array.of(g0), g0, t0, options);
}

function expectStrongWolfe(phi: Phi, t: number, c1: number, c2: number) {
  const [f0, g0] = phi(0);
  const [f, g] = phi(t);
  expect(f, `sufficient decrease at t = ${t}`).toBeLessThanOrEqual(f0 + c1 * t * g0);
  expect(Math.abs(g), `curvature at t = ${t}`).toBeLessThanOrEqual(c2 * Math.abs(g0));
}

describe("moreThuenteSearch on Moré & Thuente's test functions", () => {
  for (const [name, t0, evaluations, step] of mtReference) {
    it(`${name} from t0 = ${t0}: the paper's evaluation count, SciPy's step, both Wolfe conditions`, () => {
      const { phi, c1, c2 } = mtFunctions[name];
      const r = search1d(phi, t0, { c1, c2, xtol: 1e-14, stpMin: 0, stpMax: 1e100 });
      expect(r.status).toBe("converged");
      expect(r.satisfied).toBe(true);
      expect(r.evaluations).toBe(evaluations);
      expect(r.trials.length).toBe(evaluations);
      expect(Math.abs(r.t - step)).toBeLessThanOrEqual(1e-10 * (1 + step));
      expectStrongWolfe(phi, r.t, c1, c2);
    });
  }
});

describe("moreThuenteSearch on other 1-D functions", () => {
  const cases: [string, Phi][] = [
    ["quadratic (t − 3)²", (t) => [(t - 3) ** 2, 2 * (t - 3)]],
    ["quartic (t − 0.2)⁴ − t", (t) => [(t - 0.2) ** 4 - t, 4 * (t - 0.2) ** 3 - 1]],
    ["exp(t) − 5t", (t) => [Math.exp(t) - 5 * t, Math.exp(t) - 5]],
    ["log barrier −log(2 − t) − t (+∞ past t = 2)", (t) => (t < 2 ? [-Math.log(2 - t) - t, 1 / (2 - t) - 1] : [Infinity, NaN])],
  ];
  for (const [label, phi] of cases) {
    it(`${label}: strong Wolfe conditions hold for c2 = 0.9 and 0.1, from short and long first steps`, () => {
      for (const t0 of [1e-3, 1, 50]) {
        for (const c2 of [0.9, 0.1]) {
          const r = search1d(phi, t0, { c1: 1e-4, c2 });
          expect(r.status, `t0 = ${t0}, c2 = ${c2}`).toBe("converged");
          expectStrongWolfe(phi, r.t, 1e-4, c2);
          expect(r.f).toBe(phi(r.t)[0]);
        }
      }
    });
  }

  it("stops at stpMax on a function unbounded below, and says so", () => {
    const r = search1d((t) => [-t, -1], 1, { stpMax: 10 });
    expect(r.status).toBe("stpMax");
    expect(r.satisfied).toBe(false);
    expect(r.t).toBe(10);
  });

  it("stops after maxLs evaluations and returns the best step seen", () => {
    const phi: Phi = (t) => [(t - 3) ** 2, 2 * (t - 3)];
    const r = search1d(phi, 1e-3, { maxLs: 2 });
    expect(r.status).toBe("maxLs");
    expect(r.evaluations).toBe(2);
    const fs = r.trials.map((q) => q.f);
    expect(r.f).toBe(Math.min(...fs));
  });
});

describe("moreThuenteStep: the four cases of Moré & Thuente §4, by hand", () => {
  const pt = (t: number, f: number, d: number) => ({ t, f, d });
  // On a quadratic every interpolant is exact, so the new trial is the minimizer.
  it("case 1 (higher φ): brackets and steps to the quadratic's minimizer", () => {
    // φ(t) = (t − 1)² − 1: φ(0) = 0, φ'(0) = −2; φ(3) = 3, φ'(3) = 4
    const x = pt(0, 0, -2);
    const s = secondOrder.moreThuenteStep({ x, y: x, bracketed: false }, pt(3, 3, 4), 0, 100);
    expect(s.next).toBeCloseTo(1, 12);
    expect(s.interval.bracketed).toBe(true);
    expect(s.pIsBest).toBe(false);
    expect(s.interval.y.t).toBe(3);
    expect(s.interval.x.t).toBe(0);
  });
  it("case 2 (lower φ, φ' changes sign): brackets, p becomes the best end and x the other", () => {
    // φ(t) = (t − 1)²: φ(0) = 1, φ'(0) = −2; φ(1.5) = 0.25, φ'(1.5) = 1
    const x = pt(0, 1, -2);
    const s = secondOrder.moreThuenteStep({ x, y: x, bracketed: false }, pt(1.5, 0.25, 1), 0, 100);
    expect(s.next).toBeCloseTo(1, 12);
    expect(s.interval.bracketed).toBe(true);
    expect(s.pIsBest).toBe(true);
    expect([s.interval.x.t, s.interval.y.t]).toEqual([1.5, 0]);
  });
  it("case 3 (lower φ, |φ'| decreasing): extrapolates to the minimizer, clamped to the step bounds", () => {
    // φ(t) = (t − 1)²: φ(0.5) = 0.25, φ'(0.5) = −1
    const x = pt(0, 1, -2);
    const p = pt(0.5, 0.25, -1);
    expect(secondOrder.moreThuenteStep({ x, y: x, bracketed: false }, p, 0.55, 2.5).next).toBeCloseTo(1, 12);
    expect(secondOrder.moreThuenteStep({ x, y: x, bracketed: false }, p, 0.55, 0.8).next).toBe(0.8);
    // bracketed by y = 0.6: no more than 66% of the way from p to y
    expect(secondOrder.moreThuenteStep({ x, y: pt(0.6, 0.16, -0.8), bracketed: true }, p, 0, 0.6).next).toBeCloseTo(0.5 + 0.66 * 0.1, 12);
  });
  it("case 4 (lower φ, |φ'| not decreasing): unbracketed, goes to the upper bound", () => {
    const x = pt(0, 1, -2);
    const s = secondOrder.moreThuenteStep({ x, y: x, bracketed: false }, pt(0.5, 0.5, -3), 0.55, 2.5);
    expect(s.next).toBe(2.5);
    expect(s.interval.bracketed).toBe(false);
  });
});

/** Every point SciPy 1.17 BFGS evaluated on rosenbrock from (−1.5, 2), default options (nfev = 44). */
const scipyRosenbrock: number[][] = [[-1.5, 2.0], [-0.5387742960618436, 2.310072807721986], [-1.414612189731232, 2.027544454925409], [-0.8493814575854205, 0.3210701917068639], [-1.2837588257451227, 1.6324882677818902], [-0.9272087421308766, 0.6223271042007383], [-1.2097446880916196, 1.4227948450356815], [-1.1313664098418659, 1.2271372561197673], [-1.0492456350858046, 1.051478174280612], [-0.9446532298741301, 0.8659107996101173], [-0.7305129944816505, 0.45759019603989837], [-0.7164861424379668, 0.4708890532195602], [-0.5446810981456442, 0.2614581067043862], [-0.446624599666085, 0.19193996177200717], [-0.13432440811343044, -0.13478449966565936], [-0.3606512675766932, 0.10199576261780265], [-0.23236849058256145, 0.00780792041844762], [-0.1745163051881933, 0.008811134954485107], [-0.0024558638070132643, -0.04638609570393431], [0.02995869406077184, -0.008658399714792243], [0.19582051929565913, 0.004097357975791582], [0.22022104560465475, 0.036812210668346196], [0.3984190347114688, 0.11936983253334557], [0.37581741434420596, 0.131707463152965], [0.4501180561002449, 0.19718860849415126], [0.630346148196373, 0.35060016821865636], [0.5328732411256565, 0.2676304683750568], [0.6126352966009484, 0.35637458677537737], [0.6647901322487609, 0.4410131242152888], [0.7965673390234302, 0.6084457180877572], [0.709705971759409, 0.49808198839364903], [0.8041357525246696, 0.6283375809312404], [0.7918231163814952, 0.6184469758552611], [0.8263843123685018, 0.6809891975591638], [0.8945076137912156, 0.7945907768376854], [0.9286136771150524, 0.8573241248119958], [0.952554729129018, 0.9091307055846698], [0.995607824979054, 0.9881641901150094], [0.983117905136753, 0.9664324396529443], [0.9909317464237404, 0.9817012494598908], [0.9993902327721479, 0.9985745235879302], [0.9998165778152351, 0.9996065560513449], [0.999995929773326, 0.9999917214312761], [0.999999989656846, 0.9999999783657721]];

describe("bfgs with the Moré–Thuente line search (default) against scipy.optimize.minimize(method='BFGS')", () => {
  it("rosenbrock from (−1.5, 2): |x − x*|∞ ≤ 2.2e-8 within 44 evaluations", () => {
    const p = problems.reference("rosenbrock");
    const r = secondOrder.bfgs(p.objective, { x0: p.x0 });
    const k = r.trajectory.findIndex((x) => errInf(x, p.xStar!) <= 2.2e-8);
    expect(k).toBeGreaterThanOrEqual(0);
    expect(r.evaluationsAt[k]).toBeLessThanOrEqual(44);
    expect(r.evaluations).toBeLessThanOrEqual(44);
    expect(errInf(r.x, p.xStar!)).toBeLessThanOrEqual(2.2e-8);
    expect(r.converged).toBe(true);
  });

  it("rosenbrock: evaluates the same 44 points as SciPy (rounding drift < 1e-7)", () => {
    const p = problems.reference("rosenbrock");
    const seen: Vec[] = [];
    const spy = { ...p.objective, f: (x: Vec) => (seen.push(Float64Array.from(x)), p.objective.f(x)) };
    secondOrder.bfgs(spy, { x0: p.x0 });
    expect(seen.length).toBe(scipyRosenbrock.length);
    scipyRosenbrock.forEach((q, k) => expect(errInf(seen[k], q), `point ${k}`).toBeLessThanOrEqual(1e-7));
  });

  it("default tolerances on the four problems: SciPy's evaluation counts and accuracy", () => {
    // SciPy 1.17 (and 1.10, issue #5): nfev and |x − x*|∞
    const scipy = { quad5: [9, 1.6e-7], rosenbrock: [44, 2.2e-8], logreg: [29, 8.0e-5], logreg_l2: [21, 4.4e-5] } as const;
    for (const name of ["quad5", "rosenbrock", "logreg", "logreg_l2"] as const) {
      const [nfev, err] = scipy[name];
      const p = problems.reference(name);
      const r = secondOrder.bfgs(p.objective, { x0: p.x0 });
      expect(r.evaluations, name).toBe(nfev);
      expect(errInf(r.x, p.xStar!), name).toBeLessThanOrEqual(err * 1.02);
      expect(r.lineSearchFallbacks, name).toBe(0);
    }
  });

  it('lineSearch: "strong-wolfe" keeps the Nocedal–Wright zoom available; bad values are rejected', () => {
    const p = problems.reference("rosenbrock");
    const r = secondOrder.bfgs(p.objective, { x0: p.x0, lineSearch: "strong-wolfe", gradTol: 1e-9 });
    expect(r.converged).toBe(true);
    expect(errInf(r.x, p.xStar!)).toBeLessThanOrEqual(1e-6);
    expect(() => secondOrder.bfgs(p.objective, { x0: p.x0, lineSearch: "armijo" as never })).toThrow(
      /secondOrder.bfgs: parameter 'lineSearch' must be "more-thuente" or "strong-wolfe", got armijo/,
    );
  });
});

describe("moreThuente (public, along a direction)", () => {
  it("returns a step satisfying both strong Wolfe conditions on rosenbrock along −∇f (checked independently)", () => {
    expectStrongWolfeSteps(secondOrder.moreThuente, (r, x) => expect(Array.from(r.x)).toEqual(Array.from(x)));
  });

  it("rejects an ascent direction and bad options before evaluating anything else", () => {
    const p = problems.reference("rosenbrock");
    expect(() => secondOrder.moreThuente(p.objective, p.x0, p.objective.grad(p.x0))).toThrow(/parameter 'd' must be a descent direction/);
    const d = p.objective.grad(p.x0).map((v) => -v);
    expect(() => secondOrder.moreThuente(p.objective, p.x0, d, { c1: 0.5, c2: 0.1 })).toThrow(/parameter 'c2' must be greater than c1 = 0.5, got 0.1/);
    expect(() => secondOrder.moreThuente(p.objective, p.x0, d, { t: -1 })).toThrow(/parameter 't' must be a number > 0/);
    expect(() => secondOrder.moreThuente(p.objective, p.x0, d, { xtol: -1 })).toThrow(/parameter 'xtol' must be a finite number ≥ 0, got -1/);
  });
});
