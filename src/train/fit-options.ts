/** What `train.fit` takes and returns, and its checks. */
import * as tf from "@tensorflow/tfjs";
import { fail, failShown, positiveInt } from "../args";

/** Row-major features and integer labels, as `data.loadDigits()` returns them. */
export interface ClassificationData {
  xTrain: ArrayLike<number>;
  yTrain: ArrayLike<number>;
  /** The validation set (8.1.2): what early stopping and `bestEpoch` watch. Optional without earlyStopping. */
  xVal?: ArrayLike<number>;
  yVal?: ArrayLike<number>;
  /** The test set: evaluated once at the end (every epoch only with `monitorTest`). */
  xTest: ArrayLike<number>;
  yTest: ArrayLike<number>;
  nFeatures: number;
  nClasses: number;
}

export interface FitOptions {
  optimizer: tf.Optimizer;
  epochs: number;
  batchSize?: number;
  /** Seed of the minibatch order (default 0). */
  seed?: number;
  /**
   * Stop when the validation loss (or accuracy, `monitor: "accuracy"`) has not improved by minDelta
   * for `patience` epochs; restoreBest (default true) puts the best epoch's weights back.
   * Needs `data.xVal`/`data.yVal`.
   */
  earlyStopping?: { patience: number; restoreBest?: boolean; minDelta?: number; monitor?: "loss" | "accuracy" };
  /**
   * Called after each epoch (before the early-stopping decision); a returned promise is awaited, so the
   * callback may read tensors asynchronously (as it must on webgpu) before the next epoch changes them.
   * (`unknown`, not `void | Promise<void>`: a callback like `(r) => seen.push(r)` returns a number, which
   * a `void` return type accepts and a union would refuse.)
   */
  onEpoch?: (record: EpochRecord, history: History) => unknown;
  /** Stop after the first epoch for which this returns true (e.g. a target validation accuracy reached). */
  until?: (record: EpochRecord) => boolean;
  /** Also evaluate the test set every epoch, for learning-curve plots only (default false). */
  monitorTest?: boolean;
  /** Show a live loss/accuracy chart (one output updated in place); default false. */
  display?: boolean;
  title?: string;
}

export interface EpochRecord {
  epoch: number;
  /** Mean of the minibatch losses during the epoch (in training mode). */
  trainLoss: number;
  /** Accuracy on the whole training set after the epoch (inference mode). */
  trainAccuracy: number;
  /** Loss and accuracy on the validation set after the epoch; NaN without one. */
  valLoss: number;
  valAccuracy: number;
  /** Only with `monitorTest: true` (for learning-curve plots; nothing is decided on them). */
  testLoss?: number;
  testAccuracy?: number;
  seconds: number;
}

export interface History {
  epoch: number[];
  trainLoss: number[];
  trainAccuracy: number[];
  valLoss: number[];
  valAccuracy: number[];
  /**
   * Per epoch with `monitorTest: true`. Otherwise NaN for every epoch but the last, which holds
   * `test` (so code written as `testAccuracy[last]` keeps working).
   */
  testLoss: number[];
  testAccuracy: number[];
  /** The test set, evaluated once, at the end, on the weights `fit` returns (after restore-best). */
  test: { loss: number; accuracy: number };
  seconds: number[];
  /** Epoch with the best validation metric (1-based); 0 without a validation set. */
  bestEpoch: number;
  stoppedEarly: boolean;
  /** Whether the weights of bestEpoch were put back at the end. */
  restoredBest: boolean;
}


/** Checks shapes and labels; returns whether a non-empty validation set is given. */
export function checkData(fn: string, d: ClassificationData): boolean {
  if (!d || typeof d !== "object") fail(fn, "data", "{ xTrain, yTrain, xTest, yTest, nFeatures, nClasses }", d);
  positiveInt(fn, "data.nFeatures", d.nFeatures);
  positiveInt(fn, "data.nClasses", d.nClasses);
  const hasVal = d.yVal !== undefined && d.yVal !== null && d.yVal.length > 0;
  const sets: [ArrayLike<number>, ArrayLike<number>, string][] = [[d.xTrain, d.yTrain, "Train"], [d.xTest, d.yTest, "Test"]];
  if (hasVal) sets.push([d.xVal!, d.yVal!, "Val"]);
  for (const [x, y, name] of sets) {
    if (!x || !y || x.length !== y.length * d.nFeatures || y.length === 0) {
      failShown(fn, `data.x${name}`, `y${name}.length × nFeatures numbers`, `${x?.length} for ${y?.length} labels`);
    }
    for (let i = 0; i < y.length; i++) {
      if (!Number.isInteger(y[i]) || y[i] < 0 || y[i] >= d.nClasses) failShown(fn, `data.y${name}`, `integers in 0..${d.nClasses - 1}`, `${y[i]} at index ${i}`);
    }
  }
  return hasVal;
}
