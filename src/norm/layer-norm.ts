import { contiguousGroups, normalizeAffine, type AffineResult } from "./grouped";
import { flatten, show } from "./validate";

export type { AffineResult } from "./grouped";

export type LayerInput = number[] | number[][] | number[][][];

/**
 * Layer normalization (Ba, Kiros & Hinton 2016) over the last dimension, like torch.nn.LayerNorm(D):
 * each row is standardized with its own mean and biased variance, then scaled by `weight` and shifted by `bias`
 * (per feature; defaults ones and zeros). Independent of the batch, so it behaves the same in training and evaluation.
 */
export function layerNorm<T extends LayerInput>(opts: { X: T; weight?: ArrayLike<number>; bias?: ArrayLike<number>; eps?: number }): AffineResult<T> {
  const fn = "norm.layerNorm";
  if (opts === null || typeof opts !== "object") throw new Error(`${fn}: parameter 'options' must be an object, got ${show(opts)}`);
  const x = flatten(fn, "X", opts.X, [1, 2, 3], "a vector, matrix or 3-D array");
  const d = x.shape[x.shape.length - 1];
  return normalizeAffine(fn, opts, x, contiguousGroups(x.data.length, d, d, (e) => e % d));
}
