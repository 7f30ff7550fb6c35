/**
 * Optimizers fed a prescribed gradient sequence instead of an objective: the online and minibatch
 * counterexamples of §8.5 (Reddi et al. 2018's drift of Adam, Rprop's minibatch drift, Riedmiller &
 * Braun 1993) and the effective per-coordinate learning rate of AdaGrad vs RMSProp (Algs. 8.4, 8.5).
 */
import type { Optimizer } from "../../optim";
import { fail, finiteArray, positiveInt } from "../../args";

export interface GradientStreamOptions {
  x0: ArrayLike<number>;
  steps: number;
  /** Gradient at step t (0-based) and the current iterate; must have x0's length. */
  gradient: (t: number, x: Float64Array) => ArrayLike<number>;
  /** Projection onto [lo, hi] in every coordinate after each step (the feasible set of online learning). */
  bounds?: [number, number];
}

/** Iterates x_0 … x_steps of `optimizer` driven by `gradient(t, x)`, projected onto `bounds` if given. */
export function runOnGradients(optimizer: Optimizer, options: GradientStreamOptions): number[][] {
  const fn = "lab.runOnGradients";
  if (!optimizer || typeof optimizer.step !== "function") fail(fn, "optimizer", "an optimizer (optim.*, book.* or chain(...))", optimizer);
  if (!options || typeof options !== "object") fail(fn, "options", "an object { x0, steps, gradient }", options);
  const x = Float64Array.from(finiteArray(fn, "x0", options.x0));
  const steps = options.steps === 0 ? 0 : positiveInt(fn, "steps", options.steps);
  if (typeof options.gradient !== "function") fail(fn, "gradient", "a function (t, x) => number[]", options.gradient);
  const bounds = options.bounds;
  if (bounds !== undefined && !(Array.isArray(bounds) && bounds.length === 2 && bounds[0] < bounds[1])) {
    fail(fn, "bounds", "a pair [lo, hi] with lo < hi", bounds);
  }
  const state = optimizer.init(x);
  const out = [Array.from(x)];
  for (let t = 0; t < steps; t++) {
    const g = Float64Array.from(options.gradient(t, x.slice()));
    if (g.length !== x.length || !g.every(Number.isFinite)) fail(fn, "gradient", `a function returning ${x.length} finite numbers`, Array.from(g));
    optimizer.step(x, g, state);
    if (bounds) for (let i = 0; i < x.length; i++) x[i] = Math.min(bounds[1], Math.max(bounds[0], x[i]));
    out.push(Array.from(x));
  }
  return out;
}

/**
 * The learning rate each coordinate effectively got at every step, −Δθ_i / g_i, for a fixed
 * gradient sequence. For a diagonal method without momentum this is exactly ε/(δ + √r_i) (AdaGrad)
 * or ε/√(δ + r_i) (RMSProp); rates[t][i] belongs to gradients[t].
 */
export function effectiveRates(optimizer: Optimizer, gradients: ArrayLike<number>[]): number[][] {
  const fn = "lab.effectiveRates";
  if (!Array.isArray(gradients) || gradients.length === 0) fail(fn, "gradients", "a non-empty array of gradient vectors", gradients);
  const g = gradients.map((v, t) => {
    const a = finiteArray(fn, `gradients[${t}]`, v);
    a.forEach((gi, i) => gi !== 0 || fail(fn, `gradients[${t}][${i}]`, "non-zero (the rate is −Δθ/g)", gi));
    return a;
  });
  const n = g[0].length;
  g.forEach((v, t) => v.length === n || fail(fn, `gradients[${t}]`, `a vector of length ${n} like gradients[0]`, v.length));
  const path = runOnGradients(optimizer, { x0: new Array(n).fill(0), steps: g.length, gradient: (t) => g[t] });
  return g.map((gt, t) => gt.map((gi, i) => -(path[t + 1][i] - path[t][i]) / gi));
}

/**
 * Two coordinates whose gradient magnitudes start at `from` and relax exponentially to `to` with the
 * given half-life (in steps): the non-stationary problem on which AdaGrad's accumulated history
 * shrinks both rates alike while RMSProp's moving average follows the new scale.
 */
export function relaxingGradients(options: { steps: number; from: number[]; to: number[]; halfLife: number }): number[][] {
  const fn = "lab.relaxingGradients";
  const steps = positiveInt(fn, "steps", options.steps);
  const from = finiteArray(fn, "from", options.from);
  const to = finiteArray(fn, "to", options.to);
  if (to.length !== from.length) fail(fn, "to", `an array of length ${from.length} like from`, to.length);
  const h = options.halfLife;
  if (typeof h !== "number" || !(h > 0) || !Number.isFinite(h)) fail(fn, "halfLife", "a finite number > 0", h);
  return Array.from({ length: steps }, (_, t) => from.map((a, i) => to[i] + (a - to[i]) * Math.pow(0.5, t / h)));
}
