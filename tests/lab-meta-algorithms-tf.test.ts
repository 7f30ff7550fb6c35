import { beforeAll, describe, expect, it } from "vitest";
import { data, lab, tf as dtf, train } from "../src";

let digits: data.Digits;
let small: data.Digits;
beforeAll(async () => {
  digits = await data.loadDigits({ seed: 0 });
  // 200 training and 100 test digits keep these tests fast.
  small = {
    ...digits,
    xTrain: digits.xTrain.slice(0, 200 * 64),
    yTrain: digits.yTrain.slice(0, 200),
    xTest: digits.xTest.slice(0, 100 * 64),
    yTest: digits.yTest.slice(0, 100),
  };
});

describe("lab §8.7 tfjs helpers", () => {
  beforeAll(async () => {
    await dtf.ready({ backend: "wasm" });
  });

  it("hiddenPreActivations returns W·x + b of the first Dense layer (hand-computed from its weights)", async () => {
    const model = train.mlp({ sizes: [64, 5, 10], seed: 1 });
    const x = Array.from(digits.xTrain.slice(0, 3 * 64));
    const got = await lab.hiddenPreActivations(model, x, 64, 0);
    const [W, b] = model.layers[0].getWeights().map((w) => w.arraySync() as number[][] | number[]);
    for (let r = 0; r < 3; r++) {
      for (let u = 0; u < 5; u++) {
        let want = (b as number[])[u];
        for (let j = 0; j < 64; j++) want += x[r * 64 + j] * (W as number[][])[j][u];
        expect(got[r][u]).toBeCloseTo(want, 4);
      }
    }
    await expect(lab.hiddenPreActivations(model, x, 64, 1)).rejects.toThrow(/parameter 'hidden'/);
    model.dispose();
  });

  it("with batch normalization the probe reads the BatchNormalization output", async () => {
    const model = train.mlp({ sizes: [64, 6, 10], seed: 2, batchNorm: true });
    const got = await lab.hiddenPreActivations(model, Array.from(digits.xTrain.slice(0, 4 * 64)), 64, 0);
    expect(got.length).toBe(4);
    expect(got[0].length).toBe(6);
    expect(model.layers[1].getClassName()).toBe("DescentBatchNorm");
    model.dispose();
  });

  it("marginOrder: hand-made two-class data, easiest (deepest inside its class) first", () => {
    const d = { xTrain: [0, 0, 0.1, 0, 1, 1, 0.45, 0.5], yTrain: [0, 0, 1, 0], xTest: [0, 0], yTest: [0], nFeatures: 2, nClasses: 2 };
    // class 0 mean = (0.15, 0.1667), class 1 mean = (1, 1); the point (0.45, 0.5) is the hardest.
    const order = lab.marginOrder(d);
    expect(order[order.length - 1]).toBe(3);
    expect(new Set(order).size).toBe(4);
  });

  it("greedy pretraining freezes earlier layers: stage-2 training leaves layer 1 unchanged", async () => {
    const res = await lab.greedySupervisedPretraining(small, { widths: [8, 8], epochsPerStage: 1, optimizer: () => dtf.optim.sgd({ lr: 0.1 }), seed: 0 });
    expect(res.stages.length).toBe(2);
    expect(res.model.layers.length).toBe(3);
    expect(res.model.layers[0].trainable).toBe(false);
    // Re-running stage 1 alone with the same seeds reproduces layer 1 exactly.
    const again = await lab.greedySupervisedPretraining(small, { widths: [8], epochsPerStage: 1, optimizer: () => dtf.optim.sgd({ lr: 0.1 }), seed: 0 });
    const a = res.model.layers[0].getWeights()[0].dataSync();
    const b = again.model.layers[0].getWeights()[0].dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    res.model.dispose();
    again.model.dispose();
  });

  it("fitCurriculum grows the training subset as scheduled", async () => {
    const model = train.mlp({ sizes: [64, 8, 10], seed: 0 });
    const h = await lab.fitCurriculum(model, small, { order: lab.marginOrder(small), optimizer: dtf.optim.sgd({ lr: 0.1 }), epochs: 4, rampEpochs: 3, start: 0.25 });
    expect(h.examples).toEqual([50, 125, 200, 200]);
    expect(h.testAccuracy.every((a) => a >= 0 && a <= 1)).toBe(true);
    model.dispose();
  });
});
