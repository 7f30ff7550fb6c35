import { describe, it, expect, beforeAll } from "vitest";
import * as d from "../src";

const tf = d.tf.tf;
let fm: d.data.FashionMnist;

beforeAll(async () => {
  await d.tf.ready();
  fm = await d.data.loadFashionMnist();
});

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i], 0);

describe("Hessian-vector products of a ParamNet", () => {
  it("gᵀHg from the HVP equals a finite-difference second derivative of the loss along g (real images)", async () => {
    const net = d.train.paramNet({ sizes: [784, 8, 10], activation: "tanh", seed: 3 });
    const { x, y } = d.train.toTensors(fm.xTrain.subarray(0, 64 * 784), fm.yTrain.subarray(0, 64), 784);
    const g = await d.train.flatGradient(net, x, y);
    const gHg = dot(g, await d.train.hessianVectorProduct(net, x, y, g));
    // Second difference of the loss itself along the unit direction ĝ, scaled back by ‖g‖².
    const theta = await d.train.flatParams(net);
    const norm = Math.sqrt(dot(g, g));
    // 0.01: small enough that the curvature along ĝ barely changes over ±h, large enough for float32 losses.
    const h = 0.01;
    const lossAt = (t: number) => {
      const ps = d.train.unflatten(net, theta.map((v, i) => v + (t * g[i]) / norm));
      const l = d.train.netLoss(net, x, y, ps);
      const value = l.dataSync()[0];
      tf.dispose([l, ...ps]);
      return value;
    };
    const second = ((lossAt(h) - 2 * lossAt(0) + lossAt(-h)) / (h * h)) * norm * norm;
    expect(gHg).toBeGreaterThan(0);
    expect(Math.abs(gHg - second) / Math.abs(second)).toBeLessThan(0.02);
    tf.dispose([x, y]);
    net.dispose();
  });

  it("Lanczos on HVPs finds the top eigenvalues of the explicitly formed Hessian of a small net", async () => {
    const net = d.train.paramNet({ sizes: [6, 5, 3], activation: "tanh", seed: 1 });
    const r = d.rng(2);
    const xs = Float32Array.from({ length: 40 * 6 }, () => r.normal());
    const ys = Int32Array.from({ length: 40 }, () => r.int(3));
    const { x, y } = d.train.toTensors(xs, ys, 6);
    const n = net.size;
    expect(n).toBe(6 * 5 + 5 + 5 * 3 + 3);
    // The full Hessian, one column per basis vector, symmetrized.
    const cols: Float64Array[] = [];
    for (let j = 0; j < n; j++) cols.push(await d.train.hessianVectorProduct(net, x, y, Float64Array.from({ length: n }, (_, i) => (i === j ? 1 : 0)), 1e-2));
    const H = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => 0.5 * (cols[j][i] + cols[i][j])));
    const exact = d.secondOrder.symmetricEigenvalues(H).reverse();
    const apply = (v: Float64Array) => H.map((row) => dot(row, v));
    const full = await d.lab.lanczos(apply, n, { iterations: n, top: 3 });
    const short = await d.lab.lanczos(apply, n, { iterations: 25, top: 2, seed: 5 });
    for (let k = 0; k < 3; k++) expect(full.top[k]).toBeCloseTo(exact[k], 6);
    expect(full.smallest).toBeCloseTo(exact[n - 1], 6);
    // 25 iterations: the extreme eigenvalues have converged.
    expect(Math.abs(short.top[0] - exact[0]) / exact[0]).toBeLessThan(1e-4);
    // And through the operator itself (finite-difference HVPs, not the stored matrix): same top eigenvalue.
    const viaNet = await d.lab.lanczos((v) => d.train.hessianVectorProduct(net, x, y, v, 1e-2), n, { iterations: 30, top: 1 });
    expect(Math.abs(viaNet.top[0] - exact[0]) / exact[0]).toBeLessThan(1e-2);
    tf.dispose([x, y]);
    net.dispose();
  });

  it("lanczos on a diagonal operator recovers its extreme values; rejects bad arguments", async () => {
    const diag = Float64Array.from({ length: 200 }, (_, i) => (i === 0 ? 50 : i === 1 ? 20 : i === 2 ? -7 : Math.sin(i)));
    const res = await d.lab.lanczos((v) => v.map((x, i) => x * diag[i]), 200, { iterations: 40, top: 2 });
    expect(res.top[0]).toBeCloseTo(50, 6);
    expect(res.top[1]).toBeCloseTo(20, 6);
    expect(res.smallest).toBeCloseTo(-7, 4);
    await expect(d.lab.lanczos((v) => v, 10, { iterations: 0 })).rejects.toThrow(/lab.lanczos: parameter 'iterations' must be a positive integer, got 0/);
    await expect(d.lab.lanczos(() => [1, 2], 10, { iterations: 3 })).rejects.toThrow(/lab.lanczos: parameter 'apply' must be a function returning 10 numbers, got 2/);
    // An asynchronous operator (as a tfjs product read back on webgpu is) gives the same result as the synchronous one.
    const viaPromise = await d.lab.lanczos(async (v) => v.map((x, i) => x * diag[i]), 200, { iterations: 40, top: 2 });
    expect(viaPromise).toEqual(res);
  });
});

