/**
 * A multilayer perceptron written as a function of its parameter tensors, for the experiments that
 * need more than `model.fit`: gradients over a whole evaluation set, Hessian-vector products, moving
 * the weights along directions (loss landscapes) and skip connections (8.7.5). Weights are tfjs
 * Variables in the order [W₁, b₁, W₂, b₂, …], Wₗ of shape [fanIn, fanOut] (tfjs' dense layout).
 */
import * as tf from "@tensorflow/tfjs";
import { fail, knownOptions, oneOf, finite } from "../args";
import { rng as makeRng, type Rng } from "../rng";
import { crossEntropy, lossAndAccuracy } from "./metrics";

export type ParamNetActivation = "relu" | "tanh" | "sigmoid";
/** Draws a weight of PyTorch shape [fanOut, fanIn], as every `init.*` does. */
export type ParamNetInitializer = (shape: [number, number], rng: Rng) => number[][];

export interface ParamNetOptions {
  /** Widths from input to output, e.g. [784, 128, 128, 10]; the last layer gives logits. */
  sizes: number[];
  activation?: ParamNetActivation;
  /**
   * Skip connections (He et al. 2016): a hidden layer whose input and output widths agree adds its
   * input to its output, h ← h + φ(hW + b). Default false.
   */
  residual?: boolean;
  /** Weight initializer; default PyTorch's nn.Linear (weights and biases U(±1/√fanIn)). Biases start at 0 with a custom one. */
  init?: ParamNetInitializer;
  seed?: number;
}

export interface ParamNet {
  readonly sizes: number[];
  readonly activation: ParamNetActivation;
  readonly residual: boolean;
  /** The weights, [W₁, b₁, …, W_L, b_L]. */
  readonly params: tf.Variable[];
  /** Number of scalar parameters. */
  readonly size: number;
  /** Logits for the rows of x, with the given parameter tensors (default: the net's own). */
  forward(x: tf.Tensor2D, params?: tf.Tensor[]): tf.Tensor2D;
  /** The pre-activation hₗ₋₁Wₗ + bₗ of hidden layer `layer` (0-based) for the rows of x. */
  preActivation(x: tf.Tensor2D, layer: number): tf.Tensor2D;
  dispose(): void;
}

const ACTIVATIONS = ["relu", "tanh", "sigmoid"] as const;

function applyActivation(z: tf.Tensor2D, activation: ParamNetActivation): tf.Tensor2D {
  if (activation === "relu") return tf.relu(z);
  if (activation === "tanh") return tf.tanh(z);
  return tf.sigmoid(z);
}

export function paramNet(options: ParamNetOptions): ParamNet {
  const fn = "train.paramNet";
  const o = knownOptions(fn, options, ["sizes", "activation", "residual", "init", "seed"]);
  const sizes = o.sizes as number[];
  if (!Array.isArray(sizes) || sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
    fail(fn, "sizes", "an array of at least 2 positive integers", sizes);
  }
  const activation = oneOf(fn, "activation", o.activation ?? "relu", ACTIVATIONS);
  const residual = o.residual ?? false;
  if (typeof residual !== "boolean") fail(fn, "residual", "true or false", residual);
  const seed = finite(fn, "seed", o.seed ?? 0);
  const init = o.init as ParamNetInitializer | undefined;
  if (init !== undefined && typeof init !== "function") fail(fn, "init", "a function (shape: [fanOut, fanIn], rng) => number[][]", init);
  const random = makeRng(seed);
  const params: tf.Variable[] = [];
  for (let l = 1; l < sizes.length; l++) {
    const fanIn = sizes[l - 1];
    const fanOut = sizes[l];
    const kernel = new Float32Array(fanIn * fanOut);
    const bias = new Float32Array(fanOut);
    if (init) {
      const w = init([fanOut, fanIn], random);
      if (!Array.isArray(w) || w.length !== fanOut || w.some((row) => !Array.isArray(row) || row.length !== fanIn)) {
        params.forEach((p) => p.dispose());
        fail(fn, "init", `a function returning a ${fanOut}×${fanIn} number[][] for layer ${l}`, Array.isArray(w) ? `${w.length} rows` : w);
      }
      // tfjs keeps a dense kernel as [fanIn, fanOut]: the transpose of PyTorch's weight.
      for (let r = 0; r < fanOut; r++) for (let c = 0; c < fanIn; c++) kernel[c * fanOut + r] = w[r][c];
    } else {
      const bound = 1 / Math.sqrt(fanIn);
      for (let i = 0; i < kernel.length; i++) kernel[i] = random.uniform(-bound, bound);
      for (let i = 0; i < fanOut; i++) bias[i] = random.uniform(-bound, bound);
    }
    params.push(...tf.tidy(() => [tf.variable(tf.tensor2d(kernel, [fanIn, fanOut])), tf.variable(tf.tensor1d(bias))]));
  }
  const layers = sizes.length - 1;
  const skips = (l: number) => residual && l < layers - 1 && sizes[l] === sizes[l + 1];
  const forward = (x: tf.Tensor2D, ps: tf.Tensor[] = params): tf.Tensor2D =>
    tf.tidy(() => {
      let h = x;
      for (let l = 0; l < layers; l++) {
        const z = tf.add(tf.matMul(h, ps[2 * l] as tf.Tensor2D), ps[2 * l + 1]) as tf.Tensor2D;
        if (l === layers - 1) return z;
        const a = applyActivation(z, activation);
        h = skips(l) ? (tf.add(h, a) as tf.Tensor2D) : a;
      }
      return h;
    });
  const preActivation = (x: tf.Tensor2D, layer: number): tf.Tensor2D => {
    if (!Number.isInteger(layer) || layer < 0 || layer >= layers - 1) fail("ParamNet.preActivation", "layer", `an integer in 0..${layers - 2}`, layer);
    return tf.tidy(() => {
      let h = x;
      for (let l = 0; ; l++) {
        const z = tf.add(tf.matMul(h, params[2 * l] as tf.Tensor2D), params[2 * l + 1]) as tf.Tensor2D;
        if (l === layer) return z;
        const a = applyActivation(z, activation);
        h = skips(l) ? (tf.add(h, a) as tf.Tensor2D) : a;
      }
    });
  };
  return {
    sizes: sizes.slice(),
    activation,
    residual,
    params,
    size: params.reduce((s, p) => s + p.size, 0),
    forward,
    preActivation,
    dispose: () => params.forEach((p) => p.dispose()),
  };
}

