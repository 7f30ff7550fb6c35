import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { norm, rng } from "../src";

/* The tfjs layers against the float64 reference layers, at float32 tolerance. */

const TOL = 2e-5;

function randomMatrix(rows: number, cols: number, seed: number, scale = 1, shift = 0): number[][] {
  const r = rng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => shift + scale * r.normal()));
}

function expectClose(actual: ArrayLike<number>, expected: number[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  const scale = Math.max(1, ...expected.map(Math.abs));
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `${label}[${i}] ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(TOL * scale);
  }
}

const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("norm.tf.BatchNorm (PyTorch conventions)", () => {
  it("three training steps and evaluation match the float64 batchNorm, incl. running statistics", () => {
    const c = 4;
    const layer = norm.tf.batchNorm({ momentum: 0.3 });
    const gamma = [1.5, 0.5, -1, 2];
    const beta = [0.1, -0.2, 0.3, 0];
    layer.build([null, c]);
    layer.setWeights([tf.tensor1d(gamma), tf.tensor1d(beta), tf.zeros([c]), tf.ones([c])]);
    let runningMean: number[] | undefined;
    let runningVar: number[] | undefined;
    for (let step = 0; step < 3; step++) {
      const X = randomMatrix(6, c, 10 + step, 2, 1);
      const y = tf.tidy(() => (layer.apply(tf.tensor2d(X), { training: true }) as tf.Tensor).dataSync());
      const ref = norm.batchNorm({ X, gamma, beta, momentum: 0.3, runningMean, runningVar });
      expectClose(y, flat(ref.Y), `Y step ${step}`);
      const [, , rm, rv] = layer.getWeights();
      expectClose(rm.dataSync(), ref.runningMean, `runningMean step ${step}`);
      expectClose(rv.dataSync(), ref.runningVar, `runningVar step ${step}`);
      runningMean = ref.runningMean;
      runningVar = ref.runningVar;
    }
    const X = randomMatrix(3, c, 20, 2, 1);
    const y = tf.tidy(() => (layer.apply(tf.tensor2d(X)) as tf.Tensor).dataSync());
    const ref = norm.batchNorm({ X, gamma, beta, runningMean, runningVar, training: false });
    expectClose(y, flat(ref.Y), "eval Y");
    expectClose(layer.getWeights()[2].dataSync(), runningMean!, "eval leaves runningMean");
  });

  it("gradients (training mode) match the float64 backward pass", () => {
    const X = randomMatrix(5, 3, 30, 1.5, 0.5);
    const R = randomMatrix(5, 3, 31);
    const gamma = [0.7, 1.3, -0.4];
    const beta = [0, 0.5, 1];
    const layer = norm.tf.batchNorm();
    layer.build([null, 3]);
    layer.setWeights([tf.tensor1d(gamma), tf.tensor1d(beta), tf.zeros([3]), tf.ones([3])]);
    const r = tf.tensor2d(R);
    const loss = (x: tf.Tensor) => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, r)) as tf.Scalar;
    const dx = tf.grad(loss)(tf.tensor2d(X));
    const { grads } = tf.variableGrads(() => loss(tf.tensor2d(X)), layer.trainableWeights.map((w) => (w as any).val));
    const ref = norm.batchNorm({ X, gamma, beta }).backward(R);
    expectClose(dx.dataSync(), flat(ref.dX), "dX");
    const names = Object.keys(grads);
    expectClose(grads[names.find((n) => n.includes("gamma"))!].dataSync(), ref.dgamma, "dgamma");
    expectClose(grads[names.find((n) => n.includes("beta"))!].dataSync(), ref.dbeta, "dbeta");
  });

  it("axis 1 gives PyTorch's N×C×L layout", () => {
    const r = rng(40);
    const X = Array.from({ length: 3 }, () => Array.from({ length: 2 }, () => Array.from({ length: 4 }, () => r.normal())));
    const layer = norm.tf.batchNorm({ axis: 1 });
    const y = tf.tidy(() => (layer.apply(tf.tensor3d(X), { training: true }) as tf.Tensor).dataSync());
    const ref = norm.batchNorm({ X });
    expectClose(y, flat(ref.Y), "Y");
    expectClose(layer.getWeights()[3].dataSync(), ref.runningVar, "runningVar");
  });

  it("trains inside a tf.sequential model (fit passes training = true)", async () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 4, inputShape: [3], kernelInitializer: "ones", useBias: false }), norm.tf.batchNorm(), tf.layers.dense({ units: 1 })],
    });
    model.compile({ optimizer: tf.train.sgd(0.01), loss: "meanSquaredError" });
    const X = randomMatrix(8, 3, 50);
    const Y = randomMatrix(8, 1, 51);
    const before = model.layers[1].getWeights()[2].dataSync()[0];
    await model.fit(tf.tensor2d(X), tf.tensor2d(Y), { epochs: 1, batchSize: 8, verbose: 0, shuffle: false });
    const after = model.layers[1].getWeights()[2].dataSync()[0];
    // One step with momentum 0.1 from 0: running mean = 0.1 · batch mean of the dense output (= row sums of X).
    const rowSumMean = X.reduce((s, row) => s + row[0] + row[1] + row[2], 0) / 8;
    expect(before).toBe(0);
    expect(Math.abs(after - 0.1 * rowSumMean)).toBeLessThan(1e-5);
    const config = model.layers[1].getConfig();
    expect(config.momentum).toBe(0.1);
    expect(config.eps).toBe(1e-5);
  });

  it("refuses bad arguments and a batch of 1 in training", () => {
    expect(() => norm.tf.batchNorm({ eps: 0 })).toThrow(/^norm.tf.BatchNorm: parameter 'eps' must be a finite number > 0, got 0/);
    expect(() => norm.tf.batchNorm({ momentum: -0.1 })).toThrow(/parameter 'momentum' must be a number in \[0, 1\], got -0.1/);
    const layer = norm.tf.batchNorm();
    expect(() => layer.apply(tf.tensor2d([[1, 2]]), { training: true })).toThrow(/more than 1 value per channel when training/);
    expect(() => norm.tf.layerNorm({ eps: -1 })).toThrow(/^norm.tf.layerNorm: parameter 'eps'/);
  });
});

describe("norm.tf.layerNorm (tf.layers.layerNormalization with torch's eps)", () => {
  it("forward and gradients match the float64 layerNorm", () => {
    const X = randomMatrix(4, 6, 60, 3, -1);
    const R = randomMatrix(4, 6, 61);
    const weight = [1, 0.5, -1, 2, 0.3, 1.1];
    const bias = [0, 0.1, 0.2, -0.3, 0.4, 0];
    const layer = norm.tf.layerNorm();
    layer.build([null, 6]);
    layer.setWeights([tf.tensor1d(weight), tf.tensor1d(bias)]);
    const y = tf.tidy(() => (layer.apply(tf.tensor2d(X)) as tf.Tensor).dataSync());
    const ref = norm.layerNorm({ X, weight, bias });
    expectClose(y, flat(ref.Y), "Y");
    const r = tf.tensor2d(R);
    const dx = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, r)) as tf.Scalar)(tf.tensor2d(X));
    const g = ref.backward(R);
    expectClose(dx.dataSync(), flat(g.dX), "dX");
  });
});
