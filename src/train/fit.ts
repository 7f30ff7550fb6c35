/**
 * The minibatch loop of chapter 8 (8.1.3) on tfjs: any tf.Optimizer (ours carry schedule, clipping
 * and averaging), seeded shuffling, early stopping with patience and restore-best (7.8), a live
 * loss/accuracy chart as ONE updating output, and the history for plotting.
 */
import * as tf from "@tensorflow/tfjs";
import { rng } from "../rng";
import { live, LiveChart } from "../plot";

/** Row-major features and integer labels, as `data.loadDigits()` returns them. */
export interface ClassificationData {
  xTrain: ArrayLike<number>;
  yTrain: ArrayLike<number>;
  xTest: ArrayLike<number>;
  yTest: ArrayLike<number>;
  nFeatures: number;
  nClasses: number;
}

export interface EpochRecord {
  epoch: number;
  /** Mean of the minibatch losses during the epoch (in training mode). */
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
  seconds: number;
}

export interface History {
  epoch: number[];
  trainLoss: number[];
  trainAccuracy: number[];
  testLoss: number[];
  testAccuracy: number[];
  seconds: number[];
  /** Epoch with the lowest held-out loss (1-based). */
  bestEpoch: number;
  stoppedEarly: boolean;
  /** Whether the weights of bestEpoch were put back at the end. */
  restoredBest: boolean;
}

export interface FitOptions {
  optimizer: tf.Optimizer;
  epochs: number;
  batchSize?: number;
  /** Seed of the minibatch order (default 0). */
  seed?: number;
  /** Stop when the held-out loss has not improved by minDelta for `patience` epochs. */
  earlyStopping?: { patience: number; restoreBest?: boolean; minDelta?: number };
  /** Called after each epoch (before the early-stopping decision). */
  onEpoch?: (record: EpochRecord, history: History) => void;
  /** Stop after the first epoch for which this returns true (e.g. a target accuracy reached). */
  until?: (record: EpochRecord) => boolean;
  /** Show a live loss/accuracy chart (one output updated in place); default false. */
  display?: boolean;
  title?: string;
}

function positiveInt(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) throw new Error(`${fn}: parameter '${name}' must be a positive integer, got ${String(v)}`);
  return v;
}

function checkData(fn: string, d: ClassificationData): void {
  if (!d || typeof d !== "object") throw new Error(`${fn}: parameter 'data' must be { xTrain, yTrain, xTest, yTest, nFeatures, nClasses }, got ${String(d)}`);
  positiveInt(fn, "data.nFeatures", d.nFeatures);
  positiveInt(fn, "data.nClasses", d.nClasses);
  for (const [x, y, name] of [[d.xTrain, d.yTrain, "Train"], [d.xTest, d.yTest, "Test"]] as const) {
    if (!x || !y || x.length !== y.length * d.nFeatures || y.length === 0) {
      throw new Error(`${fn}: parameter 'data.x${name}' must hold y${name}.length × nFeatures numbers, got ${x?.length} for ${y?.length} labels`);
    }
    for (let i = 0; i < y.length; i++) {
      if (!Number.isInteger(y[i]) || y[i] < 0 || y[i] >= d.nClasses) {
        throw new Error(`${fn}: parameter 'data.y${name}' must hold integers in 0..${d.nClasses - 1}, got ${y[i]} at index ${i}`);
      }
    }
  }
}

/** Mean cross-entropy of softmax(logits) against integer labels (float32). */
export function crossEntropy(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    return tf.neg(tf.mean(tf.sum(tf.mul(logp, tf.oneHot(labels as tf.Tensor1D, logits.shape[1]!)), 1))) as tf.Scalar;
  });
}

/** Loss and accuracy of a model on a whole set, in inference mode. */
export function evaluate(model: tf.LayersModel, x: tf.Tensor2D, y: tf.Tensor1D): { loss: number; accuracy: number } {
  const [loss, acc] = tf.tidy(() => {
    const logits = model.apply(x, { training: false }) as tf.Tensor;
    const correct = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), y), "float32"));
    return [crossEntropy(logits, y), correct];
  });
  const out = { loss: loss.dataSync()[0], accuracy: acc.dataSync()[0] };
  tf.dispose([loss, acc]);
  return out;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Trains `model` on `data` and returns the per-epoch history (deterministic for a seed on one backend). */
