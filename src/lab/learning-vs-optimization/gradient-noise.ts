/**
 * How accurate is a minibatch gradient (§8.1.3)? With m examples drawn independently, the estimate's
 * error has E‖ĝ − g‖² = σ²/m, σ² = mean_i ‖g_i − g‖² the per-example spread: its standard error falls
 * like σ/√m, so 100× the examples buy only 10× the accuracy.
 */
import { rng } from "../../rng";
import type { Vec } from "../../types";
import { fail, finite, positiveInt } from "../../args";

export interface GradientSource {
  /** Number of examples. */
  n: number;
  /** Mean gradient over the examples `idx`. */
  batchGrad(x: Vec, idx: ArrayLike<number>): Vec;
}

export interface MinibatchGradientError {
  sizes: number[];
  /** Root-mean-square error √(mean over draws ‖ĝ_m − g‖²) of the minibatch gradient. */
  rmsError: number[];
  /** Per-example spread σ = √(mean_i ‖g_i − g‖²); σ/√m is the predicted rmsError. */
  sigma: number;
}

/** Measures the minibatch gradient's error against the full gradient at x, for each batch size m (drawn with replacement). */
export function minibatchGradientError(source: GradientSource, x: ArrayLike<number>, opts: { sizes: number[]; draws: number; seed: number }): MinibatchGradientError {
  const fn = "lab.minibatchGradientError";
  if (!source || typeof source.batchGrad !== "function") fail(fn, "source", "a minibatch objective (with n and batchGrad)", source);
  if (!opts || typeof opts !== "object") fail(fn, "options", "an object { sizes, draws, seed }", opts);
  const draws = positiveInt(fn, "draws", opts.draws);
  const r = rng(finite(fn, "seed", opts.seed));
  const n = source.n;
  const point = Float64Array.from(x);
  if (!Array.isArray(opts.sizes) || opts.sizes.length === 0) fail(fn, "sizes", "a non-empty array of positive integers", opts.sizes);
  opts.sizes.forEach((m, i) => (Number.isInteger(m) && m > 0) || fail(fn, `sizes[${i}]`, "a positive integer", m));
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const g = source.batchGrad(point, all);
  const dist2 = (a: Vec) => a.reduce((s, v, j) => s + (v - g[j]) ** 2, 0);
  let spread = 0;
  for (let i = 0; i < n; i++) spread += dist2(source.batchGrad(point, [i]));
  const rmsError = opts.sizes.map((m) => {
    let sum = 0;
    for (let k = 0; k < draws; k++) sum += dist2(source.batchGrad(point, Int32Array.from({ length: m }, () => r.int(n))));
    return Math.sqrt(sum / draws);
  });
  return { sizes: [...opts.sizes], rmsError, sigma: Math.sqrt(spread / n) };
}

/**
 * The same cost, with each gradient the mean over `batchSize` examples drawn independently WITH
 * replacement — the i.i.d. sampling the classical SGD rates assume (per-epoch reshuffling converges faster).
 */
export function withReplacement<T extends GradientSource & { name: string; dim: number; f(x: Vec): number; hessian(x: Vec): number[][] }>(
  source: T,
  opts: { batchSize: number; seed: number },
): { name: string; dim: number; f(x: Vec): number; grad(x: Vec): Vec; hessian(x: Vec): number[][] } {
  const fn = "lab.withReplacement";
  if (!source || typeof source.batchGrad !== "function") fail(fn, "source", "a minibatch objective (with n and batchGrad)", source);
  if (!opts || typeof opts !== "object") fail(fn, "options", "an object { batchSize, seed }", opts);
  const m = positiveInt(fn, "batchSize", opts.batchSize);
  const r = rng(finite(fn, "seed", opts.seed));
  return {
    name: `${source.name}, ${m} i.i.d. examples per step`,
    dim: source.dim,
    f: (x) => source.f(x),
    grad: (x) => source.batchGrad(x, Int32Array.from({ length: m }, () => r.int(source.n))),
    hessian: (x) => source.hessian(x),
  };
}
