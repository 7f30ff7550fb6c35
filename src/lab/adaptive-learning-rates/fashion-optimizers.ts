/**
 * §8.5.4, choosing an algorithm, on real data: SGD, momentum, Adam, AdamW and RMSProp with
 * learning-rate schedules train the same small CNN on a Fashion-MNIST subset over several seeds;
 * training and test curves, their mean and spread, and the generalization gap (train − test
 * accuracy) that Wilson et al. (2017) found larger for adaptive methods, measured whatever it shows.
 */
import * as tf from "@tensorflow/tfjs";
import { fail, knownOptions, oneOf, positiveInt } from "../../args";
import { progress } from "../../plot/live";
import { cosine, linearWarmup, step as stepSchedule } from "../../schedules";
import { optim } from "../../tf/optimizers";
import { crossEntropy, lossAndAccuracy } from "../../train/metrics";
import { toTensors } from "../../train/param-net";
import { trainSteps, yieldToEventLoop, type FashionSlice, type WorkSize } from "../heavy";

/** One training recipe: an optimizer with its learning-rate schedule over `steps` steps. */
export interface OptimizerRecipe {
  name: string;
  make: (steps: number) => tf.Optimizer;
}

/**
 * The recipes compared: every optimizer with a linear warm-up over the first 10 % of the steps then
 * cosine decay to 0, at common default peak rates (not tuned per run), plus momentum with torch's
 * step decay (×0.1 after two thirds of the steps) to compare schedules.
 */
export function optimizerRecipes(): OptimizerRecipe[] {
  const warmCosine = (lr: number, steps: number) => {
    const warm = Math.max(1, Math.round(0.1 * steps));
    return linearWarmup({ lr, warmupSteps: warm, then: cosine({ lr, tMax: steps - warm }) });
  };
  return [
    { name: "SGD (lr 0.1, warm-up + cosine)", make: (n) => optim.sgd({ lr: 0.1, schedule: warmCosine(0.1, n) }) },
    { name: "momentum (lr 0.05, α 0.9, warm-up + cosine)", make: (n) => optim.sgd({ lr: 0.05, momentum: 0.9, schedule: warmCosine(0.05, n) }) },
    { name: "momentum (lr 0.05, α 0.9, step ×0.1 at 2/3)", make: (n) => optim.sgd({ lr: 0.05, momentum: 0.9, schedule: stepSchedule({ lr: 0.05, stepSize: Math.max(1, Math.round((2 * n) / 3)), gamma: 0.1 }) }) },
    { name: "RMSProp (lr 1e-3, warm-up + cosine)", make: (n) => optim.rmsprop({ lr: 1e-3, schedule: warmCosine(1e-3, n) }) },
    { name: "Adam (lr 2e-3, warm-up + cosine)", make: (n) => optim.adam({ lr: 2e-3, schedule: warmCosine(2e-3, n) }) },
    { name: "AdamW (lr 2e-3, wd 0.01, warm-up + cosine)", make: (n) => optim.adamw({ lr: 2e-3, weightDecay: 0.01, schedule: warmCosine(2e-3, n) }) },
  ];
}

export const CNN_ARCHITECTURES = ["strided", "pooled"] as const;
export type CnnArchitecture = (typeof CNN_ARCHITECTURES)[number];

/**
 * A small CNN, seeded (He-normal kernels, zero biases): "strided" = conv 3×3/2 (8) → conv 3×3/2 (16) →
 * dense 10; "pooled" = conv 5×5 (8) → max-pool 2 → conv 5×5 (16) → max-pool 2 → dense 10.
 */
export function smallCnn(architecture: CnnArchitecture, seed: number): tf.Sequential {
  const he = (k: number) => tf.initializers.heNormal({ seed: seed * 7 + k });
  const layers =
    architecture === "strided"
      ? [
          tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, strides: 2, activation: "relu", kernelInitializer: he(1) }),
          tf.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, activation: "relu", kernelInitializer: he(2) }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 10, kernelInitializer: he(3) }),
        ]
      : [
          tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 5, activation: "relu", kernelInitializer: he(1) }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: "relu", kernelInitializer: he(2) }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 10, kernelInitializer: he(3) }),
        ];
  return tf.sequential({ layers });
}

export interface OptimizerComparisonOptions {
  architecture: CnnArchitecture;
  nTrain: number;
  nTest: number;
  batchSize: number;
  steps: number;
  evalEvery: number;
  seeds: number[];
}

export const optimizerComparisonSizes: Record<WorkSize, OptimizerComparisonOptions> = {
  small: { architecture: "strided", nTrain: 600, nTest: 2000, batchSize: 50, steps: 180, evalEvery: 45, seeds: [0, 1, 2] },
  full: { architecture: "pooled", nTrain: 5000, nTest: 10000, batchSize: 50, steps: 3000, evalEvery: 250, seeds: [0, 1, 2, 3, 4] },
};

export interface RecipeCurves {
  name: string;
  /** Per seed, per measurement: accuracy and loss on the training subset and the test images. */
  trainAccuracy: number[][];
  testAccuracy: number[][];
  trainLoss: number[][];
  testLoss: number[][];
  /** Final train − test accuracy, per seed. */
  gap: number[];
  seconds: number;
}

export interface OptimizerComparison {
  step: number[];
  recipes: RecipeCurves[];
}

