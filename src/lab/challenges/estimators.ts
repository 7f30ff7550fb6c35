/**
 * Inexact gradients (§8.2.6): minimizing J(θ) = ½E[(θ − x)²], x ~ Exp(1), whose minimum is E[x] = 1. The
 * per-example gradient θ − x is unbiased; clipping it to [−c, c] (as per-example clipping does) gives a
 * biased estimate, and SGD then settles where the *clipped* mean vanishes — not at the minimum.
 */
import { rng } from "../../rng";
import { fail, finite, positive, positiveInt } from "../../args";

/** E[clip(θ − x, −c, c)] for x ~ Exp(1), in closed form (the mean drift of clipped SGD at θ). */
export function clippedDrift(theta: number, c: number): number {
  const fn = "lab.clippedDrift";
  finite(fn, "theta", theta);
  positive(fn, "c", c);
  // Split x into: x < θ − c (clip at +c), θ − c ≤ x ≤ θ + c (θ − x), x > θ + c (clip at −c), over x ≥ 0.
  const cdf = (x: number) => (x <= 0 ? 0 : 1 - Math.exp(-x));
  // ∫ (θ − x) e^{−x} dx over [a, b] ∩ [0, ∞): antiderivative of (θ − x)e^{−x} is (x − θ + 1)e^{−x}.
  const middle = (a: number, b: number) => {
    const lo = Math.max(0, a);
    const hi = Math.max(0, b);
    if (hi <= lo) return 0;
    const F = (x: number) => (x - theta + 1) * Math.exp(-x);
    return F(hi) - F(lo);
  };
  return c * cdf(theta - c) + middle(theta - c, theta + c) - c * (1 - cdf(theta + c));
}

/** The point where clipped SGD's mean drift is zero (bisection on the monotone drift). */
export function clippedFixedPoint(c: number): number {
  positive("lab.clippedFixedPoint", "c", c);
  let lo = -c;
  let hi = 50 + c;
  for (let k = 0; k < 200; k++) {
    const mid = 0.5 * (lo + hi);
    if (clippedDrift(mid, c) > 0) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * SGD θ ← θ − εₖ ĝ with one example x ~ Exp(1) a step, ĝ = θ − x (unbiased) or clip(θ − x, −c, c) (biased),
 * εₖ = ε₀/(1 + k/k₀) so the noise averages out and only the bias remains. Returns θₖ for k = 0 … steps.
 */
export function sgdOnExponentialMean(opts: { clip?: number; steps: number; seed: number; epsilon0?: number; k0?: number; theta0?: number }): number[] {
  const fn = "lab.sgdOnExponentialMean";
  const steps = positiveInt(fn, "steps", opts.steps);
  const r = rng(finite(fn, "seed", opts.seed));
  const c = opts.clip === undefined ? Infinity : positive(fn, "clip", opts.clip);
  const epsilon0 = positive(fn, "epsilon0", opts.epsilon0 ?? 0.5);
  const k0 = positive(fn, "k0", opts.k0 ?? 10);
  let theta = finite(fn, "theta0", opts.theta0 ?? 0);
  const out = [theta];
  for (let k = 0; k < steps; k++) {
    const x = -Math.log(1 - r());
    const g = Math.max(-c, Math.min(c, theta - x));
    theta -= (epsilon0 / (1 + k / k0)) * g;
    out.push(theta);
  }
  if (!out.every(Number.isFinite)) fail(fn, "epsilon0", "a rate small enough that SGD stays finite", epsilon0);
  return out;
}