export async function fit(model: tf.LayersModel, data: ClassificationData, options: FitOptions): Promise<History> {
  const fn = "train.fit";
  if (!options || typeof options !== "object") throw new Error(`${fn}: parameter 'options' must be an object, got ${String(options)}`);
  const { optimizer, batchSize = 32, seed = 0, earlyStopping, onEpoch, display = false } = options;
  if (!optimizer || typeof (optimizer as tf.Optimizer).minimize !== "function") {
    throw new Error(`${fn}: parameter 'optimizer' must be a tf.Optimizer (e.g. tf.optim.adam()), got ${String(optimizer)}`);
  }
  const epochs = positiveInt(fn, "epochs", options.epochs);
  positiveInt(fn, "batchSize", batchSize);
  if (typeof seed !== "number" || !Number.isFinite(seed)) throw new Error(`${fn}: parameter 'seed' must be a finite number, got ${String(seed)}`);
  if (earlyStopping !== undefined) positiveInt(fn, "earlyStopping.patience", earlyStopping?.patience);
  checkData(fn, data);

  const nTrain = data.yTrain.length;
  const xTrain = tf.tensor2d(Float32Array.from(data.xTrain), [nTrain, data.nFeatures]);
  const yTrain = tf.tensor1d(Int32Array.from(data.yTrain), "int32");
  const xTest = tf.tensor2d(Float32Array.from(data.xTest), [data.yTest.length, data.nFeatures]);
  const yTest = tf.tensor1d(Int32Array.from(data.yTest), "int32");
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const order = rng(seed);
  const indices = Array.from({ length: nTrain }, (_, i) => i);
  const history: History = { epoch: [], trainLoss: [], trainAccuracy: [], testLoss: [], testAccuracy: [], seconds: [], bestEpoch: 0, stoppedEarly: false, restoredBest: false };
  const chart: LiveChart | null = display
    ? live({ title: options.title ?? "training", xTitle: "epoch", yTitle: "loss · accuracy", series: ["train loss", "test loss", "test accuracy"], throttleMs: 0 })
    : null;
  let best = Infinity;
  let bestWeights: tf.Tensor[] | null = null;
  let sinceBest = 0;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const t0 = Date.now();
      order.shuffle(indices);
      // Losses stay on the device until the epoch ends: one read per epoch, not one per batch.
      let lossSum: tf.Scalar = tf.scalar(0);
      for (let start = 0; start < nTrain; start += batchSize) {
        const batch = indices.slice(start, start + batchSize);
        const idx = tf.tensor1d(batch, "int32");
        const xb = tf.gather(xTrain, idx);
        const yb = tf.gather(yTrain, idx);
        const cost = optimizer.minimize(() => crossEntropy(model.apply(xb, { training: true }) as tf.Tensor, yb), true, vars)!;
        const next = tf.add(lossSum, tf.mul(cost, batch.length)) as tf.Scalar;
        tf.dispose([idx, xb, yb, cost, lossSum]);
        lossSum = next;
      }
      const trainLoss = lossSum.dataSync()[0] / nTrain;
      lossSum.dispose();
      const train = evaluate(model, xTrain, yTrain);
      const test = evaluate(model, xTest, yTest);
      const record: EpochRecord = { epoch, trainLoss, trainAccuracy: train.accuracy, testLoss: test.loss, testAccuracy: test.accuracy, seconds: (Date.now() - t0) / 1000 };
      history.epoch.push(epoch);
      history.trainLoss.push(trainLoss);
      history.trainAccuracy.push(train.accuracy);
      history.testLoss.push(test.loss);
      history.testAccuracy.push(test.accuracy);
      history.seconds.push(record.seconds);
      if (chart) chart.push(epoch, { "train loss": trainLoss, "test loss": test.loss, "test accuracy": test.accuracy });
      if (onEpoch) onEpoch(record, history);
      const reached = options.until ? options.until(record) === true : false;
      if (test.loss < best - (earlyStopping?.minDelta ?? 0)) {
        best = test.loss;
        history.bestEpoch = epoch;
        sinceBest = 0;
        if (earlyStopping && earlyStopping.restoreBest !== false) {
          if (bestWeights) tf.dispose(bestWeights);
          bestWeights = model.getWeights().map((w) => w.clone());
        }
      } else if (earlyStopping && ++sinceBest >= earlyStopping.patience) {
        history.stoppedEarly = true;
        break;
      }
      if (reached) break;
      await yieldToEventLoop();
    }
    if (bestWeights && history.bestEpoch !== history.epoch[history.epoch.length - 1]) {
      model.setWeights(bestWeights);
      history.restoredBest = true;
    }
  } finally {
    if (bestWeights) tf.dispose(bestWeights);
    tf.dispose([xTrain, yTrain, xTest, yTest]);
    if (chart) chart.done();
  }
  return history;
}
