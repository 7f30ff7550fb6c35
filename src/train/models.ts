/** Classifiers for the digits: an MLP (ReLU, optional BatchNorm, 8.7.1) and softmax regression, seeded. */
import * as tf from "@tensorflow/tfjs";
import { rng } from "../rng";
import { batchNorm as batchNormLayer } from "../norm/tf";
import { linear } from "./linear-layer";

export interface MlpOptions {
  /** Layer widths from input to output, e.g. [64, 256, 256, 10]; the last layer gives logits. */
  sizes: number[];
  activation?: "relu" | "tanh" | "sigmoid" | "linear";
  /** Batch normalization before each hidden activation (Ioffe & Szegedy 2015; book 8.7.1). */
  batchNorm?: boolean;
  seed?: number;
}

const activations = ["relu", "tanh", "sigmoid", "linear"];

/**
 * Linear layers (src/train/linear-layer.ts) initialized like PyTorch's nn.Linear (weights and biases U(−1/√fanIn, 1/√fanIn)),
 * each layer's seed drawn from `seed`, so the same seed gives the same network.
 */
export function mlp(options: MlpOptions): tf.Sequential {
  const fn = "train.mlp";
  if (options === null || typeof options !== "object") throw new Error(`${fn}: parameter 'options' must be an object, got ${String(options)}`);
  const { sizes, activation = "relu", batchNorm = false, seed = 0 } = options;
  if (!Array.isArray(sizes) || sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error(`${fn}: parameter 'sizes' must be an array of at least 2 positive integers, got ${JSON.stringify(sizes)}`);
  }
  if (!activations.includes(activation)) throw new Error(`${fn}: parameter 'activation' must be one of ${activations.join(", ")}, got ${String(activation)}`);
  if (typeof seed !== "number" || !Number.isFinite(seed)) throw new Error(`${fn}: parameter 'seed' must be a finite number, got ${String(seed)}`);
  if (typeof batchNorm !== "boolean") throw new Error(`${fn}: parameter 'batchNorm' must be true or false, got ${String(batchNorm)}`);
  const random = rng(seed);
  const model = tf.sequential();
  for (let l = 1; l < sizes.length; l++) {
    const fanIn = sizes[l - 1];
    const bound = 1 / Math.sqrt(fanIn);
    const hidden = l < sizes.length - 1;
    model.add(
      linear({
        units: sizes[l],
        inputShape: l === 1 ? [fanIn] : undefined,
        kernelInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: random.int(2 ** 31) }),
        biasInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: random.int(2 ** 31) }),
        useBias: !(hidden && batchNorm),
      }),
    );
    if (!hidden) continue;
    // PyTorch's BatchNorm1d conventions (momentum 0.1 = weight of the new statistic, unbiased running
    // variance), which tf.layers.batchNormalization does not follow: see norm.tf.BatchNorm.
    if (batchNorm) model.add(batchNormLayer({ momentum: 0.1, eps: 1e-5 }));
    if (activation !== "linear") model.add(tf.layers.activation({ activation }));
  }
  return model;
}

/** Multinomial logistic regression: one dense layer to the class logits. */
export function softmaxClassifier(options: { inputs: number; classes: number; seed?: number }): tf.Sequential {
  if (options === null || typeof options !== "object") {
    throw new Error(`train.softmaxClassifier: parameter 'options' must be an object, got ${String(options)}`);
  }
  return mlp({ sizes: [options.inputs, options.classes], seed: options.seed });
}
