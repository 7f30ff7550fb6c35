import * as tf from "@tensorflow/tfjs";
import type { Activation } from "./activation";
import { LEAKY_SLOPE, SELU_ALPHA, SELU_SCALE } from "./activation";
import { recordLayer, type DepthResult, type DepthSetup } from "./depth-setup";

function activate(act: Activation, h: tf.Tensor2D): tf.Tensor2D {
  switch (act) {
    case "linear":
      return h.clone();
    case "relu":
      return tf.relu(h);
    case "leaky_relu":
      return tf.leakyRelu(h, LEAKY_SLOPE);
    case "tanh":
      return tf.tanh(h);
    case "sigmoid":
      return tf.sigmoid(h);
    case "selu":
      return tf.selu(h);
  }
}

function derivative(act: Activation, h: tf.Tensor2D, a: tf.Tensor2D): tf.Tensor2D {
  switch (act) {
    case "linear":
      return tf.onesLike(h);
    case "relu":
      return tf.step(h, 0);
    case "leaky_relu":
      return tf.step(h, LEAKY_SLOPE);
    case "tanh":
      return tf.sub(1, tf.square(a));
    case "sigmoid":
      return tf.mul(a, tf.sub(1, a));
    case "selu":
      return tf.where(tf.greater(h, 0), tf.fill(h.shape, SELU_SCALE), tf.add(a, SELU_SCALE * SELU_ALPHA)) as tf.Tensor2D;
  }
}

/** Float32 copy of the transpose of a row-major n×n matrix. */
function transposed32(w: Float64Array, n: number): Float32Array {
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = w[i * n + j];
  return out;
}

/** Population mean and std of a tensor, read back asynchronously (webgpu cannot read synchronously). */
async function stats(t: tf.Tensor): Promise<[number, number]> {
  // Both in one tensor: one readback (a round trip to the GPU on webgpu/webgl) instead of two.
  const both = tf.tidy(() => {
    const { mean, variance } = tf.moments(t);
    return tf.stack([mean, tf.sqrt(variance)]);
  });
  try {
    const [mean, std] = await both.data();
    return [mean, std];
  } finally {
    both.dispose();
  }
}

/**
 * The depth experiment in float32 on the current tfjs backend (for widths where the float64 loops are too
 * slow); same seeded weights, inputs and upstream gradient as the float64 engine.
 */
export async function depthExperimentTf(s: DepthSetup): Promise<DepthResult> {
  const { layers, width, batch, activation } = s;
  const res: DepthResult = { engine: "tfjs", preMean: [], preStd: [], postMean: [], postStd: [] };
  const keep: tf.Tensor[] = [];
  const pre: tf.Tensor2D[] = [];
  const post: tf.Tensor2D[] = [];
  const weights: tf.Tensor2D[] = [];
  try {
    const input = tf.tensor2d(Float32Array.from(s.input), [batch, width]);
    keep.push(input);
    let x = input;
    for (let l = 0; l < layers; l++) {
      // Upload Wᵀ and multiply untransposed: tfjs-wasm's transposed matMul is ≈15× slower (measured 2.0 s vs 0.14 s).
      const w = tf.tensor2d(transposed32(s.weight(l), width), [width, width]);
      keep.push(w);
      const h = tf.matMul(x, w) as tf.Tensor2D;
      keep.push(h);
      const a = activate(activation, h);
      keep.push(a);
      recordLayer(res, await stats(h), await stats(a));
      if (s.upstream) {
        pre.push(h);
        post.push(a);
        weights.push(w);
      } else {
        // Only the current activation is needed when nothing is back-propagated.
        w.dispose();
        h.dispose();
        if (x !== input) x.dispose();
      }
      x = a;
    }
    if (s.upstream) {
      res.gradMean = new Array<number>(layers);
      res.gradStd = new Array<number>(layers);
      res.weightGradStd = new Array<number>(layers);
      let g = tf.tensor2d(Float32Array.from(s.upstream), [batch, width]);
      for (let l = layers - 1; l >= 0; l--) {
        const gh = tf.tidy(() => tf.mul(g, derivative(activation, pre[l], post[l])) as tf.Tensor2D);
        g.dispose();
        const [m, sd] = await stats(gh);
        res.gradMean[l] = m;
        res.gradStd[l] = sd;
        const xin = l === 0 ? input : post[l - 1];
        const dw = tf.tidy(() => tf.matMul(tf.transpose(gh), xin));
        try {
          res.weightGradStd[l] = (await stats(dw))[1];
        } finally {
          dw.dispose();
        }
        if (l > 0) {
          g = tf.tidy(() => tf.matMul(gh, tf.transpose(weights[l])) as tf.Tensor2D);
          gh.dispose();
        } else {
          gh.dispose();
        }
      }
    }
  } finally {
    for (const t of keep) if (!t.isDisposed) t.dispose();
  }
  return res;
}
