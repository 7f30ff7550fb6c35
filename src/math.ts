/** Scalar functions the problems, the lab and the training code share, each in its numerically stable form. */

/** σ(z) = 1/(1 + e^(−z)), evaluated on the side that does not overflow. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + eᶻ) without overflow: max(z, 0) + log1p(e^(−|z|)). */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** log Σᵢ e^(zᵢ), shifted by the largest zᵢ so that no exponential overflows. */
export function logSumExp(z: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < z.length; i++) if (z[i] > max) max = z[i];
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += Math.exp(z[i] - max);
  return max + Math.log(sum);
}
