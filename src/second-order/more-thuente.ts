import type { Vec } from "../types";
import { nonNegative, positiveInt } from "../args";
import { along, checkLineArgs, checkWolfeConstants, dot, startSlope } from "./common";
import type { LineSearchOutcome, LineSearchTrial } from "./strong-wolfe";
import type { SmoothObjective } from "./types";

export interface MoreThuenteOptions {
  /** Sufficient-decrease constant (MINPACK-2's ftol), 0 < c1 < c2 < 1. */
  c1?: number;
  /** Curvature constant (gtol): |φ'(t)| ≤ c2·|φ'(0)|. */
  c2?: number;
  /** Give up once the bracket is shorter than xtol·(its right end), a relative tolerance. */
  xtol?: number;
  /** Bounds on the step (SciPy's BFGS passes 1e-100 and 1e100). */
  stpMin?: number;
  stpMax?: number;
  /** Most evaluations in one search (SciPy's scalar_search_wolfe1 allows 100). */
  maxLs?: number;
}

/**
 * How the search ended: "converged" when both strong Wolfe conditions hold; otherwise the warning
 * MINPACK-2's dcsrch would give (bracket below xtol, a step bound reached, rounding) or the budget.
 */
export type MoreThuenteStatus = "converged" | "xtol" | "rounding" | "stpMax" | "stpMin" | "maxLs";

export interface MoreThuenteOutcome extends LineSearchOutcome {
  status: MoreThuenteStatus;
}

/** One end of the interval of uncertainty: step, φ and φ'. */
interface Point {
  t: number;
  f: number;
  d: number;
}

interface Interval {
  x: Point; // the best step so far (lowest ψ or φ), φ'(x)·(step − x) < 0 towards the minimizer
  y: Point; // the other end
  bracketed: boolean;
}

/**
 * Moré & Thuente's safeguarded step (1994, §4, MINPACK-2 dcstep): from the interval (x, y) and the
 * trial p, choose the next trial by cubic / quadratic / secant interpolation according to which of
 * four cases holds, and update the interval so that it still contains a minimizer.
 * `lo`, `hi` bound the step while nothing is bracketed. Returns the new interval, the next trial,
 * and whether p became the best step.
 */
export function moreThuenteStep(iv: Interval, p: Point, lo: number, hi: number): { interval: Interval; next: number; pIsBest: boolean } {
  const { x, y } = iv;
  let bracketed = iv.bracketed;
  const signFlip = p.d * Math.sign(x.d) < 0; // φ' changes sign between x and p
  // θ and γ of the cubic through (a, φa, φ'a) and (b, φb, φ'b); scaling by s keeps the square root
  // from overflowing. γ takes the sign that selects the cubic's minimizer (Moré & Thuente §4).
  const cubicTerms = (a: Point, b: Point, clampRoot: boolean): { theta: number; gamma: number } => {
    const theta = (3 * (a.f - b.f)) / (b.t - a.t) + a.d + b.d;
    const s = Math.max(Math.abs(theta), Math.abs(a.d), Math.abs(b.d));
    const disc = (theta / s) ** 2 - (a.d / s) * (b.d / s);
    const gamma = s * Math.sqrt(clampRoot ? Math.max(0, disc) : disc);
    return { theta, gamma: b.t > a.t ? -gamma : gamma };
  };
  let next: number;
  if (p.f > x.f) {
    // Case 1: higher φ, a minimizer lies between x and p. Take the cubic step if it is closer to x
    // than the quadratic step (through φ(x), φ'(x), φ(p)), else their average.
    const theta = (3 * (x.f - p.f)) / (p.t - x.t) + x.d + p.d;
    const s = Math.max(Math.abs(theta), Math.abs(x.d), Math.abs(p.d));
    let gamma = s * Math.sqrt((theta / s) ** 2 - (x.d / s) * (p.d / s));
    if (p.t < x.t) gamma = -gamma;
    const r = (gamma - x.d + theta) / (gamma - x.d + gamma + p.d);
    const cubic = x.t + r * (p.t - x.t);
    const quadratic = x.t + (x.d / ((x.f - p.f) / (p.t - x.t) + x.d) / 2) * (p.t - x.t);
    next = Math.abs(cubic - x.t) < Math.abs(quadratic - x.t) ? cubic : cubic + (quadratic - cubic) / 2;
    bracketed = true;
  } else if (signFlip) {
    // Case 2: lower φ and φ' changes sign: bracketed. Take the cubic step if it is farther from p
    // than the secant step, else the secant step.
    const { theta, gamma } = cubicTerms(x, p, false);
    const r = (gamma - p.d + theta) / (gamma - p.d + gamma + x.d);
    const cubic = p.t + r * (x.t - p.t);
    const secant = p.t + (p.d / (p.d - x.d)) * (x.t - p.t);
    next = Math.abs(cubic - p.t) > Math.abs(secant - p.t) ? cubic : secant;
    bracketed = true;
  } else if (Math.abs(p.d) < Math.abs(x.d)) {
    // Case 3: lower φ, same sign, |φ'| decreasing. The cubic is used only if it tends to infinity
    // in the direction of the step or its minimizer lies beyond p; otherwise go to the step bound.
    const { theta, gamma } = cubicTerms(x, p, true);
    const r = (gamma - p.d + theta) / (gamma + (x.d - p.d) + gamma);
    const cubic = r < 0 && gamma !== 0 ? p.t + r * (x.t - p.t) : p.t > x.t ? hi : lo;
    const secant = p.t + (p.d / (p.d - x.d)) * (x.t - p.t);
    if (bracketed) {
      // closer of the two, but no more than 66% of the way to y, so that the interval shrinks
      next = Math.abs(cubic - p.t) < Math.abs(secant - p.t) ? cubic : secant;
      const cap = p.t + 0.66 * (y.t - p.t);
      next = p.t > x.t ? Math.min(cap, next) : Math.max(cap, next);
    } else {
      next = Math.abs(cubic - p.t) > Math.abs(secant - p.t) ? cubic : secant;
      next = Math.max(lo, Math.min(hi, next));
    }
  } else if (bracketed) {
    // Case 4: lower φ, same sign, |φ'| not decreasing: the cubic through p and y.
    const { theta, gamma } = cubicTerms(y, p, false);
    const r = (gamma - p.d + theta) / (gamma - p.d + gamma + y.d);
    next = p.t + r * (y.t - p.t);
  } else {
    next = p.t > x.t ? hi : lo;
  }
  let nx = x;
  let ny = y;
  const pIsBest = !(p.f > x.f);
  if (!pIsBest) ny = p;
  else {
    if (signFlip) ny = x;
    nx = p;
  }
  // A non-finite φ (treated as +∞) or derivative makes the interpolants NaN: bisect instead.
  if (!Number.isFinite(next)) next = bracketed ? (nx.t + ny.t) / 2 : p.t > x.t ? hi : lo;
  return { interval: { x: nx, y: ny, bracketed }, next, pIsBest };
}

