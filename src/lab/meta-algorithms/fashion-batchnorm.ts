/**
 * §8.7.1 on Fashion-MNIST, after Ioffe & Szegedy's (2015) Figure 1: the same deep MLP trained
 * with and without batch normalization (norm.tf.BatchNorm, PyTorch's conventions), the test accuracy
 * against the step and the steps to a stated accuracy, and the 15th, 50th and 85th percentiles of what
 * one hidden unit's nonlinearity receives as training goes on.
 */
import * as tf from "@tensorflow/tfjs";
import { fail, finite, knownOptions, positiveInt } from "../../args";
import { progress } from "../../plot/live";
import { optim } from "../../tf/optimizers";
import { crossEntropy, evaluate } from "../../train/metrics";
import { mlp } from "../../train/models";
import { toTensors } from "../../train/param-net";
import { trainSteps, yieldToEventLoop, type FashionSlice, type WorkSize } from "../heavy";
import { hiddenPreActivations } from "./tf-strategies";

export interface BatchNormDriftOptions {
  /** Hidden widths, e.g. six layers of 100 units. */
  hidden: number[];
  activation?: "sigmoid" | "relu" | "tanh";
  nTrain: number;
  nTest: number;
  batchSize: number;
  steps: number;
  /** SGD with momentum, the same for both networks. */
  lr: number;
  momentum: number;
  /** Test accuracy and the probe are measured every `evalEvery` steps (and at step 0). */
  evalEvery: number;
  /** The test accuracy whose first crossing is reported. */
  target: number;
  /** The probed unit: `unit` of hidden layer `layer` (0-based), over the first `nProbe` test images. */
  layer: number;
  unit: number;
  nProbe: number;
  seed?: number;
}

export const batchNormDriftSizes: Record<WorkSize, BatchNormDriftOptions> = {
  small: { hidden: [100, 100, 100, 100, 100, 100], activation: "relu", nTrain: 12000, nTest: 2000, batchSize: 60, steps: 500, lr: 0.05, momentum: 0.9, evalEvery: 25, target: 0.7, layer: 5, unit: 0, nProbe: 1000 },
  full: { hidden: [100, 100, 100, 100, 100, 100], activation: "relu", nTrain: 60000, nTest: 10000, batchSize: 60, steps: 5000, lr: 0.05, momentum: 0.9, evalEvery: 100, target: 0.7, layer: 5, unit: 0, nProbe: 10000 },
};

export interface BatchNormRun {
  batchNorm: boolean;
  testAccuracy: number[];
  /** Percentiles 15, 50, 85 of the probed unit's nonlinearity input, one entry per measurement. */
  p15: number[];
  p50: number[];
  p85: number[];
  /** First measured step with test accuracy ≥ target; null when it was never reached. */
  stepsToTarget: number | null;
  trainLoss: Float32Array;
  seconds: number;
}

export interface BatchNormDrift {
  step: number[];
  runs: BatchNormRun[];
  target: number;
}

/** The q-quantile (0 ≤ q ≤ 1) of the values, nearest rank on the sorted copy. */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) fail("lab.quantile", "values", "a non-empty array", values);
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

/** Trains the network twice (without, then with batch normalization), same seed and data, and records both. */
export async function batchNormDrift(data: FashionSlice, options: BatchNormDriftOptions): Promise<BatchNormDrift> {
  const fn = "lab.batchNormDrift";
  const o = knownOptions(fn, options, ["hidden", "activation", "nTrain", "nTest", "batchSize", "steps", "lr", "momentum", "evalEvery", "target", "layer", "unit", "nProbe", "seed"]) as unknown as BatchNormDriftOptions;
  const p = data.nFeatures;
  if (!Array.isArray(o.hidden) || o.hidden.length === 0) fail(fn, "hidden", "a non-empty array of widths", o.hidden);
  const nTrain = positiveInt(fn, "nTrain", o.nTrain);
  const nTest = positiveInt(fn, "nTest", o.nTest);
  if (nTrain > data.yTrain.length) fail(fn, "nTrain", `at most ${data.yTrain.length}`, nTrain);
  if (nTest > data.yTest.length) fail(fn, "nTest", `at most ${data.yTest.length}`, nTest);
  const steps = positiveInt(fn, "steps", o.steps);
  const evalEvery = positiveInt(fn, "evalEvery", o.evalEvery);
  const nProbe = positiveInt(fn, "nProbe", o.nProbe);
  if (nProbe > nTest) fail(fn, "nProbe", `at most nTest = ${nTest}`, nProbe);
  if (!Number.isInteger(o.layer) || o.layer < 0 || o.layer >= o.hidden.length) fail(fn, "layer", `an integer in 0..${o.hidden.length - 1}`, o.layer);
  if (!Number.isInteger(o.unit) || o.unit < 0 || o.unit >= o.hidden[o.layer]) fail(fn, "unit", `an integer in 0..${o.hidden[o.layer] - 1}`, o.unit);
  const target = finite(fn, "target", o.target);
  const lr = finite(fn, "lr", o.lr);
  const momentum = finite(fn, "momentum", o.momentum);
  const seed = o.seed ?? 0;
  const train = toTensors(data.xTrain.subarray(0, nTrain * p), data.yTrain.subarray(0, nTrain), p);
  const test = toTensors(data.xTest.subarray(0, nTest * p), data.yTest.subarray(0, nTest), p);
  const probeImages = data.xTest.subarray(0, nProbe * p);
  const out: BatchNormDrift = { step: [], runs: [], target };
  for (let s = 0; s <= steps; s += evalEvery) out.step.push(s);
  if (out.step[out.step.length - 1] !== steps) out.step.push(steps);
  const bar = progress(2 * steps, `8.7.1: ${o.hidden.length} hidden ${o.activation ?? "relu"} layers, without and with batch normalization`);
  try {
    for (const batchNorm of [false, true]) {
      const t0 = Date.now();
      const model = mlp({ sizes: [p, ...o.hidden, data.nClasses], activation: o.activation ?? "relu", batchNorm, seed });
      const run: BatchNormRun = { batchNorm, testAccuracy: [], p15: [], p50: [], p85: [], stepsToTarget: null, trainLoss: new Float32Array(0), seconds: 0 };
      const measure = async (step: number) => {
        const acc = (await evaluate(model, test.x, test.y)).accuracy;
        run.testAccuracy.push(acc);
        if (run.stepsToTarget === null && acc >= target) run.stepsToTarget = step;
        const inputs = (await hiddenPreActivations(model, probeImages, p, o.layer)).map((row) => row[o.unit]);
        run.p15.push(quantile(inputs, 0.15));
        run.p50.push(quantile(inputs, 0.5));
        run.p85.push(quantile(inputs, 0.85));
      };
      try {
        await measure(0);
        const at = new Set(out.step);
        run.trainLoss = await trainSteps(
          (xb, yb) => crossEntropy(model.apply(xb, { training: true }) as tf.Tensor, yb),
          model.trainableWeights.map((w) => w.read() as tf.Variable),
          train.x,
          train.y,
          {
            optimizer: optim.sgd({ lr, momentum }),
            steps,
            batchSize: o.batchSize,
            seed,
            onStep: async (step) => {
              if (!at.has(step)) return;
              await measure(step);
              bar.tick((batchNorm ? steps : 0) + step - bar.count);
              await yieldToEventLoop();
            },
          },
        );
      } finally {
        model.dispose();
      }
      run.seconds = (Date.now() - t0) / 1000;
      out.runs.push(run);
    }
  } finally {
    bar.done();
    tf.dispose([train.x, train.y, test.x, test.y]);
  }
  return out;
}