/** Mean and (sample) standard deviation over seeds, per measurement: rows = seeds. */
export function meanAndSpread(rows: number[][]): { mean: number[]; std: number[] } {
  if (!Array.isArray(rows) || rows.length === 0) fail("lab.meanAndSpread", "rows", "a non-empty array of equally long rows", rows);
  const n = rows.length;
  const mean = rows[0].map((_, j) => rows.reduce((s, r) => s + r[j], 0) / n);
  const std = rows[0].map((_, j) => (n < 2 ? 0 : Math.sqrt(rows.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / (n - 1))));
  return { mean, std };
}

/** Loss and accuracy of the CNN on (x, y). */
function evaluateCnn(model: tf.LayersModel, x: tf.Tensor2D, y: tf.Tensor1D): Promise<{ loss: number; accuracy: number }> {
  return lossAndAccuracy(() => model.apply(tf.reshape(x, [-1, 28, 28, 1]), { training: false }) as tf.Tensor2D, y);
}

/** Trains the small CNN with every recipe and every seed (same data; a seed fixes the weights and the batches). */
export async function optimizerComparison(data: FashionSlice, options: OptimizerComparisonOptions, recipes: OptimizerRecipe[] = optimizerRecipes()): Promise<OptimizerComparison> {
  const fn = "lab.optimizerComparison";
  const o = knownOptions(fn, options, ["architecture", "nTrain", "nTest", "batchSize", "steps", "evalEvery", "seeds"]) as unknown as OptimizerComparisonOptions;
  oneOf(fn, "architecture", o.architecture, CNN_ARCHITECTURES);
  if (data.nFeatures !== 784) fail(fn, "data.nFeatures", "784 (28×28 images)", data.nFeatures);
  const nTrain = positiveInt(fn, "nTrain", o.nTrain);
  const nTest = positiveInt(fn, "nTest", o.nTest);
  if (nTrain > data.yTrain.length) fail(fn, "nTrain", `at most ${data.yTrain.length}`, nTrain);
  if (nTest > data.yTest.length) fail(fn, "nTest", `at most ${data.yTest.length}`, nTest);
  const steps = positiveInt(fn, "steps", o.steps);
  const evalEvery = positiveInt(fn, "evalEvery", o.evalEvery);
  if (!Array.isArray(o.seeds) || o.seeds.length === 0 || o.seeds.some((s) => !Number.isInteger(s))) fail(fn, "seeds", "a non-empty array of integers", o.seeds);
  if (!Array.isArray(recipes) || recipes.length === 0 || recipes.some((r) => !r || typeof r.make !== "function")) fail(fn, "recipes", "a non-empty array of { name, make(steps) }", recipes);
  const p = 784;
  const train = toTensors(data.xTrain.subarray(0, nTrain * p), data.yTrain.subarray(0, nTrain), p);
  const test = toTensors(data.xTest.subarray(0, nTest * p), data.yTest.subarray(0, nTest), p);
  const stepAxis: number[] = [];
  for (let s = 0; s <= steps; s += evalEvery) stepAxis.push(s);
  if (stepAxis[stepAxis.length - 1] !== steps) stepAxis.push(steps);
  const at = new Set(stepAxis);
  const total = recipes.length * o.seeds.length * steps;
  const bar = progress(total, `8.5.4: ${recipes.length} recipes × ${o.seeds.length} seeds on a small CNN`);
  const out: OptimizerComparison = { step: stepAxis, recipes: [] };
  let done = 0;
  try {
    for (const recipe of recipes) {
      const t0 = Date.now();
      const curves: RecipeCurves = { name: recipe.name, trainAccuracy: [], testAccuracy: [], trainLoss: [], testLoss: [], gap: [], seconds: 0 };
      for (const seed of o.seeds) {
        const model = smallCnn(o.architecture, seed);
        const rows = { trainAccuracy: [] as number[], testAccuracy: [] as number[], trainLoss: [] as number[], testLoss: [] as number[] };
        const measure = async () => {
          const tr = await evaluateCnn(model, train.x, train.y);
          const te = await evaluateCnn(model, test.x, test.y);
          rows.trainAccuracy.push(tr.accuracy);
          rows.trainLoss.push(tr.loss);
          rows.testAccuracy.push(te.accuracy);
          rows.testLoss.push(te.loss);
        };
        try {
          await measure();
          await trainSteps(
            (xb, yb) => crossEntropy(model.apply(tf.reshape(xb, [-1, 28, 28, 1]), { training: true }) as tf.Tensor, yb),
            model.trainableWeights.map((w) => w.read() as tf.Variable),
            train.x,
            train.y,
            {
              optimizer: recipe.make(steps),
              steps,
              batchSize: o.batchSize,
              seed,
              onStep: async (s) => {
                if (!at.has(s)) return;
                await measure();
                bar.tick(done + s - bar.count);
                await yieldToEventLoop();
              },
            },
          );
        } finally {
          model.dispose();
        }
        done += steps;
        curves.trainAccuracy.push(rows.trainAccuracy);
        curves.testAccuracy.push(rows.testAccuracy);
        curves.trainLoss.push(rows.trainLoss);
        curves.testLoss.push(rows.testLoss);
        curves.gap.push(rows.trainAccuracy[rows.trainAccuracy.length - 1] - rows.testAccuracy[rows.testAccuracy.length - 1]);
      }
      curves.seconds = (Date.now() - t0) / 1000;
      out.recipes.push(curves);
    }
  } finally {
    bar.done();
    tf.dispose([train.x, train.y, test.x, test.y]);
  }
  return out;
}
