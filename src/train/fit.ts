/**
 * The minibatch loop of chapter 8 (8.1.3) on tfjs: any tf.Optimizer (ours carry schedule, clipping
 * and averaging), seeded shuffling, early stopping with patience and restore-best (7.8) on a
 * VALIDATION set carved from the training data (8.1.2), the test set evaluated once at the end, a
 * live loss/accuracy chart as ONE updating output, and the history for plotting.
 */
import * as tf from "@tensorflow/tfjs";
import { rng } from "../rng";
import { live, LiveChart } from "../plot";
import { positiveInt } from "../args";
import { checkData, type ClassificationData, type EpochRecord, type FitOptions, type History } from "./fit-options";
import { crossEntropy, evaluate } from "./metrics";

export { crossEntropy, evaluate } from "./metrics";
export type { ClassificationData, EpochRecord, FitOptions, History } from "./fit-options";

// setImmediate is Node's; a browser (page or worker) yields through a MessageChannel, which, unlike setTimeout, is not clamped.
const yieldToEventLoop = (): Promise<void> =>
  new Promise<void>((resolve) => {
    if (typeof setImmediate === "function") setImmediate(resolve);
    else {
      const channel = new MessageChannel();
      (channel.port1 as unknown as { onmessage: () => void }).onmessage = () => resolve(); // (DOM's port; notebooks compile without the DOM lib)
      channel.port2.postMessage(null);
    }
  });

export interface DeviceSet {
  x: tf.Tensor2D;
  y: tf.Tensor1D;
}

function toDevice(x: ArrayLike<number>, y: ArrayLike<number>, nFeatures: number): DeviceSet {
  return { x: tf.tensor2d(Float32Array.from(x), [y.length, nFeatures]), y: tf.tensor1d(Int32Array.from(y), "int32") };
}

/**
 * One epoch of minibatches in `order` (row indices); resolves to the example-weighted mean loss. The
 * losses stay on the device and are read once, at the end, asynchronously: webgpu's synchronous read
 * goes through a canvas (slow, and on SwiftShader later uploads then fail), and an awaited read gives
 * the same numbers on every other backend.
 */
export async function trainEpoch(model: tf.LayersModel, optimizer: tf.Optimizer, train: DeviceSet, order: Int32Array, batchSize: number, vars: tf.Variable[]): Promise<number> {
  const n = order.length;
  // One upload of the epoch's permutation, then a slice per batch (no per-batch host → device copy).
  const perm = tf.tensor1d(order, "int32");
  // A running sum, not tf.addN over the epoch's losses: webgpu's AddN binds every input to one shader,
  // and past the adapter's storage-buffer limit (8 on SwiftShader) the pipeline is invalid and the sum 0.
  // Adding in batch order from the first loss gives float32 sums bit-identical to addN's on cpu and wasm.
  let total: tf.Scalar | null = null;
  try {
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const previous: tf.Scalar | null = total;
      total = tf.tidy(() => {
        const idx = tf.slice(perm, start, size);
        const xb = tf.gather(train.x, idx);
        const yb = tf.gather(train.y, idx);
        const c = optimizer.minimize(() => crossEntropy(model.apply(xb, { training: true }) as tf.Tensor, yb), true, vars)!;
        // Weighted by the batch size so the epoch mean is over examples, not batches.
        const cost = size === batchSize ? c : tf.mul(c, size / batchSize);
        return (previous ? tf.add(previous, cost) : cost) as tf.Scalar;
      });
      previous?.dispose();
    }
    const sum = total ? (await total.data())[0] : NaN;
    return (sum * batchSize) / n;
  } finally {
    tf.dispose(total ? [perm, total] : [perm]);
  }
}

