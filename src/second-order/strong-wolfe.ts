import type { Vec } from "../types";
import { nonNegative, positiveInt } from "../args";
import { along, checkLineArgs, checkWolfeConstants, dot, infNorm, Recorder, startSlope } from "./common";
import type { SmoothObjective } from "./types";

/**
 * Minimizer of the cubic through (t1, f1, g1) and (t2, f2, g2), clamped to [lo, hi]
 * (Nocedal & Wright eq. 3.59); the midpoint when the cubic has no minimizer or data are not finite.
 */
export function cubicInterpolate(t1: number, f1: number, g1: number, t2: number, f2: number, g2: number, bounds?: [number, number]): number {
  const [lo, hi] = bounds ?? (t1 <= t2 ? [t1, t2] : [t2, t1]);
  if (![t1, f1, g1, t2, f2, g2].every(Number.isFinite) || t1 === t2) return (lo + hi) / 2;
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (t1 - t2);
  const d2sq = d1 * d1 - g1 * g2;
  if (!(d2sq >= 0)) return (lo + hi) / 2;
  const d2 = Math.sqrt(d2sq);
  const tMin = t1 <= t2 ? t2 - (t2 - t1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : t1 - (t1 - t2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
  if (!Number.isFinite(tMin)) return (lo + hi) / 2;
  return Math.min(Math.max(tMin, lo), hi);
}

export interface LineSearchOptions {
  /** Sufficient-decrease constant (Armijo), 0 < c1 < c2 < 1. */
  c1?: number;
  /** Curvature constant: |φ'(t)| ≤ c2·|φ'(0)|. 0.9 for quasi-Newton, 0.1 for nonlinear CG. */
  c2?: number;
  /** Stop zooming once the bracket is shorter than this (in units of ‖d‖∞), as torch does. */
  toleranceChange?: number;
  /** Most evaluations in one search. */
  maxLs?: number;
}

export interface LineSearchTrial {
  t: number;
  f: number;
  /** φ'(t) = ∇f(x + t·d)ᵀd */
  gtd: number;
}

export interface LineSearchOutcome {
  t: number;
  f: number;
  g: Vec;
  evaluations: number;
  /** Whether the returned step satisfies both strong Wolfe conditions. */
  satisfied: boolean;
  trials: LineSearchTrial[];
}

interface End {
  t: number;
  f: number;
  g: Vec;
  gtd: number;
}

/**
 * Strong-Wolfe line search, Nocedal & Wright Alg. 3.5 (bracketing) + 3.6 (zoom) with cubic
 * interpolation, following the rules of torch.optim.lbfgs._strong_wolfe so that evaluation counts
 * are comparable. `evaluate(t)` returns f and ∇f at x + t·d; non-finite f counts as +∞ (step too long).
 */
export function strongWolfeSearch(
  evaluate: (t: number) => { f: number; g: Vec },
  d: Vec,
  f0: number,
  g0: Vec,
  gtd0: number,
  tInit: number,
  { c1 = 1e-4, c2 = 0.9, toleranceChange = 1e-9, maxLs = 25 }: LineSearchOptions = {},
): LineSearchOutcome {
  const dNorm = infNorm(d);
  const trials: LineSearchTrial[] = [];
  let evaluations = 0;
  const at = (t: number): End => {
    evaluations++;
    const { f, g } = evaluate(t);
    const fSafe = Number.isFinite(f) ? f : Infinity;
    const gtd = dot(g, d);
    trials.push({ t, f: fSafe, gtd });
    return { t, f: fSafe, g, gtd };
  };
  // f within 1e-12·|f0| of f0 counts as "not increased" (an approximate Wolfe condition, Hager & Zhang
  // 2005): near a minimum, rounding in f hides decreases long before ∇f stops resolving them, and the
  // curvature test, which uses the still-accurate gradient, should then decide.
  const roundingSlack = 1e-12 * Math.abs(f0);
  const armijo = (p: End) => p.f <= f0 + c1 * p.t * gtd0 + roundingSlack;
  const curvature = (p: End) => Math.abs(p.gtd) <= -c2 * gtd0;

  let prev: End = { t: 0, f: f0, g: g0, gtd: gtd0 };
  let cur = at(tInit);
  let bracket: [End, End] | null = null;
  let found: End | null = null;
  let iter = 0;
  // Bracketing phase (Alg. 3.5): expand until an interval must contain a strong-Wolfe point.
  while (iter < maxLs) {
    if (!armijo(cur) || (iter > 1 && cur.f >= prev.f + roundingSlack)) {
      bracket = [prev, cur];
      break;
    }
    if (curvature(cur)) {
      found = cur;
      break;
    }
    if (cur.gtd >= 0) {
      bracket = [prev, cur];
      break;
    }
    const tNext = cubicInterpolate(prev.t, prev.f, prev.gtd, cur.t, cur.f, cur.gtd, [cur.t + 0.01 * (cur.t - prev.t), cur.t * 10]);
    prev = cur;
    cur = at(tNext);
    iter++;
  }
  if (!found && !bracket) bracket = [{ t: 0, f: f0, g: g0, gtd: gtd0 }, cur];

  // Zoom phase (Alg. 3.6): shrink the bracket, keeping `low` the end with the lower f.
  if (!found && bracket) {
    let low = bracket[0].f <= bracket[1].f ? 0 : 1;
    let insufficientProgress = false;
    while (iter < maxLs) {
      const a = bracket[0];
      const b = bracket[1];
      if (Math.abs(b.t - a.t) * dNorm < toleranceChange) break;
      let t = cubicInterpolate(a.t, a.f, a.gtd, b.t, b.f, b.gtd);
      const hiT = Math.max(a.t, b.t);
      const loT = Math.min(a.t, b.t);
      const eps = 0.1 * (hiT - loT);
      // Keep trial points away from the bracket ends, or the bracket may never shrink.
      if (Math.min(hiT - t, t - loT) < eps) {
        if (insufficientProgress || t >= hiT || t <= loT) {
          t = Math.abs(t - hiT) < Math.abs(t - loT) ? hiT - eps : loT + eps;
          insufficientProgress = false;
        } else insufficientProgress = true;
      } else insufficientProgress = false;
      const p = at(t);
      iter++;
      const high = 1 - low;
      if (!armijo(p) || p.f >= bracket[low].f + roundingSlack) {
        bracket[high] = p;
        low = bracket[0].f <= bracket[1].f ? 0 : 1;
      } else {
        if (curvature(p)) found = p;
        else if (p.gtd * (bracket[high].t - bracket[low].t) >= 0) bracket[high] = bracket[low];
        bracket[low] = p;
        if (found) break;
      }
    }
    if (!found) found = bracket[low];
  }
  const best = found as End;
  return { t: best.t, f: best.f, g: best.g, evaluations, satisfied: best.t > 0 && armijo(best) && curvature(best), trials };
}

/**
 * Public strong-Wolfe line search along d from x (Nocedal & Wright Alg. 3.5/3.6, cubic
 * interpolation): returns the step t, the new point and every trial, for notebooks to draw φ(t).
 */
export function strongWolfe(
  objective: SmoothObjective,
  x: ArrayLike<number>,
  d: ArrayLike<number>,
  options: LineSearchOptions & { t?: number } = {},
): LineSearchOutcome & { x: Vec } {
  const fn = "secondOrder.strongWolfe";
  const { obj, x0, dir } = checkLineArgs(fn, objective, x, d);
  const { t = 1, c1 = 1e-4, c2 = 0.9, toleranceChange = 1e-9, maxLs = 25 } = options;
  if (!(typeof t === "number" && t > 0 && Number.isFinite(t))) throw new Error(`${fn}: parameter 't' must be a finite number > 0, got ${String(t)}`);
  checkWolfeConstants(fn, c1, c2);
  nonNegative(fn, "toleranceChange", toleranceChange);
  positiveInt(fn, "maxLs", maxLs);
  const rec = new Recorder(obj);
  const start = rec.evaluate(x0);
  const gtd0 = startSlope(fn, start.f, start.g, dir);
  const out = strongWolfeSearch((s) => rec.evaluate(along(x0, s, dir)), dir, start.f, start.g, gtd0, t, { c1, c2, toleranceChange, maxLs });
  return { ...out, x: along(x0, out.t, dir) };
}
