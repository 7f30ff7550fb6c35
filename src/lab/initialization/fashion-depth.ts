/**
 * §8.4 at depth on real data: the same 20–30-layer ReLU MLP trained on Fashion-MNIST from the book's
 * U(±1/√m), Glorot's, He's and orthogonal initializations (biases zero, same seed, same minibatches,
 * same optimizer): which ones train at all, and how fast.
 */
import * as tf from "@tensorflow/tfjs";
import { fail, finite, knownOptions, oneOf, positiveInt } from "../../args";
import { calculateGain } from "../../init/gain";
import { orthogonal } from "../../init/orthogonal";
import { glorotUniform, heNormal, uniformBook } from "../../init/random";
import { progress } from "../../plot/live";
import type { Rng } from "../../rng";
import { optim } from "../../tf/optimizers";
import { netEvaluate, paramNet, toTensors, type ParamNetInitializer } from "../../train/param-net";
import { trainParamNet, yieldToEventLoop, type FashionSlice, type WorkSize } from "../heavy";

export const DEPTH_INITIALIZERS = ["book", "glorot", "he", "orthogonal"] as const;
export type DepthInitializer = (typeof DEPTH_INITIALIZERS)[number];

/** The initializer's weight draw for a ReLU network (He and orthogonal with the ReLU gain √2, as PyTorch recommends). */
export function depthInitializer(name: DepthInitializer): ParamNetInitializer {
  const gain = calculateGain("relu");
  switch (name) {
    case "book":
      return (shape, rng: Rng) => uniformBook(shape, { rng });
    case "glorot":
      return (shape, rng: Rng) => glorotUniform(shape, { rng });
    case "he":
      return (shape, rng: Rng) => heNormal(shape, { mode: "fanIn", nonlinearity: "relu", rng });
    default:
      return (shape, rng: Rng) => orthogonal(shape, { gain, rng });
  }
}

export const DEPTH_INITIALIZER_LABELS: Record<DepthInitializer, string> = {
  book: "book U(±1/√m)",
  glorot: "Glorot uniform",
  he: "He normal (fan-in)",
  orthogonal: "orthogonal, gain √2",
};

export interface DepthTrainingOptions {
  /** Hidden layers and their width. */
  depth: number;
  width: number;
  initializers?: DepthInitializer[];
  nTrain: number;
  nTest: number;
  batchSize: number;
  steps: number;
  /** SGD with momentum, the same for every initialization. */
  lr: number;
  momentum: number;
  seed?: number;
}

export const depthTrainingSizes: Record<WorkSize, DepthTrainingOptions> = {
  small: { depth: 20, width: 64, nTrain: 10000, nTest: 2000, batchSize: 64, steps: 300, lr: 0.01, momentum: 0.9 },
  full: { depth: 30, width: 256, nTrain: 60000, nTest: 10000, batchSize: 64, steps: 3000, lr: 0.01, momentum: 0.9 },
};

export interface DepthRun {
  initializer: DepthInitializer;
  label: string;
  /** Minibatch losses, one per step (NaN/Infinity when the run diverged). */
  trainLoss: Float32Array;
  /** Mean of the minibatch losses over windows of `window` steps, and the window's last step. */
  smoothedLoss: number[];
  smoothedStep: number[];
  /** Test loss and accuracy after the last step. */
  testLoss: number;
  testAccuracy: number;
  /** First step whose smoothed loss is below 1.5 nats (ln 10 ≈ 2.30 is chance); null if never. */
  stepsToLoss: number | null;
  seconds: number;
}

export interface DepthTraining {
  runs: DepthRun[];
  window: number;
  lossThreshold: number;
}

export const DEPTH_LOSS_THRESHOLD = 1.5;

/** Trains one ReLU MLP per initializer on the same data, minibatches and optimizer settings. */
export async function depthTraining(data: FashionSlice, options: DepthTrainingOptions): Promise<DepthTraining> {
  const fn = "lab.depthTraining";
  const o = knownOptions(fn, options, ["depth", "width", "initializers", "nTrain", "nTest", "batchSize", "steps", "lr", "momentum", "seed"]) as unknown as DepthTrainingOptions;
  const p = data.nFeatures;
  const depth = positiveInt(fn, "depth", o.depth);
  const width = positiveInt(fn, "width", o.width);
  const names = o.initializers ?? DEPTH_INITIALIZERS.slice();
  if (!Array.isArray(names) || names.length === 0) fail(fn, "initializers", `a non-empty array of ${DEPTH_INITIALIZERS.join(", ")}`, names);
  names.forEach((n, i) => oneOf(fn, `initializers[${i}]`, n, DEPTH_INITIALIZERS));
  const nTrain = positiveInt(fn, "nTrain", o.nTrain);
  const nTest = positiveInt(fn, "nTest", o.nTest);
  if (nTrain > data.yTrain.length) fail(fn, "nTrain", `at most ${data.yTrain.length}`, nTrain);
  if (nTest > data.yTest.length) fail(fn, "nTest", `at most ${data.yTest.length}`, nTest);
  const steps = positiveInt(fn, "steps", o.steps);
  const lr = finite(fn, "lr", o.lr);
  const momentum = finite(fn, "momentum", o.momentum);
  const seed = o.seed ?? 0;
  const window = Math.max(1, Math.round(steps / 30));
  const train = toTensors(data.xTrain.subarray(0, nTrain * p), data.yTrain.subarray(0, nTrain), p);
  const test = toTensors(data.xTest.subarray(0, nTest * p), data.yTest.subarray(0, nTest), p);
  const sizes = [p, ...new Array(depth).fill(width), data.nClasses];
  const bar = progress(names.length * steps, `8.4: ${depth} hidden ReLU layers × ${width}, ${names.length} initializations`);
  const runs: DepthRun[] = [];
  try {
    for (let k = 0; k < names.length; k++) {
      const t0 = Date.now();
      const net = paramNet({ sizes, activation: "relu", init: depthInitializer(names[k]), seed });
      try {
        const trainLoss = await trainParamNet(net, train.x, train.y, {
          optimizer: optim.sgd({ lr, momentum }),
          steps,
          batchSize: o.batchSize,
          // The same minibatch order for every initialization.
          seed,
          onStep: async (step) => {
            if (step % window !== 0 && step !== steps) return;
            bar.tick(k * steps + step - bar.count);
            await yieldToEventLoop();
          },
        });
        const smoothedLoss: number[] = [];
        const smoothedStep: number[] = [];
        let stepsToLoss: number | null = null;
        for (let end = window; end <= steps; end += window) {
          let sum = 0;
          for (let i = end - window; i < end; i++) sum += trainLoss[i];
          const mean = sum / window;
          smoothedLoss.push(mean);
          smoothedStep.push(end);
          if (stepsToLoss === null && mean < DEPTH_LOSS_THRESHOLD) stepsToLoss = end;
        }
        const evaluation = await netEvaluate(net, test.x, test.y);
        runs.push({ initializer: names[k], label: DEPTH_INITIALIZER_LABELS[names[k]], trainLoss, smoothedLoss, smoothedStep, testLoss: evaluation.loss, testAccuracy: evaluation.accuracy, stepsToLoss, seconds: (Date.now() - t0) / 1000 });
      } finally {
        net.dispose();
      }
    }
  } finally {
    bar.done();
    tf.dispose([train.x, train.y, test.x, test.y]);
  }
  return { runs, window, lossThreshold: DEPTH_LOSS_THRESHOLD };
}
