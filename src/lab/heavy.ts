/**
 * What the heavy (Fashion-MNIST) experiments share: the one work-size knob, a line saying where and how
 * big each run is, slices of the data, and a seeded minibatch loop for `train.paramNet` networks.
 *
 * Work size: "full" on a GPU backend (webgpu, webgl), "small" on wasm and cpu; the platform setting
 * DESCENT_SIZE=small|full (environment variable in Node, `?size=` in the browser) overrides it. Both
 * sizes are real experiments on real images; each experiment's presets say how many.
 */
import * as tf from "@tensorflow/tfjs";
import { fail, oneOf, positiveInt } from "../args";
import { platform } from "../platform";
import { rng } from "../rng";
import { lastReport } from "../tf/backend";
import { netLoss, type ParamNet } from "../train/param-net";

export type WorkSize = "small" | "full";
export const WORK_SIZES: readonly WorkSize[] = ["small", "full"];
export const WORK_SIZE_SETTING = "DESCENT_SIZE";

/** The work size of the heavy cells: DESCENT_SIZE if set, else "full" on webgpu/webgl, "small" on wasm/cpu. */
export function workSize(): WorkSize {
  const fn = "lab.workSize";
  const forced = platform().setting(WORK_SIZE_SETTING);
  if (forced !== undefined) return oneOf(fn, WORK_SIZE_SETTING, forced, WORK_SIZES);
  const report = lastReport();
  if (!report) throw new Error(`${fn}: no tfjs backend selected yet; call await d.tf.ready() first (the size follows the backend)`);
  return report.backend === "webgpu" || report.backend === "webgl" ? "full" : "small";
}

/** One line for a heavy cell: the backend, the size, where the size came from and what it means. */
export function workLine(experiment: string, size: WorkSize, what: string): string {
  const report = lastReport();
  const backend = report ? report.backend : tf.getBackend();
  const why = platform().setting(WORK_SIZE_SETTING) !== undefined ? `set by ${WORK_SIZE_SETTING}` : `chosen for ${backend}`;
  return `${experiment} on tfjs ${backend}, size "${size}" (${why}): ${what}`;
}

export interface FashionSlice {
  xTrain: Float32Array;
  yTrain: Int32Array;
  xTest: Float32Array;
  yTest: Int32Array;
  nFeatures: number;
  nClasses: number;
}

/**
 * The first nTrain training and nTest test images (file order; the files are class-balanced over any
 * long stretch). Views into the arrays, not copies.
 */
export function fashionSlice(data: FashionSlice, nTrain: number, nTest: number): FashionSlice {
  const fn = "lab.fashionSlice";
  positiveInt(fn, "nTrain", nTrain);
  positiveInt(fn, "nTest", nTest);
  if (nTrain > data.yTrain.length) fail(fn, "nTrain", `at most the ${data.yTrain.length} training images`, nTrain);
  if (nTest > data.yTest.length) fail(fn, "nTest", `at most the ${data.yTest.length} test images`, nTest);
  const p = data.nFeatures;
  return {
    xTrain: data.xTrain.subarray(0, nTrain * p),
    yTrain: data.yTrain.subarray(0, nTrain),
    xTest: data.xTest.subarray(0, nTest * p),
    yTest: data.yTest.subarray(0, nTest),
    nFeatures: p,
    nClasses: data.nClasses,
  };
}

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export interface TrainStepsOptions {
  optimizer: tf.Optimizer;
  steps: number;
  batchSize: number;
  seed: number;
  /** Runs after each step (step counts from 1); may be async (to let a progress bar draw). */
  onStep?: (step: number) => void | Promise<void>;
}

/**
 * A seeded minibatch loop: `steps` optimizer steps of `loss(xb, yb)` over `vars`, on batches drawn
 * by reshuffling (x, y) every epoch. Returns the minibatch losses, read back once at the end.
 */
export async function trainSteps(
  loss: (xb: tf.Tensor2D, yb: tf.Tensor1D) => tf.Scalar,
  vars: tf.Variable[],
  x: tf.Tensor2D,
  y: tf.Tensor1D,
  options: TrainStepsOptions,
): Promise<Float32Array> {
  const fn = "lab.trainSteps";
  const steps = positiveInt(fn, "steps", options.steps);
  const batchSize = positiveInt(fn, "batchSize", options.batchSize);
  const n = y.shape[0];
  if (batchSize > n) fail(fn, "batchSize", `at most the ${n} training examples`, batchSize);
  const shuffle = rng(options.seed);
  const order = Array.from({ length: n }, (_, i) => i);
  const perEpoch = Math.floor(n / batchSize);
  let perm: tf.Tensor1D | null = null;
  const costs: tf.Scalar[] = [];
  try {
    for (let step = 1; step <= steps; step++) {
      const k = (step - 1) % perEpoch;
      if (k === 0) {
        if (perm) perm.dispose();
        perm = tf.tensor1d(Int32Array.from(shuffle.shuffle(order)), "int32");
      }
      const cost = tf.tidy(() => {
        const idx = tf.slice(perm!, k * batchSize, batchSize);
        const xb = tf.gather(x, idx) as tf.Tensor2D;
        const yb = tf.gather(y, idx) as tf.Tensor1D;
        return options.optimizer.minimize(() => loss(xb, yb), true, vars)!;
      });
      costs.push(cost);
      if (options.onStep) await options.onStep(step);
    }
    const all = tf.tidy(() => tf.stack(costs));
    try {
      // Asynchronously: tfjs's webgpu backend cannot read the device synchronously.
      return (await all.data()) as Float32Array;
    } finally {
      all.dispose();
    }
  } finally {
    if (perm) perm.dispose();
    tf.dispose(costs);
  }
}

/** `trainSteps` for a ParamNet: its mean cross-entropy over its own parameters. */
export function trainParamNet(net: ParamNet, x: tf.Tensor2D, y: tf.Tensor1D, options: TrainStepsOptions): Promise<Float32Array> {
  return trainSteps((xb, yb) => netLoss(net, xb, yb), net.params, x, y, options);
}

/** Steps at which to measure: 0, then about `count` log-spaced steps up to `steps` (distinct integers). */
export function checkpointSteps(steps: number, count: number): number[] {
  const out = new Set<number>([0]);
  for (let i = 0; i < count; i++) out.add(Math.round(Math.pow(steps, i / (count - 1))));
  out.add(steps);
  return [...out].sort((a, b) => a - b);
}
