import * as tf from "@tensorflow/tfjs";

export interface BatchNormArgs {
  /** The channel axis (default −1, tfjs' channels-last; use 1 for PyTorch's N×C×L layout). */
  axis?: number;
  eps?: number;
  /** Weight of the new batch statistic (PyTorch's meaning; tf.layers.batchNormalization's momentum is 1 − this). */
  momentum?: number;
  /** Learnable γ and β (default true). */
  affine?: boolean;
  name?: string;
  trainable?: boolean;
}

/**
 * BatchNorm for tfjs models with torch.nn.BatchNorm1d's conventions (Ioffe & Szegedy 2015): biased batch
 * variance to normalize, unbiased variance into the running average, running ← (1 − momentum)·running +
 * momentum·batch, running statistics in inference. tf.layers.batchNormalization differs on both counts
 * (momentum meaning and a biased moving variance), hence this layer. Weights: [gamma, beta,] runningMean, runningVar.
 */
export class BatchNorm extends tf.layers.Layer {
  static className = "DescentBatchNorm";
  readonly axis: number;
  readonly eps: number;
  readonly momentum: number;
  readonly affine: boolean;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;
  private runningMean!: tf.LayerVariable;
  private runningVar!: tf.LayerVariable;

  constructor(args: BatchNormArgs = {}) {
    super({ name: args.name, trainable: args.trainable });
    const fn = "norm.tf.BatchNorm";
    const eps = args.eps === undefined ? 1e-5 : args.eps;
    if (typeof eps !== "number" || !Number.isFinite(eps) || eps <= 0) {
      throw new Error(`${fn}: parameter 'eps' must be a finite number > 0, got ${String(eps)}`);
    }
    const momentum = args.momentum === undefined ? 0.1 : args.momentum;
    if (typeof momentum !== "number" || !(momentum >= 0 && momentum <= 1)) {
      throw new Error(`${fn}: parameter 'momentum' must be a number in [0, 1], got ${String(momentum)}`);
    }
    const axis = args.axis === undefined ? -1 : args.axis;
    if (!Number.isInteger(axis)) throw new Error(`${fn}: parameter 'axis' must be an integer, got ${String(axis)}`);
    this.axis = axis;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = args.affine === undefined ? true : args.affine;
    this.supportsMasking = true;
  }

  private channelAxis(rank: number): number {
    const a = this.axis < 0 ? rank + this.axis : this.axis;
    if (a < 1 || a >= rank) {
      throw new Error(`norm.tf.BatchNorm: parameter 'axis' must name a non-batch axis of the rank-${rank} input, got ${this.axis}`);
    }
    return a;
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const c = shape[this.channelAxis(shape.length)];
    if (c === null || c === undefined) throw new Error(`norm.tf.BatchNorm: the channel axis ${this.axis} must have a known size, got ${String(c)}`);
    if (this.affine) {
      this.gamma = this.addWeight("gamma", [c], "float32", tf.initializers.ones());
      this.beta = this.addWeight("beta", [c], "float32", tf.initializers.zeros());
    }
    this.runningMean = this.addWeight("running_mean", [c], "float32", tf.initializers.zeros(), undefined, false);
    this.runningVar = this.addWeight("running_var", [c], "float32", tf.initializers.ones(), undefined, false);
    this.built = true;
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const rank = x.rank;
    const ch = this.channelAxis(rank);
    const reduce = x.shape.map((_, i) => i).filter((i) => i !== ch);
    const broadcast = x.shape.map((d, i) => (i === ch ? d : 1));
    const training = kwargs && kwargs.training === true;
    return tf.tidy(() => {
      let mean: tf.Tensor;
      let variance: tf.Tensor;
      if (training) {
        const m = reduce.reduce((p, i) => p * x.shape[i], 1);
        if (m < 2) {
          throw new Error(`norm.tf.BatchNorm: the input must have more than 1 value per channel when training, got shape [${x.shape.join(", ")}]`);
        }
        const moments = tf.moments(x, reduce);
        mean = moments.mean;
        variance = moments.variance;
        const k = this.momentum;
        // Written inside the forward pass, as torch does; the writes are outside any gradient path.
        this.runningMean.write(tf.add(tf.mul(this.runningMean.read(), 1 - k), tf.mul(mean, k)));
        this.runningVar.write(tf.add(tf.mul(this.runningVar.read(), 1 - k), tf.mul(variance, (k * m) / (m - 1))));
      } else {
        mean = this.runningMean.read();
        variance = this.runningVar.read();
      }
      let y = tf.mul(tf.sub(x, tf.reshape(mean, broadcast)), tf.rsqrt(tf.add(tf.reshape(variance, broadcast), this.eps)));
      if (this.gamma && this.beta) {
        y = tf.add(tf.mul(y, tf.reshape(this.gamma.read(), broadcast)), tf.reshape(this.beta.read(), broadcast));
      }
      return y;
    });
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), axis: this.axis, eps: this.eps, momentum: this.momentum, affine: this.affine };
  }
}

tf.serialization.registerClass(BatchNorm);

/** A PyTorch-convention BatchNorm layer (see `BatchNorm`). */
export function batchNorm(args: BatchNormArgs = {}): BatchNorm {
  return new BatchNorm(args);
}
