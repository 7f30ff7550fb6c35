/**
 * §8.2.1 on real data: the book's Figure 8.1 (the gradient norm grows during training while the
 * classification error falls, and gᵀHg grows with it) and the Hessian's top eigenvalues at
 * initialization and after training, by Lanczos iteration on Hessian-vector products.
 */
import * as tf from "@tensorflow/tfjs";
import { finite, fail, knownOptions, positiveInt } from "../../args";
import { progress } from "../../plot/live";
import { rng } from "../../rng";
import { symmetricEigenvalues } from "../../second-order/linalg";
import { optim } from "../../tf/optimizers";
import { flatGradient, flatParams, hessianVectorProduct, HVP_STEP, netEvaluate, paramNet, toTensors, type ParamNet } from "../../train/param-net";
import { trainParamNet, yieldToEventLoop, type FashionSlice, type WorkSize } from "../heavy";

export interface GradientGrowthOptions {
  /** Layer widths, e.g. [784, 128, 128, 10] (ReLU hidden layers, PyTorch's default initialization). */
  sizes: number[];
  /** Training examples used (the first ones of data.xTrain), minibatch size and SGD steps. */
  nTrain: number;
  batchSize: number;
  steps: number;
  /** Plain SGD learning rate. */
  lr: number;
  /** Measurements: the first nEval training images (gradient, gᵀHg) and nTest test images (error), at `checkpoints` + 1 evenly spaced steps. */
  nEval: number;
  nTest: number;
  checkpoints: number;
  seed?: number;
  /** Finite-difference step of the Hessian-vector product (default train.HVP_STEP = 5e-3). */
  hvpStep?: number;
}

/** What the two work sizes run (the notebook prints them). */
export const gradientGrowthSizes: Record<WorkSize, GradientGrowthOptions> = {
  small: { sizes: [784, 128, 128, 10], nTrain: 12000, batchSize: 64, steps: 1500, lr: 0.05, nEval: 2000, nTest: 2000, checkpoints: 15 },
  full: { sizes: [784, 256, 256, 10], nTrain: 60000, batchSize: 64, steps: 18750, lr: 0.05, nEval: 10000, nTest: 10000, checkpoints: 30 },
};