/** Trains `model` on `data` and returns the per-epoch history (deterministic for a seed on one backend). */
export async function fit(model: tf.LayersModel, data: ClassificationData, options: FitOptions): Promise<History> {
  const fn = "train.fit";
  if (!options || typeof options !== "object") throw new Error(`${fn}: parameter 'options' must be an object, got ${String(options)}`);
  const { optimizer, batchSize = 32, seed = 0, earlyStopping, onEpoch, display = false, monitorTest = false } = options;
  if (!optimizer || typeof (optimizer as tf.Optimizer).minimize !== "function") {
    throw new Error(`${fn}: parameter 'optimizer' must be a tf.Optimizer (e.g. tf.optim.adam()), got ${String(optimizer)}`);
  }
  const epochs = positiveInt(fn, "epochs", options.epochs);
  positiveInt(fn, "batchSize", batchSize);
  if (typeof seed !== "number" || !Number.isFinite(seed)) throw new Error(`${fn}: parameter 'seed' must be a finite number, got ${String(seed)}`);
  const monitor = earlyStopping?.monitor ?? "loss";
  if (earlyStopping !== undefined) {
    positiveInt(fn, "earlyStopping.patience", earlyStopping?.patience);
    if (monitor !== "loss" && monitor !== "accuracy") throw new Error(`${fn}: parameter 'earlyStopping.monitor' must be "loss" or "accuracy", got ${String(monitor)}`);
  }
  const hasVal = checkData(fn, data);
  if (earlyStopping !== undefined && !hasVal) {
    throw new Error(
      `${fn}: parameter 'data.xVal' must hold a validation set when earlyStopping is set (early stopping never watches the test set; ` +
        `e.g. data.loadDigits({ validationFraction: 0.2 })), got ${data.yVal === undefined ? "undefined" : "an empty set"}`,
    );
  }

  const train = toDevice(data.xTrain, data.yTrain, data.nFeatures);
  const val = hasVal ? toDevice(data.xVal!, data.yVal!, data.nFeatures) : null;
  const test = toDevice(data.xTest, data.yTest, data.nFeatures);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const shuffle = rng(seed);
  const indices = Array.from({ length: data.yTrain.length }, (_, i) => i);
  const history: History = {
    epoch: [], trainLoss: [], trainAccuracy: [], valLoss: [], valAccuracy: [], testLoss: [], testAccuracy: [], seconds: [],
    test: { loss: NaN, accuracy: NaN }, bestEpoch: 0, stoppedEarly: false, restoredBest: false,
  };
  const series = ["train loss", ...(val ? ["val loss", "val accuracy"] : ["train accuracy"]), ...(monitorTest ? ["test accuracy"] : [])];
  const chart: LiveChart | null = display
    ? live({ title: options.title ?? "training", xTitle: "epoch", yTitle: "loss · accuracy", series, throttleMs: 0 })
    : null;
  // Lower is better for the monitored score: the loss, or minus the accuracy.
  const score = (r: EpochRecord) => (monitor === "loss" ? r.valLoss : -r.valAccuracy);
  let best = Infinity;
  let bestWeights: tf.Tensor[] | null = null;
  let sinceBest = 0;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const t0 = Date.now();
      shuffle.shuffle(indices);
      const trainLoss = await trainEpoch(model, optimizer, train, Int32Array.from(indices), batchSize, vars);
      const onTrain = await evaluate(model, train.x, train.y);
      const onVal = val ? await evaluate(model, val.x, val.y) : { loss: NaN, accuracy: NaN };
      const record: EpochRecord = { epoch, trainLoss, trainAccuracy: onTrain.accuracy, valLoss: onVal.loss, valAccuracy: onVal.accuracy, seconds: 0 };
      if (monitorTest) {
        const onTest = await evaluate(model, test.x, test.y);
        record.testLoss = onTest.loss;
        record.testAccuracy = onTest.accuracy;
      }
      record.seconds = (Date.now() - t0) / 1000;
      history.epoch.push(epoch);
      history.trainLoss.push(trainLoss);
      history.trainAccuracy.push(onTrain.accuracy);
      history.valLoss.push(onVal.loss);
      history.valAccuracy.push(onVal.accuracy);
      history.testLoss.push(record.testLoss ?? NaN);
      history.testAccuracy.push(record.testAccuracy ?? NaN);
      history.seconds.push(record.seconds);
      if (chart) {
        const point: Record<string, number> = { "train loss": trainLoss };
        if (val) (point["val loss"] = onVal.loss), (point["val accuracy"] = onVal.accuracy);
        else point["train accuracy"] = onTrain.accuracy;
        if (monitorTest) point["test accuracy"] = record.testAccuracy!;
        chart.push(epoch, point);
      }
      if (onEpoch) await onEpoch(record, history);
      const reached = options.until ? options.until(record) === true : false;
      if (val && score(record) < best - (earlyStopping?.minDelta ?? 0)) {
        best = score(record);
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
    history.test = await evaluate(model, test.x, test.y);
    if (!monitorTest) {
      history.testLoss[history.testLoss.length - 1] = history.test.loss;
      history.testAccuracy[history.testAccuracy.length - 1] = history.test.accuracy;
    }
  } finally {
    if (bestWeights) tf.dispose(bestWeights);
    tf.dispose([train.x, train.y, test.x, test.y, ...(val ? [val.x, val.y] : [])]);
    if (chart) chart.done();
  }
  return history;
}