/** Mean cross-entropy of the net on (x, y) with the given parameters (default its own). */
export function netLoss(net: ParamNet, x: tf.Tensor2D, y: tf.Tensor1D, params?: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => crossEntropy(net.forward(x, params), y));
}

/**
 * Loss and accuracy of the net on a whole set, read back once. Async, like every read of a tensor in
 * the library: tfjs's webgpu backend cannot read the device synchronously (ARCHITECTURE.md).
 */
export function netEvaluate(net: ParamNet, x: tf.Tensor2D, y: tf.Tensor1D, params?: tf.Tensor[]): Promise<{ loss: number; accuracy: number }> {
  return lossAndAccuracy(() => net.forward(x, params), y);
}

/** The current parameters as one flat Float32Array, in the order of `net.params` (read in one transfer). */
export async function flatParams(net: ParamNet): Promise<Float32Array> {
  const flat = tf.tidy(() => tf.concat(net.params.map((p) => tf.reshape(p, [-1]))));
  try {
    return (await flat.data()) as Float32Array;
  } finally {
    flat.dispose();
  }
}

/** Parameter tensors shaped like `net.params` from a flat vector (caller disposes). */
export function unflatten(net: ParamNet, flat: ArrayLike<number>): tf.Tensor[] {
  if (flat.length !== net.size) fail("train.unflatten", "flat", `a vector of ${net.size} numbers (the net's parameter count)`, flat.length);
  const out: tf.Tensor[] = [];
  let at = 0;
  for (const p of net.params) {
    out.push(tf.tensor(Float32Array.from({ length: p.size }, (_, i) => flat[at + i]), p.shape));
    at += p.size;
  }
  return out;
}

/** Sets the net's parameters from a flat vector. */
export function setFlatParams(net: ParamNet, flat: ArrayLike<number>): void {
  const ts = unflatten(net, flat);
  net.params.forEach((p, i) => p.assign(ts[i]));
  tf.dispose(ts);
}

/** The gradient of the mean loss on (x, y) at the given parameters (default the net's), flattened. */
export async function flatGradient(net: ParamNet, x: tf.Tensor2D, y: tf.Tensor1D, params?: tf.Tensor[]): Promise<Float32Array> {
  const at = params ?? net.params;
  const flat = tf.tidy(() => {
    const grads = tf.grads((...ps: tf.Tensor[]) => netLoss(net, x, y, ps))(at);
    return tf.concat(grads.map((g) => tf.reshape(g, [-1])));
  });
  try {
    return (await flat.data()) as Float32Array;
  } finally {
    flat.dispose();
  }
}

/** Default step of the finite-difference Hessian-vector product, as a length along the unit direction. */
export const HVP_STEP = 5e-3;

/**
 * H·v for the mean loss on (x, y) at the net's parameters, by a central difference of gradients:
 * Hv ≈ ‖v‖·[∇L(θ + h v̂) − ∇L(θ − h v̂)] / (2h), v̂ = v/‖v‖, with a step h (default 5e-3) taken
 * along the unit direction. (tfjs cannot differentiate its own softmax gradient a second time, so
 * exact double backpropagation is not available; the error is O(h²) plus float32 rounding/h.)
 */
export async function hessianVectorProduct(net: ParamNet, x: tf.Tensor2D, y: tf.Tensor1D, v: ArrayLike<number>, step = HVP_STEP): Promise<Float64Array> {
  const fn = "train.hessianVectorProduct";
  if (v.length !== net.size) fail(fn, "v", `a vector of ${net.size} numbers`, v.length);
  if (!(step > 0 && Number.isFinite(step))) fail(fn, "step", "a finite number > 0", step);
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
  norm = Math.sqrt(norm);
  const out = new Float64Array(net.size);
  if (norm === 0) return out;
  const base = await flatParams(net);
  const shifted = async (sign: number) => {
    const moved = new Float32Array(net.size);
    for (let i = 0; i < moved.length; i++) moved[i] = base[i] + (sign * step * v[i]) / norm;
    const ts = unflatten(net, moved);
    try {
      // Awaited inside the try: the shifted parameters must outlive the gradient's computation and readback.
      return await flatGradient(net, x, y, ts);
    } finally {
      tf.dispose(ts);
    }
  };
  const plus = await shifted(1);
  const minus = await shifted(-1);
  for (let i = 0; i < out.length; i++) out[i] = (norm * (plus[i] - minus[i])) / (2 * step);
  return out;
}

/** Device copies of row-major features and labels. */
export function toTensors(x: ArrayLike<number>, y: ArrayLike<number>, nFeatures: number): { x: tf.Tensor2D; y: tf.Tensor1D } {
  return { x: tf.tensor2d(x instanceof Float32Array ? x : Float32Array.from(x), [y.length, nFeatures]), y: tf.tensor1d(Int32Array.from(y), "int32") };
}
