/**
 * §8.2 / §8.7.5 on Fashion-MNIST: Li et al.'s (2018) filter-normalized 2-D slice of the loss around a
 * trained minimum, L(θ* + αδ + βη), for a plain deep ReLU MLP and the same MLP with skip connections
 * (train.paramNet's `residual`). δ and η are random Gaussian directions rescaled neuron by neuron
 * (each column of a dense kernel, the tfjs analogue of a filter) to the norm of the trained weights
 * there; biases get no direction, as in Li et al.
 */
import * as tf from "@tensorflow/tfjs";
import { fail, finite, knownOptions, oneOf, positiveInt } from "../../args";
import { progress } from "../../plot/live";
import { rng } from "../../rng";
import { optim } from "../../tf/optimizers";
import { netEvaluate, paramNet, toTensors, type ParamNet } from "../../train/param-net";
import { trainParamNet, yieldToEventLoop, type FashionSlice, type WorkSize } from "../heavy";
import { depthInitializer } from "../initialization/fashion-depth";

/**
 * A random direction with one tensor per parameter: for a kernel [fanIn, fanOut], each column (the
 * weights into one neuron) is Gaussian rescaled to that column's norm in the net; biases get zeros.
 */
export async function filterNormalizedDirection(net: ParamNet, seed: number): Promise<tf.Tensor[]> {
  const random = rng(seed);
  // Read every weight first (asynchronously: webgpu cannot read synchronously), then draw in the
  // parameters' order, so the random stream is the same as when each kernel was read as it came.
  const weights = await Promise.all(net.params.map((p) => (p.rank === 2 ? p.data() : null)));
  return net.params.map((p, k) => {
    if (p.rank !== 2) return tf.zerosLike(p);
    const [fanIn, fanOut] = p.shape as [number, number];
    const w = weights[k]!;
    const d = Float32Array.from({ length: fanIn * fanOut }, () => random.normal());
    for (let j = 0; j < fanOut; j++) {
      let wn = 0;
      let dn = 0;
      for (let i = 0; i < fanIn; i++) {
        wn += w[i * fanOut + j] ** 2;
        dn += d[i * fanOut + j] ** 2;
      }
      const scale = dn > 0 ? Math.sqrt(wn / dn) : 0;
      for (let i = 0; i < fanIn; i++) d[i * fanOut + j] *= scale;
    }
    return tf.tensor2d(d, [fanIn, fanOut]);
  });
}

export interface LandscapeGrid {
  /** Coordinates along δ (columns) and η (rows). */
  alphas: number[];
  betas: number[];
  /** loss[i][j] = L(θ* + alphas[j]·δ + betas[i]·η) on the grid's images. */
  loss: number[][];
}

/** The loss on (x, y) over the grid θ* + αδ + βη (θ* = the net's current parameters), one point at a time. */
export async function landscapeGrid(net: ParamNet, x: tf.Tensor2D, y: tf.Tensor1D, directions: [tf.Tensor[], tf.Tensor[]], coords: number[], onRow?: (row: number) => void): Promise<LandscapeGrid> {
  const [delta, eta] = directions;
  const loss: number[][] = [];
  for (let i = 0; i < coords.length; i++) {
    const beta = coords[i];
    const row: number[] = [];
    for (const alpha of coords) {
      const ps = tf.tidy(() => net.params.map((p, k) => tf.add(p, tf.add(tf.mul(delta[k], alpha), tf.mul(eta[k], beta)))));
      try {
        // Awaited inside the try: the moved parameters must live until the loss is read back.
        row.push((await netEvaluate(net, x, y, ps)).loss);
      } finally {
        tf.dispose(ps);
      }
    }
    if (onRow) onRow(i);
    loss.push(row);
  }
  return { alphas: coords.slice(), betas: coords.slice(), loss };
}

export type LandscapeInit = "default" | "he" | "glorot" | "orthogonal" | "book";
const LANDSCAPE_INITS: readonly LandscapeInit[] = ["default", "he", "glorot", "orthogonal", "book"];

export interface LossLandscapeOptions {
  /** Hidden ReLU layers and their width; skip connections in the second net. */
  depth: number;
  width: number;
  nTrain: number;
  batchSize: number;
  steps: number;
  lr: number;
  momentum: number;
  /** Points per axis (odd, so that the trained weights are a grid point) and the half-width of the square. */
  gridPoints: number;
  extent: number;
  /**
   * Weight initialization of each net, the one that trains it: the plain net needs He's N(0, 2/m) (from
   * PyTorch's default U(±1/√m) a deep plain ReLU net stays at chance, see 8.4); the residual net trains from
   * PyTorch's default ("default"), while He's doubles the variance at every skip and blows it up.
   */
  initializers?: { plain: LandscapeInit; residual: LandscapeInit };
  /** Training images on which every grid loss is computed. */
  nLoss: number;
  seed?: number;
}

export const lossLandscapeSizes: Record<WorkSize, LossLandscapeOptions> = {
  small: { depth: 10, width: 64, nTrain: 10000, batchSize: 64, steps: 600, lr: 0.01, momentum: 0.9, gridPoints: 11, extent: 1, nLoss: 5000, seed: 0 },
  full: { depth: 20, width: 128, nTrain: 60000, batchSize: 64, steps: 5000, lr: 0.01, momentum: 0.9, gridPoints: 31, extent: 1, nLoss: 10000, seed: 0 },
};

