import { describe, it, expect, beforeAll } from "vitest";
import { tf as dtf } from "../src";

const tf = dtf.tf;
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-6) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(tol * (1 + Math.abs(b[i])));
};

describe("tfjs optimizer extras (hand-computed references)", () => {
  beforeAll(async () => {
    await dtf.ready({ backend: "cpu" });
  });

  it("clipNorm rescales all gradients together like torch's clip_grad_norm_", () => {
    const a = tf.variable(tf.tensor1d([0, 0]));
    const b = tf.variable(tf.tensor1d([0]));
    const opt = dtf.optim.sgd({ lr: 1, clipNorm: 1 });
    // ∇ of 3a0 + 4b0 ... gradients (3, 0) and (4): global norm 5, coefficient 1/(5 + 1e-6).
    opt.minimize(() => tf.add(tf.mul(3, a.gather([0])).sum(), tf.mul(4, b).sum()) as dtf.tf.Scalar, false, [a, b]);
    const c = 1 / (5 + 1e-6);
    close(a.dataSync(), [-3 * c, 0]);
    close(b.dataSync(), [-4 * c]);
  });

  it("clipValue clamps elementwise", () => {
    const x = tf.variable(tf.tensor1d([0, 0, 0]));
    const opt = dtf.optim.sgd({ lr: 1, clipValue: 0.5 });
    opt.minimize(() => tf.sum(tf.mul(tf.tensor1d([2, -0.25, -3]), x)) as dtf.tf.Scalar, false, [x]);
    close(x.dataSync(), [-0.5, 0.25, 0.5]);
  });

  it("a schedule sets each step's lr from the number of steps taken", () => {
    const x = tf.variable(tf.scalar(0));
    const seen: number[] = [];
    const opt = dtf.optim.sgd({ lr: 123, schedule: (t) => (seen.push(t), 0.1 * (t + 1)) });
    for (let k = 0; k < 3; k++) opt.minimize(() => tf.mul(x, 1) as dtf.tf.Scalar, false, [x]);
    expect(seen).toEqual([0, 1, 2]);
    close([x.dataSync()[0]], [-(0.1 + 0.2 + 0.3)]);
  });

  it("Polyak and EMA averaging of the iterates", () => {
    const x = tf.variable(tf.scalar(0));
    const y = tf.variable(tf.scalar(0));
    const polyak = dtf.optim.sgd({ lr: 1, average: "polyak" });
    const ema = dtf.optim.sgd({ lr: 1, average: { ema: 0.5 } });
    const iterates: number[] = [];
    for (let k = 0; k < 4; k++) {
      polyak.minimize(() => tf.mul(x, -1) as dtf.tf.Scalar, false, [x]);
      ema.minimize(() => tf.mul(y, -1) as dtf.tf.Scalar, false, [y]);
      iterates.push(x.dataSync()[0]);
    }
    expect(iterates).toEqual([1, 2, 3, 4]);
    close(polyak.averaged(x)!.dataSync(), [(1 + 2 + 3 + 4) / 4]);
    // a1 = 1, a2 = 1.5, a3 = 2.25, a4 = 3.125
    close(ema.averaged(y)!.dataSync(), [3.125]);
    polyak.swapAverages();
    close(x.dataSync(), [2.5]);
    polyak.swapAverages();
    close(x.dataSync(), [4]);
  });

  it("works inside model.compile / model.fit and learns", async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: "zeros" })] });
    model.compile({ optimizer: dtf.optim.adam({ lr: 0.1 }), loss: "meanSquaredError" });
    const xs = tf.tensor2d([[0, 0], [1, 0], [0, 1], [1, 1]]);
    const ys = tf.tensor2d([[1], [3], [-1], [1]]); // y = 1 + 2a − 2b
    const h = await model.fit(xs, ys, { epochs: 150, batchSize: 4, verbose: 0 });
    expect(h.history.loss[149] as number).toBeLessThan(1e-3);
    close(model.getWeights()[0].dataSync(), [2, -2], 0.05);
  });

  it("rejects bad hyperparameters with the function and parameter names", () => {
    expect(() => dtf.optim.adam({ lr: -1 })).toThrow("tf.optim.adam: parameter 'lr' must be a finite number ≥ 0, got -1");
    expect(() => dtf.optim.adam({ betas: [0.9, 1] as [number, number] })).toThrow("tf.optim.adam: parameter 'betas' must be a pair");
    expect(() => dtf.optim.sgd({ lr: 0.1, nesterov: true })).toThrow("tf.optim.sgd: parameter 'nesterov' must be false unless momentum > 0");
    expect(() => dtf.optim.sgd({} as { lr: number })).toThrow("tf.optim.sgd: parameter 'lr' must be given");
    expect(() => dtf.optim.adam({ learningRate: 0.1 } as object)).toThrow("parameter 'learningRate' must be one of the known options");
    expect(() => dtf.book.rmsprop({ epsilon: 0.1, rho: 1 })).toThrow("tf.book.rmsprop: parameter 'rho' must be a number in [0, 1), got 1");
    expect(() => dtf.optim.sgd({ lr: 1, clipNorm: 0 })).toThrow("tf.optim.sgd: parameter 'clipNorm' must be a finite number > 0, got 0");
    expect(() => dtf.optim.sgd({ lr: 1, average: { ema: 1 } })).toThrow("parameter 'average' must be");
  });

  it("a failing schedule leaves variables and state untouched", () => {
    const x = tf.variable(tf.scalar(1));
    const opt = dtf.optim.adam({ lr: 0.1, schedule: (t) => (t === 0 ? 0.1 : NaN) });
    opt.minimize(() => tf.square(x) as dtf.tf.Scalar, false, [x]);
    const after1 = x.dataSync()[0];
    const m = opt.slot(x, "m")!.dataSync()[0];
    expect(() => opt.minimize(() => tf.square(x) as dtf.tf.Scalar, false, [x])).toThrow("the schedule must return a finite lr ≥ 0, got NaN at step 1");
    expect(x.dataSync()[0]).toBe(after1);
    expect(opt.slot(x, "m")!.dataSync()[0]).toBe(m);
  });

  it("gives the same numbers on wasm as on cpu (float32 both)", async () => {
    const run = () => {
      const x = tf.variable(tf.tensor1d([-1.5, 2]));
      const opt = dtf.optim.adam({ lr: 0.05 });
      for (let k = 0; k < 50; k++) opt.minimize(() => tf.sum(tf.mul(tf.tensor1d([1, 10]), tf.square(x))) as dtf.tf.Scalar, false, [x]);
      return Array.from(x.dataSync());
    };
    const onCpu = run();
    await dtf.ready({ backend: "wasm" });
    const onWasm = run();
    await dtf.ready({ backend: "cpu" });
    close(onWasm, onCpu, 1e-5);
  });
});
