/**
 * tfjs experiments of §8.7 on the digits: the input of a hidden unit's nonlinearity (to watch its
 * distribution with and without batch normalization, Ioffe & Szegedy 2015), greedy supervised
 * pretraining (§8.7.4; Bengio et al. 2007) and curriculum learning (§8.7.6; Bengio et al. 2009).
 */
import * as tf from "@tensorflow/tfjs";
import { rng } from "../../rng";
import { fit, type ClassificationData, type History } from "../../train";
import { fail, positiveInt } from "../../args";

/**
 * What the k-th nonlinearity (0-based) of a `train.mlp` model receives for every row of x: the Dense
 * output without batch normalization, the BatchNormalization output with it. Rows × units. Async
 * because it reads the device, which tfjs's webgpu backend cannot do synchronously.
 */
export async function hiddenPreActivations(model: tf.LayersModel, x: ArrayLike<number>, nFeatures: number, hidden: number): Promise<number[][]> {
  const fn = "lab.hiddenPreActivations";
  if (!model || !Array.isArray(model.layers)) fail(fn, "model", "a tf.LayersModel", model);
  positiveInt(fn, "nFeatures", nFeatures);
  if (x.length % nFeatures !== 0 || x.length === 0) fail(fn, "x", `a non-empty multiple of nFeatures = ${nFeatures} numbers`, x.length);
  const activations = model.layers.map((l, i) => (l.getClassName() === "Activation" ? i : -1)).filter((i) => i >= 0);
  if (!Number.isInteger(hidden) || hidden < 0 || hidden >= activations.length) {
    fail(fn, "hidden", `an integer in 0..${activations.length - 1} (the model's hidden nonlinearities)`, hidden);
  }
  const source = model.layers[activations[hidden] - 1];
  const probe = tf.model({ inputs: model.inputs, outputs: source.output as tf.SymbolicTensor });
  const rows = x.length / nFeatures;
  const out = tf.tidy(() => probe.predict(tf.tensor2d(Float32Array.from(x), [rows, nFeatures])) as tf.Tensor2D);
  try {
    return await out.array();
  } finally {
    out.dispose();
  }
}

/** A fresh Dense layer initialized like train.mlp (PyTorch's U(−1/√fanIn, 1/√fanIn)), seeded. */
function dense(units: number, fanIn: number, seed: () => number, activation: string | null, trainable = true): tf.layers.Layer {
  const bound = 1 / Math.sqrt(fanIn);
  return tf.layers.dense({
    units,
    inputShape: [fanIn],
    activation: (activation ?? undefined) as "relu" | undefined,
    trainable,
    kernelInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: seed() }),
    biasInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: seed() }),
  });
}

export interface PretrainingResult {
  /** The network after the last stage (all hidden layers, the last output layer). */
  model: tf.Sequential;
  /** One history per stage (stage k trains only hidden layer k and a new output layer), then fine-tuning if asked. */
  stages: History[];
}

/**
 * Greedy supervised pretraining: stage 1 trains input → h₁ → output; stage k freezes the hidden layers
 * so far, adds h_{k−1} → h_k and a new output layer, and trains those; `finetuneEpochs` > 0 then trains
 * everything together.
 */
export async function greedySupervisedPretraining(
  data: ClassificationData,
  options: { widths: number[]; activation?: "relu" | "tanh" | "sigmoid"; epochsPerStage: number; finetuneEpochs?: number; optimizer: () => tf.Optimizer; batchSize?: number; seed?: number },
): Promise<PretrainingResult> {
  const fn = "lab.greedySupervisedPretraining";
  const widths = options.widths;
  if (!Array.isArray(widths) || widths.length === 0 || widths.some((w) => !Number.isInteger(w) || w <= 0)) fail(fn, "widths", "a non-empty array of positive integers", widths);
  const epochs = positiveInt(fn, "epochsPerStage", options.epochsPerStage);
  const finetune = options.finetuneEpochs ?? 0;
  if (!Number.isInteger(finetune) || finetune < 0) fail(fn, "finetuneEpochs", "an integer ≥ 0", finetune);
  if (typeof options.optimizer !== "function") fail(fn, "optimizer", "a function returning a fresh tf.Optimizer", options.optimizer);
  const activation = options.activation ?? "relu";
  const seed = options.seed ?? 0;
  const random = rng(seed);
  const nextSeed = () => random.int(2 ** 31);
  const trained: tf.Tensor[][] = [];
  const stages: History[] = [];
  let model: tf.Sequential | null = null;
  for (let k = 0; k < widths.length; k++) {
    const next = tf.sequential();
    for (let j = 0; j <= k; j++) {
      const fanIn = j === 0 ? data.nFeatures : widths[j - 1];
      const layer = dense(widths[j], fanIn, nextSeed, activation, j === k);
      next.add(layer);
      // Earlier hidden layers keep what their stage learned and stay frozen.
      if (j < k) layer.setWeights(trained[j]);
    }
    next.add(dense(data.nClasses, widths[k], nextSeed, null));
    stages.push(await fit(next, data, { optimizer: options.optimizer(), epochs, batchSize: options.batchSize ?? 32, seed: seed + k, monitorTest: true }));
    trained.push(next.layers[k].getWeights().map((w) => w.clone()));
    if (model) model.dispose();
    model = next;
  }
  if (finetune > 0) {
    model!.layers.forEach((l) => (l.trainable = true));
    stages.push(await fit(model!, data, { optimizer: options.optimizer(), epochs: finetune, batchSize: options.batchSize ?? 32, seed: seed + widths.length, monitorTest: true }));
  }
  trained.forEach((ws) => tf.dispose(ws));
  return { model: model!, stages };
}