export interface Landscape extends LandscapeGrid {
  residual: boolean;
  initializer: LandscapeInit;
  /** The loss of the trained weights on the grid's images (what the grid's centre must equal). */
  trainedLoss: number;
  trainLosses: Float32Array;
  seconds: number;
}

/** Trains a plain and a residual net (same seed, data, optimizer) and slices each one's loss around its minimum. */
export async function lossLandscapes(data: FashionSlice, options: LossLandscapeOptions): Promise<Landscape[]> {
  const fn = "lab.lossLandscapes";
  const o = knownOptions(fn, options, ["depth", "width", "nTrain", "batchSize", "steps", "lr", "momentum", "gridPoints", "extent", "initializers", "nLoss", "seed"]) as unknown as LossLandscapeOptions;
  const p = data.nFeatures;
  const depth = positiveInt(fn, "depth", o.depth);
  const width = positiveInt(fn, "width", o.width);
  const nTrain = positiveInt(fn, "nTrain", o.nTrain);
  if (nTrain > data.yTrain.length) fail(fn, "nTrain", `at most ${data.yTrain.length}`, nTrain);
  const nLoss = positiveInt(fn, "nLoss", o.nLoss);
  if (nLoss > nTrain) fail(fn, "nLoss", `at most nTrain = ${nTrain}`, nLoss);
  const points = positiveInt(fn, "gridPoints", o.gridPoints);
  if (points % 2 !== 1 || points < 3) fail(fn, "gridPoints", "an odd integer ≥ 3 (the trained weights sit at the centre)", points);
  const extent = finite(fn, "extent", o.extent);
  if (!(extent > 0)) fail(fn, "extent", "a number > 0", extent);
  const steps = positiveInt(fn, "steps", o.steps);
  const seed = o.seed ?? 0;
  const inits = o.initializers ?? { plain: "he", residual: "default" };
  oneOf(fn, "initializers.plain", inits.plain, LANDSCAPE_INITS);
  oneOf(fn, "initializers.residual", inits.residual, LANDSCAPE_INITS);
  const coords = Array.from({ length: points }, (_, i) => -extent + (2 * extent * i) / (points - 1));
  coords[(points - 1) / 2] = 0;
  const train = toTensors(data.xTrain.subarray(0, nTrain * p), data.yTrain.subarray(0, nTrain), p);
  const lossSet = toTensors(data.xTrain.subarray(0, nLoss * p), data.yTrain.subarray(0, nLoss), p);
  const sizes = [p, ...new Array(depth).fill(width), data.nClasses];
  const work = 2 * (steps + points);
  const bar = progress(work, `Loss landscapes: ${depth} hidden layers × ${width}, plain and with skip connections, ${points}×${points} grid on ${nLoss} images`);
  const out: Landscape[] = [];
  try {
    for (const residual of [false, true]) {
      const t0 = Date.now();
      const offset = residual ? steps + points : 0;
      const init = residual ? inits.residual : inits.plain;
      const net = paramNet({ sizes, activation: "relu", residual, init: init === "default" ? undefined : depthInitializer(init), seed });
      const directions: tf.Tensor[][] = [];
      try {
        const trainLosses = await trainParamNet(net, train.x, train.y, {
          optimizer: optim.sgd({ lr: o.lr, momentum: o.momentum }),
          steps,
          batchSize: o.batchSize,
          seed,
          onStep: async (s) => {
            if (s % 25 !== 0) return;
            bar.tick(offset + s - bar.count);
            await yieldToEventLoop();
          },
        });
        // The same direction seeds for both nets: the slices differ only by the nets.
        directions.push(await filterNormalizedDirection(net, seed + 1));
        directions.push(await filterNormalizedDirection(net, seed + 2));
        const trainedLoss = (await netEvaluate(net, lossSet.x, lossSet.y)).loss;
        const grid = await landscapeGrid(net, lossSet.x, lossSet.y, [directions[0], directions[1]], coords, (row) => bar.tick(offset + steps + row + 1 - bar.count));
        await yieldToEventLoop();
        out.push({ residual, initializer: init, ...grid, trainedLoss, trainLosses, seconds: (Date.now() - t0) / 1000 });
      } finally {
        directions.forEach((dir) => tf.dispose(dir));
        net.dispose();
      }
    }
  } finally {
    bar.done();
    tf.dispose([train.x, train.y, lossSet.x, lossSet.y]);
  }
  return out;
}

/**
 * How far from the centre the loss stays within `rise` of its centre value, as a fraction of the grid's
 * half-width, averaged over the four axis directions: a measure of the basin's width.
 */
export function basinRadius(landscape: LandscapeGrid, rise: number): number {
  const n = landscape.alphas.length;
  const c = (n - 1) / 2;
  const centre = landscape.loss[c][c];
  const walk = (di: number, dj: number) => {
    let k = 0;
    while (k < c && landscape.loss[c + di * (k + 1)][c + dj * (k + 1)] - centre <= rise) k++;
    return k / c;
  };
  return (walk(0, 1) + walk(0, -1) + walk(1, 0) + walk(-1, 0)) / 4;
}
