import { describe, it, expect, beforeAll } from "vitest";
import { tf as dtf, train, data } from "../src";

const tf = dtf.tf;
let digits: data.Digits;
let small: data.Digits;
beforeAll(async () => {
  digits = await data.loadDigits({ seed: 3, validationFraction: 0.1 });
  // A small slice keeps these tests fast: 300 training, 100 validation and 100 test digits.
  small = {
    ...digits,
    xTrain: digits.xTrain.slice(0, 300 * 64),
    yTrain: digits.yTrain.slice(0, 300),
    xVal: digits.xVal.slice(0, 100 * 64),
    yVal: digits.yVal.slice(0, 100),
    xTest: digits.xTest.slice(0, 100 * 64),
    yTest: digits.yTest.slice(0, 100),
  };
});

describe("train", () => {
  beforeAll(async () => {
    await dtf.ready({ backend: "wasm" });
  });

  it("crossEntropy is the mean −log softmax of the true class (hand-computed)", () => {
    const logits = tf.tensor2d([[1, 2, 3], [0, 0, 0]]);
    const labels = tf.tensor1d([2, 0], "int32");
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    const want = ((lse - 3) + Math.log(3)) / 2;
    expect(train.crossEntropy(logits, labels).dataSync()[0]).toBeCloseTo(want, 6);
  });

  it("mlp has PyTorch's Linear init bounds and the requested shapes; the seed fixes it", () => {
    const a = train.mlp({ sizes: [64, 32, 10], seed: 5 });
    const shapes = a.getWeights().map((w) => w.shape);
    expect(shapes).toEqual([[64, 32], [32], [32, 10], [10]]);
    const w0 = a.getWeights()[0].dataSync();
    expect(Math.max(...w0.map(Math.abs))).toBeLessThanOrEqual(1 / 8);
    expect(Math.max(...w0.map(Math.abs))).toBeGreaterThan(0.12);
    expect(train.mlp({ sizes: [64, 32, 10], seed: 5 }).getWeights()[2].dataSync()).toEqual(a.getWeights()[2].dataSync());
    expect(train.mlp({ sizes: [64, 32, 10], seed: 6 }).getWeights()[2].dataSync()).not.toEqual(a.getWeights()[2].dataSync());
    const bn = train.mlp({ sizes: [64, 16, 10], batchNorm: true, seed: 1 });
    expect(bn.layers.map((l) => l.getClassName())).toEqual(["DescentLinear", "DescentBatchNorm", "Activation", "DescentLinear"]);
    expect(() => train.mlp({ sizes: [64] })).toThrow("train.mlp: parameter 'sizes' must be an array of at least 2 positive integers, got [64]");
  });

  it("is deterministic for a seed (same backend) and the seed matters", async () => {
    const run = async (seed: number) => {
      const model = train.mlp({ sizes: [64, 32, 10], seed: 1, batchNorm: true });
      return train.fit(model, small, { optimizer: dtf.optim.adam({ lr: 3e-3 }), epochs: 2, batchSize: 32, seed });
    };
    const a = await run(1);
    const b = await run(1);
    const c = await run(2);
    expect(b.trainLoss).toEqual(a.trainLoss);
    expect(b.valLoss).toEqual(a.valLoss);
    expect(b.test).toEqual(a.test);
    expect(c.trainLoss).not.toEqual(a.trainLoss);
    expect(a.trainLoss[1]).toBeLessThan(a.trainLoss[0]);
  });

  it("early stopping watches the validation set, waits `patience` epochs after the best one and restores its weights", async () => {
    const model = train.mlp({ sizes: [64, 32, 10], seed: 2 });
    // A good first epoch (10 batches), then a step size that makes the held-out loss climb.
    const optimizer = dtf.optim.sgd({ lr: 0.5, schedule: (k) => (k < 10 ? 0.5 : 40) });
    const seen: number[] = [];
    const h = await train.fit(model, small, { optimizer, epochs: 20, earlyStopping: { patience: 2 }, onEpoch: (r) => seen.push(r.epoch) });
    expect(h.stoppedEarly).toBe(true);
    expect(h.epoch.length).toBe(h.bestEpoch + 2);
    expect(seen).toEqual(h.epoch);
    expect(h.restoredBest).toBe(true);
    expect(Math.min(...h.valLoss)).toBe(h.valLoss[h.bestEpoch - 1]);
    // The returned model is the best epoch's: its validation loss, recomputed here, is the recorded one.
    const xv = tf.tensor2d(Float32Array.from(small.xVal), [100, 64]);
    const yv = tf.tensor1d(Int32Array.from(small.yVal), "int32");
    expect((await train.evaluate(model, xv, yv)).loss).toBeCloseTo(h.valLoss[h.bestEpoch - 1], 5);
    // The test set was evaluated once, at the end, on those weights; per epoch it was not looked at.
    const xt = tf.tensor2d(Float32Array.from(small.xTest), [100, 64]);
    const yt = tf.tensor1d(Int32Array.from(small.yTest), "int32");
    const now = await train.evaluate(model, xt, yt);
    expect(now.loss).toBeCloseTo(h.test.loss, 5);
    expect(h.testLoss.slice(0, -1).every(Number.isNaN)).toBe(true);
    expect(h.testAccuracy[h.testAccuracy.length - 1]).toBe(h.test.accuracy);
    tf.dispose([xv, yv, xt, yt]);
  });

  it("early stopping can watch validation accuracy; monitorTest records the test set per epoch without deciding on it", async () => {
    const model = train.mlp({ sizes: [64, 32, 10], seed: 2 });
    const optimizer = dtf.optim.sgd({ lr: 0.5, schedule: (k) => (k < 10 ? 0.5 : 40) });
    const h = await train.fit(model, small, { optimizer, epochs: 20, earlyStopping: { patience: 2, monitor: "accuracy" }, monitorTest: true });
    expect(h.stoppedEarly).toBe(true);
    expect(Math.max(...h.valAccuracy)).toBe(h.valAccuracy[h.bestEpoch - 1]);
    expect(h.valAccuracy.indexOf(Math.max(...h.valAccuracy))).toBe(h.bestEpoch - 1);
    expect(h.testAccuracy.every((a) => a >= 0 && a <= 1)).toBe(true);
  });

  it("early stopping without a validation set is refused (it must not fall back to the test set)", async () => {
    const model = train.mlp({ sizes: [64, 10] });
    const { xVal, yVal, ...noVal } = small;
    await expect(train.fit(model, noVal, { optimizer: dtf.optim.adam(), epochs: 1, earlyStopping: { patience: 1 } })).rejects.toThrow(
      "train.fit: parameter 'data.xVal' must hold a validation set when earlyStopping is set",
    );
    const h = await train.fit(model, noVal, { optimizer: dtf.optim.adam(), epochs: 1 });
    expect(h.bestEpoch).toBe(0);
    expect(Number.isNaN(h.valLoss[0])).toBe(true);
    expect(h.test.accuracy).toBeGreaterThan(0);
  });

  it("the epoch's training loss is the example-weighted mean of the minibatch losses (uneven last batch)", async () => {
    const model = train.mlp({ sizes: [64, 10], seed: 4 });
    const seen: number[] = [];
    // lr 0: every minibatch loss is taken at the same weights, so the epoch mean is the full-set loss.
    const h = await train.fit(model, small, { optimizer: dtf.optim.sgd({ lr: 0 }), epochs: 1, batchSize: 64, onEpoch: (r) => seen.push(r.trainLoss) });
    const x = tf.tensor2d(Float32Array.from(small.xTrain), [300, 64]);
    const y = tf.tensor1d(Int32Array.from(small.yTrain), "int32");
    expect(h.trainLoss[0]).toBeCloseTo((await train.evaluate(model, x, y)).loss, 5);
    tf.dispose([x, y]);
  });

  it("rejects bad options with the parameter name", async () => {
    const model = train.mlp({ sizes: [64, 10] });
    await expect(train.fit(model, small, { optimizer: dtf.optim.adam(), epochs: 0 })).rejects.toThrow("train.fit: parameter 'epochs' must be a positive integer, got 0");
    await expect(train.fit(model, { ...small, yTest: [12] }, { optimizer: dtf.optim.adam(), epochs: 1 })).rejects.toThrow("parameter 'data.xTest'");
    await expect(train.fit(model, small, { optimizer: {} as dtf.tf.Optimizer, epochs: 1 })).rejects.toThrow("parameter 'optimizer' must be a tf.Optimizer");
  });

  // The done-when check of issue 8, decided on validation only: stop once validation accuracy reaches
  // 98% (or after 30 epochs), then the test set is evaluated once. A few seconds on wasm.
  it("an MLP 64-256-256-10 reaches ≥ 97% test accuracy within 30 epochs with Adam and with SGD + momentum", async () => {
    for (const optimizer of [dtf.optim.adam({ lr: 1e-3 }), dtf.optim.sgd({ lr: 0.05, momentum: 0.9 })]) {
      const model = train.mlp({ sizes: [64, 256, 256, 10], seed: 1 });
      const h = await train.fit(model, digits, { optimizer, epochs: 30, seed: 2, until: (r) => r.valAccuracy >= 0.98 });
      expect(h.epoch.length).toBeLessThanOrEqual(30);
      expect(h.test.accuracy).toBeGreaterThanOrEqual(0.97);
    }
  }, 120_000);
});