interface Trial {
  t: number;
  f: number;
  g: Vec;
  gtd: number;
}

/**
 * Moré–Thuente line search (Moré & Thuente 1994, "Line search algorithms with guaranteed sufficient
 * decrease", ACM TOMS 20(3); MINPACK-2 dcsrch, the search SciPy's BFGS uses first): keeps an interval
 * of uncertainty, first for ψ(t) = φ(t) − φ(0) − c1·t·φ'(0) and, once a step with ψ ≤ 0 and φ' ≥ 0
 * is seen, for φ itself, choosing trials with the safeguarded step above and bisecting when the
 * interval does not shrink by 1/3 in two trials. Ends when the strong Wolfe conditions hold, or with a
 * warning status (and `satisfied: false`) returning the trial with the lowest φ.
 * `evaluate(t)` returns f and ∇f at x + t·d; a non-finite f counts as +∞.
 */
export function moreThuenteSearch(
  evaluate: (t: number) => { f: number; g: Vec },
  d: Vec,
  f0: number,
  g0: Vec,
  gtd0: number,
  tInit: number,
  { c1 = 1e-4, c2 = 0.9, xtol = 1e-14, stpMin = 0, stpMax = 1e100, maxLs = 100 }: MoreThuenteOptions = {},
): MoreThuenteOutcome {
  const trials: LineSearchTrial[] = [];
  const gtest = c1 * gtd0;
  let stage = 1; // 1: work on ψ; 2: work on φ
  let width = stpMax - stpMin;
  let widthBefore = 2 * width;
  let iv: Interval = { x: { t: 0, f: f0, d: gtd0 }, y: { t: 0, f: f0, d: gtd0 }, bracketed: false };
  let best: Trial = { t: 0, f: f0, g: g0, gtd: gtd0 };
  let t = Math.min(Math.max(tInit, stpMin), stpMax);
  let stmin = 0;
  let stmax = t + 4 * t;
  let status: MoreThuenteStatus = "maxLs";
  let cur: Trial = best;
  while (trials.length < maxLs) {
    const out = evaluate(t);
    const f = Number.isFinite(out.f) ? out.f : Infinity;
    cur = { t, f, g: out.g, gtd: dot(out.g, d) };
    trials.push({ t, f, gtd: cur.gtd });
    const ftest = f0 + t * gtest;
    if (stage === 1 && f <= ftest && cur.gtd >= 0) stage = 2;
    let warning: MoreThuenteStatus | null = null;
    if (iv.bracketed && (t <= stmin || t >= stmax)) warning = "rounding";
    if (iv.bracketed && stmax - stmin <= xtol * stmax) warning = "xtol";
    if (t === stpMax && f <= ftest && cur.gtd <= gtest) warning = "stpMax";
    if (t === stpMin && (f > ftest || cur.gtd >= gtest)) warning = "stpMin";
    if (f <= ftest && Math.abs(cur.gtd) <= -c2 * gtd0) {
      status = "converged";
      break;
    }
    if (warning) {
      status = warning;
      break;
    }
    let step: ReturnType<typeof moreThuenteStep>;
    if (stage === 1 && f <= iv.x.f && f > ftest) {
      // Lower φ but not yet sufficient decrease: interpolate ψ, whose minimizers satisfy the
      // Armijo condition, instead of φ (Moré & Thuente §3).
      const toPsi = (q: Point): Point => ({ t: q.t, f: q.f - q.t * gtest, d: q.d - gtest });
      const fromPsi = (q: Point): Point => ({ t: q.t, f: q.f + q.t * gtest, d: q.d + gtest });
      step = moreThuenteStep({ x: toPsi(iv.x), y: toPsi(iv.y), bracketed: iv.bracketed }, toPsi({ t, f, d: cur.gtd }), stmin, stmax);
      step.interval = { x: fromPsi(step.interval.x), y: fromPsi(step.interval.y), bracketed: step.interval.bracketed };
    } else {
      step = moreThuenteStep(iv, { t, f, d: cur.gtd }, stmin, stmax);
    }
    iv = step.interval;
    if (step.pIsBest) best = cur;
    let next = step.next;
    if (iv.bracketed) {
      // Bisect when two trials have not shrunk the interval to 2/3 of its size.
      if (Math.abs(iv.y.t - iv.x.t) >= 0.66 * widthBefore) next = iv.x.t + 0.5 * (iv.y.t - iv.x.t);
      widthBefore = width;
      width = Math.abs(iv.y.t - iv.x.t);
      stmin = Math.min(iv.x.t, iv.y.t);
      stmax = Math.max(iv.x.t, iv.y.t);
    } else {
      // Extrapolate by at least 1.1× and at most 4× the distance from the best step.
      stmin = next + 1.1 * (next - iv.x.t);
      stmax = next + 4 * (next - iv.x.t);
    }
    next = Math.min(Math.max(next, stpMin), stpMax);
    // No room left: evaluate the best step once more, which ends the search with a warning.
    if (iv.bracketed && (next <= stmin || next >= stmax || stmax - stmin <= xtol * stmax)) next = iv.x.t;
    t = next;
  }
  const satisfied = status === "converged";
  // dcsrch leaves the last trial as its answer; after a warning the lowest φ seen is more useful.
  const end = satisfied || cur.f <= best.f ? cur : best;
  return { t: end.t, f: end.f, g: end.g, evaluations: trials.length, satisfied, trials, status };
}