describe("gradientGrowth (Figure 8.1) on a small slice", () => {
  it("records ‖g‖, gᵀHg and the test error at every checkpoint, and training lowers the error", async () => {
    const r = await d.lab.gradientGrowth(fm, { sizes: [784, 32, 10], nTrain: 1000, batchSize: 50, steps: 80, lr: 0.1, nEval: 500, nTest: 500, checkpoints: 4, seed: 1 });
    expect(r.step).toEqual([0, 20, 40, 60, 80]);
    for (const series of [r.gradientNorm, r.gHg, r.evalLoss, r.testError]) {
      expect(series.length).toBe(5);
      expect(series.every(Number.isFinite)).toBe(true);
    }
    expect(r.trainLoss.length).toBe(80);
    expect(r.testError[4]).toBeLessThan(r.testError[0] - 0.3);
    expect(r.evalLoss[4]).toBeLessThan(r.evalLoss[0]);
    expect(r.initialParams.length).toBe(r.net.size);
    r.net.dispose();
  });

  it("rejects bad options by name", async () => {
    await expect(d.lab.gradientGrowth(fm, { ...d.lab.gradientGrowthSizes.small, nEval: 20000 })).rejects.toThrow(/lab.gradientGrowth: parameter 'nEval' must be at most nTrain = 12000, got 20000/);
    await expect(d.lab.gradientGrowth(fm, { ...d.lab.gradientGrowthSizes.small, lr: NaN })).rejects.toThrow(/parameter 'lr' must be a finite number, got NaN/);
    await expect(d.lab.gradientGrowth(fm, { ...d.lab.gradientGrowthSizes.small, bogus: 1 } as never)).rejects.toThrow(/parameter 'bogus' must be one of the known options/);
  });
});

describe("work size", () => {
  it("follows DESCENT_SIZE, else the backend (wasm/cpu: small)", () => {
    const saved = process.env.DESCENT_SIZE;
    try {
      delete process.env.DESCENT_SIZE;
      expect(d.lab.workSize()).toBe(["webgpu", "webgl"].includes(d.tf.lastReport()!.backend) ? "full" : "small");
      process.env.DESCENT_SIZE = "full";
      expect(d.lab.workSize()).toBe("full");
      expect(d.lab.workLine("x", "full", "y")).toMatch(/size "full" \(set by DESCENT_SIZE\)/);
      process.env.DESCENT_SIZE = "huge";
      expect(() => d.lab.workSize()).toThrow(/lab.workSize: parameter 'DESCENT_SIZE' must be one of "small", "full", got "huge"/);
    } finally {
      if (saved === undefined) delete process.env.DESCENT_SIZE;
      else process.env.DESCENT_SIZE = saved;
    }
  });
});
