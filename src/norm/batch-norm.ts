import { affine, channelGroups, standardize, standardizeBackward } from "./grouped";
import { flatten, nest, positiveEps, show, upstreamGradient, vector } from "./validate";

export type BatchInput = number[][] | number[][][];

export interface BatchNormOptions<T extends BatchInput> {
  /** N×C (BatchNorm1d on features) or N×C×L (BatchNorm1d on sequences). */
  X: T;
  /** Scale per channel (default ones, as torch initializes it). */
  gamma?: ArrayLike<number>;
  /** Shift per channel (default zeros). */
  beta?: ArrayLike<number>;
  eps?: number;
  /** Weight of the new batch statistic in the running average (PyTorch's meaning; Keras/tfjs use 1 − this). */
  momentum?: number;
  runningMean?: ArrayLike<number>;
  runningVar?: ArrayLike<number>;
  training?: boolean;
}

export interface BatchNormResult<T extends BatchInput> {
  Y: T;
  /** The statistics used to normalize: the batch mean and biased batch variance when training, the running ones otherwise. */
  mean: number[];
  var: number[];
  /** Updated running statistics (new arrays; the inputs are not modified). Unchanged copies in evaluation. */
  runningMean: number[];
  runningVar: number[];
  backward(dY: T): { dX: T; dgamma: number[]; dbeta: number[] };
}

/**
 * Batch normalization (Ioffe & Szegedy 2015; book §8.7.1) with torch.nn.BatchNorm1d's conventions:
 * normalize with the biased batch variance, but feed the unbiased one (× m/(m−1)) into the running variance,
 * running ← (1 − momentum)·running + momentum·batch; in evaluation, normalize with the running statistics.
 */
export function batchNorm<T extends BatchInput>(opts: BatchNormOptions<T>): BatchNormResult<T> {
  const fn = "norm.batchNorm";
  if (opts === null || typeof opts !== "object") throw new Error(`${fn}: parameter 'options' must be an object, got ${show(opts)}`);
  const x = flatten(fn, "X", opts.X, [2, 3]);
  const [n, c] = x.shape;
  const l = x.shape.length === 3 ? x.shape[2] : 1;
  const gamma = vector(fn, "gamma", opts.gamma, c, 1);
  const beta = vector(fn, "beta", opts.beta, c, 0);
  const runningMean = vector(fn, "runningMean", opts.runningMean, c, 0);
  const runningVar = vector(fn, "runningVar", opts.runningVar, c, 1);
  const eps = positiveEps(fn, opts.eps);
  const momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
  if (typeof momentum !== "number" || !(momentum >= 0 && momentum <= 1)) {
    throw new Error(`${fn}: parameter 'momentum' must be a number in [0, 1], got ${show(momentum)}`);
  }
  const training = opts.training === undefined ? true : opts.training;
  if (typeof training !== "boolean") throw new Error(`${fn}: parameter 'training' must be a boolean, got ${show(training)}`);
  if (runningVar.some((v) => v < 0)) {
    throw new Error(`${fn}: parameter 'runningVar' must be ≥ 0 everywhere, got [${Array.from(runningVar).join(", ")}]`);
  }
  const m = n * l;
  if (training && m < 2) {
    throw new Error(
      `${fn}: parameter 'X' must have more than 1 value per channel when training (batch size × length > 1, as torch requires), got shape [${x.shape.join(", ")}]`,
    );
  }
  const grouping = channelGroups(n, c, l);

  if (training) {
    const norm = standardize(x.data, grouping, eps);
    const y = affine(norm.xhat, grouping, gamma, beta);
    const newMean = new Array<number>(c);
    const newVar = new Array<number>(c);
    for (let ch = 0; ch < c; ch++) {
      newMean[ch] = (1 - momentum) * runningMean[ch] + momentum * norm.mean[ch];
      newVar[ch] = (1 - momentum) * runningVar[ch] + momentum * norm.variance[ch] * (m / (m - 1));
    }
    return {
      Y: nest(y, x.shape),
      mean: Array.from(norm.mean),
      var: Array.from(norm.variance),
      runningMean: newMean,
      runningVar: newVar,
      backward(dY: T) {
        const g = standardizeBackward(upstreamGradient(fn, dY, x.shape), norm, grouping, gamma);
        return { dX: nest(g.dx, x.shape), dgamma: Array.from(g.dweight), dbeta: Array.from(g.dbias) };
      },
    };
  }

  // Evaluation: a fixed per-channel affine map, so the gradient has no terms through the statistics.
  const invStd = runningVar.map((v) => 1 / Math.sqrt(v + eps));
  const xhat = new Float64Array(x.data.length);
  for (let e = 0; e < xhat.length; e++) {
    const ch = grouping.param[e];
    xhat[e] = (x.data[e] - runningMean[ch]) * invStd[ch];
  }
  const y = affine(xhat, grouping, gamma, beta);
  return {
    Y: nest(y, x.shape),
    mean: Array.from(runningMean),
    var: Array.from(runningVar),
    runningMean: Array.from(runningMean),
    runningVar: Array.from(runningVar),
    backward(dY: T) {
      const dy = upstreamGradient(fn, dY, x.shape);
      const dx = new Float64Array(xhat.length);
      const dgamma = new Array<number>(c).fill(0);
      const dbeta = new Array<number>(c).fill(0);
      for (let e = 0; e < dx.length; e++) {
        const ch = grouping.param[e];
        dx[e] = dy[e] * gamma[ch] * invStd[ch];
        dgamma[ch] += dy[e] * xhat[e];
        dbeta[ch] += dy[e];
      }
      return { dX: nest(dx, x.shape), dgamma, dbeta };
    },
  };
}
