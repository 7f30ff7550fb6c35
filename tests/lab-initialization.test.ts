import { beforeAll, describe, expect, it } from "vitest";
import * as d from "../src";

const tf = d.tf.tf;

describe("lab.initializedMlp", () => {
  beforeAll(async () => {
    await d.tf.ready({ backend: "cpu" });
  });

  const sizes = [5, 4, 3];
  const he = (shape: [number, number], r: ReturnType<typeof d.rng>) => d.init.heNormal(shape, { rng: r });

  it("kernels are the transposed init draws (one rng, input layer first), biases zero, forward pass matches float64", () => {
    const model = d.lab.initializedMlp({ sizes: sizes, activation: "tanh", initializer: he, seed: 7 });
    // Independent replay of the documented draw order.
    const r = d.rng(7);
    const W1 = d.init.heNormal([4, 5], { rng: r });
    const W2 = d.init.heNormal([3, 4], { rng: r });
    const weights = model.getWeights().map((w) => w.arraySync() as number[] | number[][]);
    expect(weights.length).toBe(4);
    const k1 = weights[0] as number[][];
    const k2 = weights[2] as number[][];
    expect(k1.length).toBe(5);
    expect(k1[0].length).toBe(4);
    for (let i = 0; i < 5; i++) for (let o = 0; o < 4; o++) expect(k1[i][o]).toBeCloseTo(W1[o][i], 6);
    for (let i = 0; i < 4; i++) for (let o = 0; o < 3; o++) expect(k2[i][o]).toBeCloseTo(W2[o][i], 6);
    expect(weights[1]).toEqual([0, 0, 0, 0]);
    expect(weights[3]).toEqual([0, 0, 0]);
    const x = [0.5, -1, 2, 0.25, -0.75];
    const h = W1.map((row) => Math.tanh(row.reduce((s, w, i) => s + w * x[i], 0)));
    const logits = W2.map((row) => row.reduce((s, w, i) => s + w * h[i], 0));
    const out = tf.tidy(() => (model.predict(tf.tensor2d([x])) as d.tf.tf.Tensor).arraySync()) as number[][];
    out[0].forEach((v, k) => expect(v).toBeCloseTo(logits[k], 5));
    model.dispose();
  });

  it("the initializer decides the scale: orthogonal kernels have orthonormal columns (WᵀW = I for tfjs's [fanIn, fanOut])", () => {
    const model = d.lab.initializedMlp({ sizes: [6, 6, 2], initializer: (shape, r) => d.init.orthogonal(shape, { rng: r }), seed: 1 });
    const k = model.getWeights()[0].arraySync() as number[][];
    for (let a = 0; a < 6; a++) {
      for (let b = 0; b < 6; b++) {
        const dot = k.reduce((s, row) => s + row[a] * row[b], 0);
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 5);
      }
    }
    model.dispose();
  });

  it("rejects a missing initializer, a wrong shape and non-finite weights", () => {
    expect(() => d.lab.initializedMlp({ sizes: sizes, initializer: undefined as never })).toThrow(
      /lab\.initializedMlp: parameter 'initializer' must be a function .*, got undefined/,
    );
    expect(() => d.lab.initializedMlp({ sizes: sizes, initializer: () => [[1, 2]] })).toThrow(
      /parameter 'initializer' must be a function returning a 4×5 number\[\]\[\] for layer 1, got "1 rows"/,
    );
    expect(() => d.lab.initializedMlp({ sizes: sizes, initializer: (s) => Array.from({ length: s[0] }, () => new Array(s[1]).fill(NaN)) })).toThrow(
      /must be a function returning finite weights \(layer 1, row 0, column 0\), got NaN/,
    );
    expect(() => d.lab.initializedMlp({ sizes: [5], initializer: he })).toThrow(/train\.mlp: parameter 'sizes'/);
  });
});
