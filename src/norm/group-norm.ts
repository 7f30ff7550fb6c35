import { contiguousGroups, normalizeAffine, type AffineResult } from "./grouped";
import { flatten, show } from "./validate";

export type ChannelInput = number[][] | number[][][];

function grouped<T extends ChannelInput>(
  fn: string,
  opts: { X: T; weight?: ArrayLike<number>; bias?: ArrayLike<number>; eps?: number },
  numGroups: (c: number, l: number) => number,
): AffineResult<T> {
  const x = flatten(fn, "X", opts.X, [2, 3]);
  const [n, c] = x.shape;
  const l = x.shape.length === 3 ? x.shape[2] : 1;
  const g = numGroups(c, l);
  // In [N, C, L] order a group of C/G channels for one sample is one contiguous block of (C/G)·L values.
  const size = (c / g) * l;
  return normalizeAffine(fn, opts, x, contiguousGroups(n * c * l, size, c, (e) => Math.floor(e / l) % c));
}

/**
 * Group normalization (Wu & He 2018), torch.nn.GroupNorm: per sample, the C channels are split into
 * `numGroups` groups that are standardized together (biased variance), then a per-channel affine map.
 * X is N×C×L (or N×C).
 */
export function groupNorm<T extends ChannelInput>(opts: {
  X: T;
  numGroups: number;
  weight?: ArrayLike<number>;
  bias?: ArrayLike<number>;
  eps?: number;
}): AffineResult<T> {
  const fn = "norm.groupNorm";
  if (opts === null || typeof opts !== "object") throw new Error(`${fn}: parameter 'options' must be an object, got ${show(opts)}`);
  return grouped(fn, opts, (c) => {
    const g = opts.numGroups;
    if (typeof g !== "number" || !Number.isInteger(g) || g <= 0 || c % g !== 0) {
      throw new Error(`${fn}: parameter 'numGroups' must be a positive integer dividing the ${c} channels, got ${show(g)}`);
    }
    return g;
  });
}

/**
 * Instance normalization (Ulyanov et al. 2016), torch.nn.InstanceNorm1d(affine=True) without running stats:
 * each (sample, channel) row of length L is standardized on its own. X is N×C×L with L > 1.
 */
export function instanceNorm<T extends number[][][]>(opts: {
  X: T;
  weight?: ArrayLike<number>;
  bias?: ArrayLike<number>;
  eps?: number;
}): AffineResult<T> {
  const fn = "norm.instanceNorm";
  if (opts === null || typeof opts !== "object") throw new Error(`${fn}: parameter 'options' must be an object, got ${show(opts)}`);
  const rank = Array.isArray(opts.X) && Array.isArray(opts.X[0]) && !Array.isArray(opts.X[0][0]) ? 2 : 3;
  if (rank !== 3) throw new Error(`${fn}: parameter 'X' must be an N×C×L array of numbers, got a 2-D array`);
  return grouped(fn, opts, (c, l) => {
    if (l < 2) {
      throw new Error(`${fn}: parameter 'X' must have more than 1 spatial element (L > 1, as torch requires), got L = ${l}`);
    }
    return c;
  });
}
