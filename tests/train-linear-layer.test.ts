import { describe, it, expect, beforeAll } from "vitest";
import { tf as dtf, train } from "../src";

const tf = dtf.tf;

/** A Linear and a Dense layer with the same weights, in one-layer models over `fanIn` inputs. */
function twins(fanIn: number, units: number, seed: number) {
  const init = () => tf.initializers.randomUniform({ minval: -1, maxval: 1, seed });
  const lin = tf.sequential({ layers: [train.linear({ units, inputShape: [fanIn], kernelInitializer: init(), biasInitializer: init() })] });
  const dense = tf.sequential({ layers: [tf.layers.dense({ units, inputShape: [fanIn] })] });
  dense.setWeights(lin.getWeights());
  return { lin, dense };
}

/** Gradients of mean(model(x)²) with respect to the model's weights, and the kernels the step ran. */
async function step(model: dtf.tf.Sequential, x: dtf.tf.Tensor2D) {
  const vars = model.trainableWeights.map((w) => w.read() as dtf.tf.Variable);
  let grads: dtf.tf.NamedTensorMap = {};
  const profile = await tf.profile(() => {
    grads = tf.variableGrads(() => tf.mean(tf.square(model.apply(x) as dtf.tf.Tensor)) as dtf.tf.Scalar, vars).grads;
  });
  return { grads: vars.map((v) => grads[v.name]), kernels: profile.kernels.map((k) => ({ name: k.name, outputShapes: k.outputShapes })) };
}

describe("train.linear (nn.Linear without the input's gradient)", () => {
  beforeAll(async () => {
    await dtf.ready({ backend: "wasm" });
  });

  it("computes x·W + b like tf.layers.dense, with weights in Dense's order and layout", () => {
    const { lin, dense } = twins(7, 5, 3);
    const [kernel, bias] = lin.getWeights();
    expect(kernel.shape).toEqual([7, 5]);
    expect(bias.shape).toEqual([5]);
    const x = tf.randomNormal([4, 7], 0, 1, "float32", 1) as dtf.tf.Tensor2D;
    const want = tf.add(tf.matMul(x, kernel), bias).dataSync();
    const got = (lin.predict(x) as dtf.tf.Tensor).dataSync();
    expect(Array.from(got)).toEqual(Array.from(want));
    const viaDense = (dense.predict(x) as dtf.tf.Tensor).dataSync();
    got.forEach((v, i) => expect(Math.abs(v - viaDense[i])).toBeLessThan(1e-5));
  });

  it("gives Dense's weight gradients, and they match central finite differences", async () => {
    const { lin, dense } = twins(6, 3, 4);
    const x = tf.randomNormal([5, 6], 0, 1, "float32", 2) as dtf.tf.Tensor2D;
    const ours = await step(lin, x);
    const theirs = await step(dense, x);
    ours.grads.forEach((g, i) => {
      const a = g.dataSync();
      const b = theirs.grads[i].dataSync();
      a.forEach((v, j) => expect(Math.abs(v - b[j])).toBeLessThan(1e-5));
    });
    // Finite differences on the loss in float64 arithmetic from the float32 weights (exact enough at h = 1e-3: the loss is quadratic).
    const [W, b] = lin.getWeights().map((w) => Array.from(w.dataSync()));
    const xs = Array.from(x.dataSync());
    const loss = (w: number[], bias: number[]) => {
      let s = 0;
      for (let r = 0; r < 5; r++) for (let o = 0; o < 3; o++) {
        let y = bias[o];
        for (let i = 0; i < 6; i++) y += xs[r * 6 + i] * w[i * 3 + o];
        s += y * y;
      }
      return s / 15;
    };
    const h = 1e-3;
    const gW = ours.grads[0].dataSync();
    for (let j = 0; j < W.length; j++) {
      const up = W.slice(); up[j] += h;
      const down = W.slice(); down[j] -= h;
      expect(Math.abs((loss(up, b) - loss(down, b)) / (2 * h) - gW[j])).toBeLessThan(1e-4);
    }
    const gb = ours.grads[1].dataSync();
    for (let j = 0; j < b.length; j++) {
      const up = b.slice(); up[j] += h;
      const down = b.slice(); down[j] -= h;
      expect(Math.abs((loss(W, up) - loss(W, down)) / (2 * h) - gb[j])).toBeLessThan(1e-4);
    }
  });

  it("skips the data's gradient (a [rows × fanIn] product) that Dense computes in every step", async () => {
    const { lin, dense } = twins(9, 4, 5);
    const x = tf.randomNormal([8, 9], 0, 1, "float32", 3) as dtf.tf.Tensor2D;
    // Only dL/dx has the input's shape [8, 9] among the products of this step.
    const inputGradients = (kernels: { name: string; outputShapes: number[][] }[]) =>
      kernels.filter((k) => /MatMul/.test(k.name) && k.outputShapes.some((s) => s[s.length - 2] === 8 && s[s.length - 1] === 9)).length;
    expect(inputGradients((await step(dense, x)).kernels)).toBeGreaterThan(0); // the waste this layer exists to avoid
    expect(inputGradients((await step(lin, x)).kernels)).toBe(0);
  });

  it("is what train.mlp builds, serializes under its own class name, and checks its arguments", () => {
    const model = train.mlp({ sizes: [10, 6, 3], seed: 1 });
    expect(model.layers.map((l) => l.getClassName())).toEqual(["DescentLinear", "Activation", "DescentLinear"]);
    expect(model.layers[0].getConfig()).toMatchObject({ units: 6, useBias: true });
    expect(tf.serialization.SerializationMap.getMap().classNameMap.DescentLinear).toBeDefined();
    expect(() => train.linear({ units: 0 })).toThrow("train.linear: parameter 'units' must be");
  });
});
