/**
 * AdaGrad's motivating case (Duchi, Hazan & Singer 2011): binary features of very different frequencies.
 * A rare feature's weight receives a gradient only in the few examples where the feature is on, so a single
 * global learning rate is either too small for it or too large for the frequent ones; AdaGrad's per-coordinate
 * rate ε/√(Σg²) is large exactly where the gradients have been rare.
 */
import { rng } from "../../rng";
import { fail, knownOptions, positiveInt } from "../../args";

export interface SparseFeatureData {
  /** n × d matrix of 0/1 features; feature j is on with probability frequency[j]. */
  X: number[][];
  /** Labels in {0, 1} drawn from a logistic model with weights wTrue (no bias). */
  y: number[];
  frequency: number[];
  wTrue: number[];
}

/** Seeded logistic-regression data whose feature frequencies fall geometrically from maxFrequency to minFrequency. */
export function sparseFeatureData(options: { examples: number; features: number; maxFrequency?: number; minFrequency?: number; seed: number }): SparseFeatureData {
  const fn = "lab.sparseFeatureData";
  knownOptions(fn, options, ["examples", "features", "maxFrequency", "minFrequency", "seed"]);
  const n = positiveInt(fn, "examples", options.examples);
  const dim = positiveInt(fn, "features", options.features);
  if (dim < 2) fail(fn, "features", "an integer ≥ 2", dim);
  const hi = options.maxFrequency ?? 0.5;
  const lo = options.minFrequency ?? 0.005;
  if (typeof hi !== "number" || !(hi > 0 && hi <= 1)) fail(fn, "maxFrequency", "a number in (0, 1]", hi);
  if (typeof lo !== "number" || !(lo > 0 && lo <= hi)) fail(fn, "minFrequency", `a number in (0, maxFrequency = ${hi}]`, lo);
  if (typeof options.seed !== "number" || !Number.isFinite(options.seed)) fail(fn, "seed", "a finite number", options.seed);
  const r = rng(options.seed);
  const frequency = Array.from({ length: dim }, (_, j) => hi * Math.pow(lo / hi, j / (dim - 1)));
  // Every weight matters as much per occurrence: magnitudes 1 to 2, random signs.
  const wTrue = frequency.map(() => (r() < 0.5 ? -1 : 1) * (1 + r()));
  const X: number[][] = Array.from({ length: n }, () => frequency.map((p) => (r() < p ? 1 : 0)));
  const y = X.map((x) => {
    const z = x.reduce((s: number, v: number, j: number) => s + v * wTrue[j], 0);
    return r() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  });
  return { X, y, frequency, wTrue };
}
