import { affine, contiguousGroups, standardize, standardizeBackward } from "./grouped";
import { flatten, nest, positiveEps, sameShape, show, vector } from "./validate";

export type LayerInput = number[] | number[][] | number[][][];

export interface AffineResult<T> {
  Y: T;
  backward(dY: T): { dX: T; dweight: number[]; dbias: number[] };
}

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
  const weight = vector(fn, "weight", opts.weight, d, 1);
  const bias = vector(fn, "bias", opts.bias, d, 0);
  const eps = positiveEps(fn, opts.eps);
  const grouping = contiguousGroups(x.data.length, d, d, (e) => e % d);
  const norm = standardize(x.data, grouping, eps);
  return {
    Y: nest(affine(norm.xhat, grouping, weight, bias), x.shape),
    backward(dY: T) {
      const dy = flatten(`${fn} backward`, "dY", dY, [x.shape.length]);
      sameShape(`${fn} backward`, "dY", dy, x.shape);
      const g = standardizeBackward(dy.data, norm, grouping, weight);
      return { dX: nest(g.dx, x.shape), dweight: Array.from(g.dweight), dbias: Array.from(g.dbias) };
    },
  };
}