/**
 * Difficulty of each training example by the nearest-class-mean margin: distance to the nearest
 * wrong class mean minus distance to its own class mean (large = easy). Returns indices easiest first.
 */
export function marginOrder(data: ClassificationData): number[] {
  const fn = "lab.marginOrder";
  const { nFeatures: p, nClasses: c } = data;
  const n = data.yTrain.length;
  if (data.xTrain.length !== n * p) fail(fn, "data.xTrain", `yTrain.length × nFeatures = ${n * p} numbers`, data.xTrain.length);
  const means = Array.from({ length: c }, () => new Array<number>(p).fill(0));
  const counts = new Array<number>(c).fill(0);
  for (let i = 0; i < n; i++) {
    counts[data.yTrain[i]]++;
    for (let j = 0; j < p; j++) means[data.yTrain[i]][j] += data.xTrain[i * p + j];
  }
  means.forEach((m, k) => counts[k] > 0 && m.forEach((_, j) => (m[j] /= counts[k])));
  const margin = Array.from({ length: n }, (_, i) => {
    const dist = means.map((m, k) => (counts[k] > 0 ? Math.sqrt(m.reduce((s, v, j) => s + (data.xTrain[i * p + j] - v) ** 2, 0)) : Infinity));
    const own = dist[data.yTrain[i]];
    const other = Math.min(...dist.filter((_, k) => k !== data.yTrain[i]));
    return other - own;
  });
  // Stable for ties: equal margins keep their original order, so the order is reproducible.
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => margin[b] - margin[a] || a - b);
}

/** The training examples listed in `indices`, with the same test set. */
export function subsetOf(data: ClassificationData, indices: number[]): ClassificationData {
  const p = data.nFeatures;
  const x = new Float64Array(indices.length * p);
  const y = new Int32Array(indices.length);
  indices.forEach((idx, r) => {
    y[r] = data.yTrain[idx];
    for (let j = 0; j < p; j++) x[r * p + j] = data.xTrain[idx * p + j];
  });
  return { ...data, xTrain: x, yTrain: y };
}

/** Per-epoch record of a curriculum run: how many examples it used and the full test set's metrics. */
export interface CurriculumHistory {
  epoch: number[];
  examples: number[];
  trainLoss: number[];
  trainAccuracy: number[];
  testLoss: number[];
  testAccuracy: number[];
  seconds: number[];
}

/**
 * Curriculum learning ("baby steps"): epoch e (1-based) trains on the easiest fraction
 * start + (1 − start)·min(1, (e − 1)/(rampEpochs − 1)) of the examples in `order`, shuffled
 * within the epoch. Returns the per-epoch history (test metrics on the full test set).
 */
export async function fitCurriculum(
  model: tf.LayersModel,
  data: ClassificationData,
  options: { order: number[]; optimizer: tf.Optimizer; epochs: number; rampEpochs: number; start: number; batchSize?: number; seed?: number },
): Promise<CurriculumHistory> {
  const fn = "lab.fitCurriculum";
  const epochs = positiveInt(fn, "epochs", options.epochs);
  const ramp = positiveInt(fn, "rampEpochs", options.rampEpochs);
  const start = options.start;
  if (typeof start !== "number" || !(start > 0 && start <= 1)) fail(fn, "start", "a number in (0, 1]", start);
  const n = data.yTrain.length;
  if (!Array.isArray(options.order) || options.order.length !== n) fail(fn, "order", `a permutation of the ${n} training indices`, options.order?.length);
  const seed = options.seed ?? 0;
  const merged: CurriculumHistory = { epoch: [], examples: [], trainLoss: [], trainAccuracy: [], testLoss: [], testAccuracy: [], seconds: [] };
  for (let e = 1; e <= epochs; e++) {
    const fraction = ramp === 1 ? 1 : start + (1 - start) * Math.min(1, (e - 1) / (ramp - 1));
    const count = Math.max(1, Math.round(fraction * n));
    const h = await fit(model, subsetOf(data, options.order.slice(0, count)), { optimizer: options.optimizer, epochs: 1, batchSize: options.batchSize ?? 32, seed: seed + e, monitorTest: true });
    merged.epoch.push(e);
    merged.trainLoss.push(h.trainLoss[0]);
    merged.trainAccuracy.push(h.trainAccuracy[0]);
    merged.testLoss.push(h.testLoss[0]);
    merged.testAccuracy.push(h.testAccuracy[0]);
    merged.seconds.push(h.seconds[0]);
    merged.examples.push(count);
  }
  return merged;
}
