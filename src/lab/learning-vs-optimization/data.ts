/** Synthetic data from a known distribution, so true risks and minimizers are known (§8.1.1). */
import { rng } from "../../rng";
import { fail, finite, positiveInt } from "../../args";

/**
 * Two-class data: x ~ N(0, I_d), y = 1 when wᵀx + b > 0 for a fixed unit w. `labelNoise` flips that share
 * of labels at random (a non-separable problem with a finite minimizer); 0 keeps the classes separable.
 * `margin` > 0 redraws points closer than that to the boundary wᵀx + b = 0 (a separable problem with a gap).
 */
export function syntheticClassification(opts: { n: number; dim: number; seed: number; labelNoise?: number; bias?: number; margin?: number }): {
  X: number[][];
  y: number[];
  direction: number[];
} {
  const fn = "lab.syntheticClassification";
  if (!opts || typeof opts !== "object") fail(fn, "options", "an object { n, dim, seed, labelNoise? }", opts);
  const n = positiveInt(fn, "n", opts.n);
  const dim = positiveInt(fn, "dim", opts.dim);
  const r = rng(finite(fn, "seed", opts.seed));
  const noise = opts.labelNoise ?? 0;
  if (typeof noise !== "number" || !(noise >= 0 && noise <= 0.5)) fail(fn, "labelNoise", "a number in [0, 0.5]", noise);
  const bias = finite(fn, "bias", opts.bias ?? 0);
  const margin = finite(fn, "margin", opts.margin ?? 0);
  if (margin < 0 || margin > 2) fail(fn, "margin", "a number in [0, 2]", margin);
  const raw = Array.from({ length: dim }, () => r.normal());
  const len = Math.hypot(...raw);
  const direction = raw.map((v) => v / len);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    let x = Array.from({ length: dim }, () => r.normal());
    while (Math.abs(x.reduce((s, v, j) => s + v * direction[j], bias)) < margin) x = Array.from({ length: dim }, () => r.normal());
    const clean = x.reduce((s, v, j) => s + v * direction[j], bias) > 0 ? 1 : 0;
    X.push(x);
    y.push(r() < noise ? 1 - clean : clean);
  }
  return { X, y, direction };
}

/** The 0-1 loss of logistic regression θ = [w…, b]: the share of examples with sign(wᵀx + b) wrong. */
export function zeroOneLoss(theta: ArrayLike<number>, X: number[][], y: ArrayLike<number>): number {
  const fn = "lab.zeroOneLoss";
  if (!Array.isArray(X) || X.length === 0) fail(fn, "X", "a non-empty matrix", X);
  if (!theta || theta.length !== X[0].length + 1) fail(fn, "theta", `a vector of length ${X[0].length + 1} (weights and bias)`, theta);
  if (!y || y.length !== X.length) fail(fn, "y", `${X.length} labels`, y);
  const d = X[0].length;
  let wrong = 0;
  X.forEach((x, i) => {
    let z = theta[d];
    for (let j = 0; j < d; j++) z += theta[j] * x[j];
    if ((z > 0 ? 1 : 0) !== y[i]) wrong++;
  });
  return wrong / X.length;
}
