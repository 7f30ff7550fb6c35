import { describe, it, expect, beforeAll } from "vitest";
import * as d from "../src";

const tf = d.tf.tf;
let fm: d.data.FashionMnist;

beforeAll(async () => {
  await d.tf.ready();
  fm = await d.data.loadFashionMnist();
});

describe("batch normalization on Fashion-MNIST", () => {
  it("a trained BN net's normalized activations have, per unit and minibatch, mean β and standard deviation γ in training mode", async () => {
    const model = d.train.mlp({ sizes: [784, 40, 40, 10], activation: "relu", batchNorm: true, seed: 2 });
    const { x, y } = d.train.toTensors(fm.xTrain.subarray(0, 600 * 784), fm.yTrain.subarray(0, 600), 784);
    await d.lab.trainSteps(
      (xb, yb) => d.train.crossEntropy(model.apply(xb, { training: true }) as d.tf.tf.Tensor, yb),
      model.trainableWeights.map((w) => w.read() as d.tf.tf.Variable),
      x,
      y,
      { optimizer: d.tf.optim.sgd({ lr: 0.1, momentum: 0.9 }), steps: 30, batchSize: 60, seed: 0 },
    );
    const bn = model.layers.filter((l) => l.getClassName() === "DescentBatchNorm")[1];
    const [gamma, beta] = bn.getWeights().slice(0, 2).map((w) => Array.from(w.dataSync()));
    // γ and β have moved away from 1 and 0, so the check below is about the trained layer.
    expect(Math.max(...gamma.map((g) => Math.abs(g - 1)))).toBeGreaterThan(1e-3);
    const probe = tf.model({ inputs: model.inputs, outputs: bn.output as d.tf.tf.SymbolicTensor });
    const batch = tf.tensor2d(fm.xTest.subarray(0, 200 * 784), [200, 784]);
    const out = (probe.apply(batch, { training: true }) as d.tf.tf.Tensor2D).arraySync();
    for (let j = 0; j < 40; j++) {
      const z = out.map((row) => (row[j] - beta[j]) / gamma[j]);
      const mean = z.reduce((s, v) => s + v, 0) / z.length;
      const variance = z.reduce((s, v) => s + (v - mean) ** 2, 0) / z.length;
      expect(Math.abs(mean)).toBeLessThan(1e-4);
      // Biased batch variance of the normalized values: σ²/(σ² + ε) with ε = 1e-5.
      expect(Math.abs(variance - 1)).toBeLessThan(2e-3);
    }
    // In inference mode the running statistics are used: the same batch is not exactly normalized.
    const inference = (probe.apply(batch, { training: false }) as d.tf.tf.Tensor2D).arraySync();
    const meanInf = inference.map((row) => (row[0] - beta[0]) / gamma[0]).reduce((s, v) => s + v, 0) / 200;
    expect(Math.abs(meanInf)).toBeGreaterThan(1e-3);
    tf.dispose([x, y, batch]);
    model.dispose();
  });

  it("batchNormDrift records both runs at every measurement, percentiles ordered, steps to target = first crossing", async () => {
    const r = await d.lab.batchNormDrift(fm, { hidden: [32, 32, 32], activation: "relu", nTrain: 1200, nTest: 400, batchSize: 60, steps: 40, lr: 0.05, momentum: 0.9, evalEvery: 10, target: 0.5, layer: 2, unit: 3, nProbe: 200, seed: 1 });
    expect(r.step).toEqual([0, 10, 20, 30, 40]);
    expect(r.runs.map((run) => run.batchNorm)).toEqual([false, true]);
    for (const run of r.runs) {
      expect(run.testAccuracy.length).toBe(5);
      expect(run.trainLoss.length).toBe(40);
      run.p15.forEach((v, i) => {
        expect(v).toBeLessThanOrEqual(run.p50[i]);
        expect(run.p50[i]).toBeLessThanOrEqual(run.p85[i]);
      });
      const first = run.testAccuracy.findIndex((a) => a >= 0.5);
      expect(run.stepsToTarget).toBe(first < 0 ? null : r.step[first]);
    }
    // With BN the probed unit's input is spread out from the first measurement after step 0.
    const bnRun = r.runs[1];
    expect(bnRun.p85[1] - bnRun.p15[1]).toBeGreaterThan(0.1);
  });

  it("quantile and option checks", async () => {
    expect(d.lab.quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(d.lab.quantile([5, 1, 3, 2, 4], 0)).toBe(1);
    expect(d.lab.quantile([5, 1, 3, 2, 4], 1)).toBe(5);
    const base = d.lab.batchNormDriftSizes.small;
    await expect(d.lab.batchNormDrift(fm, { ...base, layer: 6 })).rejects.toThrow(/lab.batchNormDrift: parameter 'layer' must be an integer in 0..5, got 6/);
    await expect(d.lab.batchNormDrift(fm, { ...base, nProbe: 5000 })).rejects.toThrow(/parameter 'nProbe' must be at most nTest = 2000, got 5000/);
  });
});

describe("loss landscapes (Li et al. 2018) on Fashion-MNIST", () => {
  it("filter-normalized directions: every neuron's column has the trained weights' norm, biases get none", async () => {
    const net = d.train.paramNet({ sizes: [784, 12, 10], seed: 4 });
    const dir = await d.lab.filterNormalizedDirection(net, 9);
    expect(dir.map((t) => t.shape)).toEqual(net.params.map((p) => p.shape));
    net.params.forEach((p, k) => {
      const v = dir[k].dataSync();
      if (p.rank === 1) return expect(Array.from(v).every((x) => x === 0)).toBe(true);
      const [fanIn, fanOut] = p.shape;
      const w = p.dataSync();
      for (let j = 0; j < fanOut; j++) {
        let wn = 0;
        let dn = 0;
        for (let i = 0; i < fanIn; i++) (wn += w[i * fanOut + j] ** 2), (dn += v[i * fanOut + j] ** 2);
        expect(Math.sqrt(dn) / Math.sqrt(wn)).toBeCloseTo(1, 5);
      }
    });
    // A seed gives the same direction; another seed a different one.
    const again = await d.lab.filterNormalizedDirection(net, 9);
    const other = await d.lab.filterNormalizedDirection(net, 10);
    expect(again[0].dataSync()).toEqual(dir[0].dataSync());
    expect(other[0].dataSync()).not.toEqual(dir[0].dataSync());
    tf.dispose([...dir, ...again, ...other]);
    net.dispose();
  });

  it("the landscape at the origin equals the trained loss, for the plain and the residual net", async () => {
    const land = await d.lab.lossLandscapes(fm, { depth: 3, width: 16, nTrain: 600, batchSize: 30, steps: 40, lr: 0.01, momentum: 0.9, gridPoints: 5, extent: 1, nLoss: 500, seed: 1 });
    expect(land.map((l) => [l.residual, l.initializer])).toEqual([[false, "he"], [true, "default"]]);
    for (const l of land) {
      expect(l.alphas).toEqual([-1, -0.5, 0, 0.5, 1]);
      expect(l.loss.length).toBe(5);
      l.loss.forEach((row) => expect(row.length).toBe(5));
      expect(Math.abs(l.loss[2][2] - l.trainedLoss)).toBeLessThan(1e-6);
      // Training moved the loss below chance, and the centre is lower than the grid's corners.
      expect(l.trainedLoss).toBeLessThan(Math.log(10) - 0.3);
      expect(Math.min(l.loss[0][0], l.loss[0][4], l.loss[4][0], l.loss[4][4])).toBeGreaterThan(l.loss[2][2]);
    }
  });

  it("basinRadius measures how far the loss stays within a rise of the centre; bad grids are rejected", async () => {
    const grid = { alphas: [-2, -1, 0, 1, 2], betas: [-2, -1, 0, 1, 2], loss: [-2, -1, 0, 1, 2].map((b) => [-2, -1, 0, 1, 2].map((a) => a * a + b * b)) };
    expect(d.lab.basinRadius(grid, 1)).toBe(0.5);
    expect(d.lab.basinRadius(grid, 4)).toBe(1);
    expect(d.lab.basinRadius(grid, 0.5)).toBe(0);
    await expect(d.lab.lossLandscapes(fm, { ...d.lab.lossLandscapeSizes.small, gridPoints: 10 })).rejects.toThrow(/lab.lossLandscapes: parameter 'gridPoints' must be an odd integer ≥ 3/);
  });
});

describe("plot.surface and plot.gridContour (measured grids)", () => {
  const grid = { title: "t", x: [0, 1, 2], y: [0, 1], z: [[1, 2, 3], [4, 5, 6]], xTitle: "α", yTitle: "β", zTitle: "loss" };
  it("draw the grid as given (log₁₀ with logZ) with marks on top", () => {
    const s = d.plot.surface({ ...grid, logZ: true, marks: [{ name: "θ*", x: 0, y: 0, z: 10 }] }).toJSON();
    expect(s.data[0].type).toBe("surface");
    expect((s.data[0].z as number[][])[1][2]).toBeCloseTo(Math.log10(6), 12);
    expect(s.data[1].type).toBe("scatter3d");
    expect((s.data[1].z as number[])[0]).toBeCloseTo(1, 12);
    const c = d.plot.gridContour(grid).toJSON();
    expect(c.data[0].type).toBe("contour");
    expect(c.data[0].z).toEqual(grid.z);
  });
  it("reject a ragged grid, a wrong row count and non-positive values under logZ", () => {
    expect(() => d.plot.surface({ ...grid, z: [[1, 2, 3], [4, 5]] })).toThrow(/plot.surface: parameter 'z'\[1\] must be a row of 3 values/);
    expect(() => d.plot.gridContour({ ...grid, z: [[1, 2, 3]] })).toThrow(/plot.gridContour: parameter 'z' must be an array of 2 rows/);
    expect(() => d.plot.surface({ ...grid, z: [[1, 0, 3], [4, 5, 6]], logZ: true })).toThrow(/parameter 'z'\[0\]\[1\] must be a positive number \(logZ\)/);
  });
});
