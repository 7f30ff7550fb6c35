/**
 * A digits MLP (`train.mlp`) whose weights come from one of the §8.4 initializers instead of the
 * PyTorch default, biases zero (the book's default choice for biases), for comparing training curves
 * across initializations (Glorot & Bengio 2010; He et al. 2015).
 */
import * as tf from "@tensorflow/tfjs";
import { rng, type Rng } from "../../rng";
import { mlp, type MlpOptions } from "../../train/models";
import { Linear } from "../../train/linear-layer";
import { fail } from "../../args";

/** Draws a weight of PyTorch shape [fanOut, fanIn] (rows = output units), as every `init.*` does. */
export type WeightInitializer = (shape: [number, number], rng: Rng) => number[][];

export interface InitializedMlpOptions {
  sizes: number[];
  activation?: MlpOptions["activation"];
  initializer: WeightInitializer;
  /** Seeds the weight draws, layer after layer from the input side, from one `rng(seed)`. */
  seed?: number;
}

export function initializedMlp(options: InitializedMlpOptions): tf.Sequential {
  const fn = "lab.initializedMlp";
  if (!options || typeof options !== "object") fail(fn, "options", "an object { sizes, initializer }", options);
  const { initializer, seed = 0 } = options;
  if (typeof initializer !== "function") fail(fn, "initializer", "a function (shape: [fanOut, fanIn], rng) => number[][]", initializer);
  // train.mlp checks sizes, activation and seed; its own U(±1/√m) weights are overwritten below.
  const model = mlp({ sizes: options.sizes, activation: options.activation, seed: seed });
  try {
    const random = rng(seed);
    const dense = model.layers.filter((layer) => layer.getClassName() === Linear.className);
    const weights: tf.Tensor[] = [];
    try {
      for (let l = 0; l < dense.length; l++) {
        const fanIn = options.sizes[l];
        const fanOut = options.sizes[l + 1];
        const w = initializer([fanOut, fanIn], random);
        if (!Array.isArray(w) || w.length !== fanOut || w.some((row) => !Array.isArray(row) || row.length !== fanIn)) {
          fail(fn, "initializer", `a function returning a ${fanOut}×${fanIn} number[][] for layer ${l + 1}`, Array.isArray(w) ? `${w.length} rows` : w);
        }
        // tfjs keeps a dense kernel as [fanIn, fanOut]: the transpose of PyTorch's weight.
        const kernel = new Float32Array(fanIn * fanOut);
        for (let o = 0; o < fanOut; o++) {
          for (let i = 0; i < fanIn; i++) {
            const v = w[o][i];
            if (typeof v !== "number" || !Number.isFinite(v)) fail(fn, "initializer", `a function returning finite weights (layer ${l + 1}, row ${o}, column ${i})`, v);
            kernel[i * fanOut + o] = v;
          }
        }
        weights.push(tf.tensor2d(kernel, [fanIn, fanOut]), tf.zeros([fanOut]));
      }
      // All layers drawn and checked before any is set, so a bad initializer leaves nothing half-built.
      for (let l = 0; l < dense.length; l++) dense[l].setWeights([weights[2 * l], weights[2 * l + 1]]);
    } finally {
      tf.dispose(weights);
    }
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}