/**
 * Public Moré–Thuente line search along d from x (Moré & Thuente 1994, MINPACK-2 dcsrch): returns the
 * step t, the new point, every trial, and how the search ended, for notebooks to draw φ(t).
 */
export function moreThuente(
  objective: SmoothObjective,
  x: ArrayLike<number>,
  d: ArrayLike<number>,
  options: MoreThuenteOptions & { t?: number } = {},
): MoreThuenteOutcome & { x: Vec } {
  const fn = "secondOrder.moreThuente";
  const { obj, x0, dir } = checkLineArgs(fn, objective, x, d);
  const { t = 1, c1 = 1e-4, c2 = 0.9, xtol = 1e-14, stpMin = 0, stpMax = 1e100, maxLs = 100 } = options;
  checkWolfeConstants(fn, c1, c2);
  nonNegative(fn, "xtol", xtol);
  nonNegative(fn, "stpMin", stpMin);
  if (!(typeof stpMax === "number" && stpMax > stpMin)) throw new Error(`${fn}: parameter 'stpMax' must be a number > stpMin = ${stpMin}, got ${String(stpMax)}`);
  if (!(typeof t === "number" && t >= stpMin && t <= stpMax && t > 0)) throw new Error(`${fn}: parameter 't' must be a number > 0 in [stpMin, stpMax] = [${stpMin}, ${stpMax}], got ${String(t)}`);
  positiveInt(fn, "maxLs", maxLs);
  const start = obj.f(x0);
  const g0 = Float64Array.from(obj.grad(x0));
  const gtd0 = startSlope(fn, start, g0, dir);
  const out = moreThuenteSearch(
    (s) => {
      const p = along(x0, s, dir);
      return { f: obj.f(p), g: Float64Array.from(obj.grad(p)) };
    },
    dir,
    start,
    g0,
    gtd0,
    t,
    { c1, c2, xtol, stpMin, stpMax, maxLs },
  );
  return { ...out, x: along(x0, out.t, dir) };
}