export interface GradientGrowth {
  step: number[];
  /** ‖∇L‖ of the mean loss on the evaluation images. */
  gradientNorm: number[];
  /** gᵀHg at the same points (H·g by a central difference of gradients). */
  gHg: number[];
  /** Mean loss on the evaluation images and classification error on the test images. */
  evalLoss: number[];
  testError: number[];
  /** Minibatch losses, one per step. */
  trainLoss: Float32Array;
  /** The parameters at initialization, flattened (to measure curvature there later). */
  initialParams: Float32Array;
  /** The trained network (the caller disposes it). */
  net: ParamNet;
  seconds: number;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** Trains an MLP with plain SGD on Fashion-MNIST and records ‖g‖, gᵀHg and the test error along the way. */
export async function gradientGrowth(data: FashionSlice, options: GradientGrowthOptions): Promise<GradientGrowth> {
  const fn = "lab.gradientGrowth";
  const o = knownOptions(fn, options, ["sizes", "nTrain", "batchSize", "steps", "lr", "nEval", "nTest", "checkpoints", "seed", "hvpStep"]) as unknown as GradientGrowthOptions;
  const p = data.nFeatures;
  const nTrain = positiveInt(fn, "nTrain", o.nTrain);
  const nEval = positiveInt(fn, "nEval", o.nEval);
  const nTest = positiveInt(fn, "nTest", o.nTest);
  if (nTrain > data.yTrain.length) fail(fn, "nTrain", `at most ${data.yTrain.length}`, nTrain);
  if (nEval > nTrain) fail(fn, "nEval", `at most nTrain = ${nTrain}`, nEval);
  if (nTest > data.yTest.length) fail(fn, "nTest", `at most ${data.yTest.length}`, nTest);
  const steps = positiveInt(fn, "steps", o.steps);
  const checkpoints = positiveInt(fn, "checkpoints", o.checkpoints);
  const lr = finite(fn, "lr", o.lr);
  const seed = o.seed ?? 0;
  const hvpStep = o.hvpStep ?? HVP_STEP;
  const t0 = Date.now();
  const net = paramNet({ sizes: o.sizes, activation: "relu", seed });
  const train = toTensors(data.xTrain.subarray(0, nTrain * p), data.yTrain.subarray(0, nTrain), p);
  const evalSet = toTensors(data.xTrain.subarray(0, nEval * p), data.yTrain.subarray(0, nEval), p);
  const test = toTensors(data.xTest.subarray(0, nTest * p), data.yTest.subarray(0, nTest), p);
  const at = new Set(Array.from({ length: checkpoints + 1 }, (_, i) => Math.round((i * steps) / checkpoints)));
  const out: GradientGrowth = { step: [], gradientNorm: [], gHg: [], evalLoss: [], testError: [], trainLoss: new Float32Array(0), initialParams: new Float32Array(0), net, seconds: 0 };
  const bar = progress(steps, `Figure 8.1: SGD on ${nTrain} Fashion-MNIST images`);
  const measure = async (step: number) => {
    const g = await flatGradient(net, evalSet.x, evalSet.y);
    out.step.push(step);
    out.gradientNorm.push(Math.sqrt(dot(g, g)));
    out.gHg.push(dot(g, await hessianVectorProduct(net, evalSet.x, evalSet.y, g, hvpStep)));
    out.evalLoss.push((await netEvaluate(net, evalSet.x, evalSet.y)).loss);
    out.testError.push(1 - (await netEvaluate(net, test.x, test.y)).accuracy);
  };
  try {
    out.initialParams = await flatParams(net);
    await measure(0);
    out.trainLoss = await trainParamNet(net, train.x, train.y, {
      optimizer: optim.sgd({ lr }),
      steps,
      batchSize: o.batchSize,
      seed,
      onStep: async (step) => {
        if (at.has(step)) {
          await measure(step);
          bar.tick(step - bar.count);
          await yieldToEventLoop();
        }
      },
    });
  } catch (e) {
    net.dispose();
    throw e;
  } finally {
    bar.done();
    tf.dispose([train.x, train.y, evalSet.x, evalSet.y, test.x, test.y]);
  }
  out.seconds = (Date.now() - t0) / 1000;
  return out;
}

/** Lanczos iterations (Hessian-vector products) per spectrum for the two work sizes; the images are gradientGrowthSizes' nEval. */
export const hessianSpectrumSizes: Record<WorkSize, { iterations: number; top: number }> = {
  small: { iterations: 20, top: 5 },
  full: { iterations: 60, top: 10 },
};

export interface LanczosResult {
  /** Ritz values, descending: the extreme ones approximate the Hessian's largest and smallest eigenvalues. */
  ritz: number[];
  /** The `top` largest Ritz values, descending. */
  top: number[];
  /** The smallest Ritz value (the most negative curvature found). */
  smallest: number;
  iterations: number;
  /** Hessian-vector products used (one per iteration). */
  products: number;
}

/**
 * Lanczos iteration with full reorthogonalization on a symmetric operator v ↦ Hv of dimension n,
 * from a seeded random start: after m steps the extreme eigenvalues of the m×m tridiagonal matrix
 * (Ritz values) approximate the extreme eigenvalues of H. `apply` may return a promise (a product
 * computed by tfjs is read back asynchronously, as webgpu requires), so lanczos is async.
 */
export async function lanczos(
  apply: (v: Float64Array) => ArrayLike<number> | Promise<ArrayLike<number>>,
  n: number,
  options: { iterations: number; top?: number; seed?: number },
): Promise<LanczosResult> {
  const fn = "lab.lanczos";
  positiveInt(fn, "n", n);
  const m = Math.min(positiveInt(fn, "iterations", options.iterations), n);
  const top = positiveInt(fn, "top", options.top ?? 5);
  const random = rng(options.seed ?? 0);
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let v = Float64Array.from({ length: n }, () => random.normal());
  let norm = Math.sqrt(dot(v, v));
  v = v.map((x) => x / norm);
  for (let j = 0; j < m; j++) {
    basis.push(v);
    const hv = await apply(v);
    if (hv.length !== n) fail(fn, "apply", `a function returning ${n} numbers`, hv.length);
    const w = Float64Array.from(hv);
    const a = dot(w, v);
    alpha.push(a);
    // Full reorthogonalization (twice, for float32 products): keeps the Ritz values free of ghost copies.
    for (let pass = 0; pass < 2; pass++) {
      for (const q of basis) {
        const c = dot(w, q);
        for (let i = 0; i < n; i++) w[i] -= c * q[i];
      }
    }
    norm = Math.sqrt(dot(w, w));
    if (j === m - 1 || norm < 1e-10) break;
    beta.push(norm);
    v = w.map((x) => x / norm);
  }
  const k = alpha.length;
  const T = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? alpha[i] : Math.abs(i - j) === 1 ? beta[Math.min(i, j)] : 0)));
  const ritz = symmetricEigenvalues(T).reverse();
  return { ritz, top: ritz.slice(0, Math.min(top, k)), smallest: ritz[k - 1], iterations: k, products: k };
}

export interface HessianSpectrum extends LanczosResult {
  /** λ₁/λ_top: how far the top eigenvalues spread (a lower bound on the condition number). */
  topRatio: number;
  seconds: number;
}

/**
 * Top eigenvalues of the Hessian of the mean loss of `net` on the first nEval rows of (x, y), at the
 * net's current parameters, by Lanczos on finite-difference Hessian-vector products.
 */
export async function hessianSpectrum(net: ParamNet, data: { x: ArrayLike<number>; y: ArrayLike<number>; nFeatures: number }, options: { iterations: number; top?: number; seed?: number; hvpStep?: number; label?: string }): Promise<HessianSpectrum> {
  const fn = "lab.hessianSpectrum";
  knownOptions(fn, options, ["iterations", "top", "seed", "hvpStep", "label"]);
  const iterations = positiveInt(fn, "iterations", options.iterations);
  const t0 = Date.now();
  const set = toTensors(data.x, data.y, data.nFeatures);
  const bar = progress(iterations, options.label ?? "Lanczos on Hessian-vector products");
  try {
    let calls = 0;
    const result = await lanczos(
      async (v) => {
        const hv = await hessianVectorProduct(net, set.x, set.y, v, options.hvpStep ?? HVP_STEP);
        bar.tick(++calls - bar.count);
        return hv;
      },
      net.size,
      { iterations, top: options.top, seed: options.seed },
    );
    await yieldToEventLoop();
    const last = result.top[result.top.length - 1];
    return { ...result, topRatio: result.top[0] / last, seconds: (Date.now() - t0) / 1000 };
  } finally {
    bar.done();
    tf.dispose([set.x, set.y]);
  }
}
