import * as tf from "@tensorflow/tfjs";

export interface LayerNormArgs {
  eps?: number;
  /** Learnable weight and bias (default true). */
  affine?: boolean;
  name?: string;
}

/**
 * torch.nn.LayerNorm(D) for tfjs models: tf.layers.layerNormalization over the last axis already has torch's
 * conventions (biased variance, ε inside the square root, γ = 1 and β = 0 at start); only ε's default differs
 * (1e-3 there, 1e-5 here). Weights: [gamma, beta].
 */
export function layerNorm(args: LayerNormArgs = {}): tf.layers.Layer {
  const eps = args.eps === undefined ? 1e-5 : args.eps;
  if (typeof eps !== "number" || !Number.isFinite(eps) || eps <= 0) {
    throw new Error(`norm.tf.layerNorm: parameter 'eps' must be a finite number > 0, got ${String(eps)}`);
  }
  const affine = args.affine === undefined ? true : args.affine;
  return tf.layers.layerNormalization({ axis: -1, epsilon: eps, center: affine, scale: affine, name: args.name });
}
