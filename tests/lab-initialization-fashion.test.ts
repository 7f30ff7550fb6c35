import { describe, it, expect, beforeAll } from "vitest";
import * as d from "../src";

let fm: d.data.FashionMnist;

beforeAll(async () => {
  await d.tf.ready();
  fm = await d.data.loadFashionMnist();
});

const std = (w: number[][]) => {
  const flat = w.flat();
  const mean = flat.reduce((s, v) => s + v, 0) / flat.length;
  return Math.sqrt(flat.reduce((s, v) => s + (v - mean) ** 2, 0) / flat.length);
};

describe("depth initializers for ReLU networks", () => {
  it("draw at the stated scales: book 1/√(3m), Glorot √(2/(m+n)), He √(2/m), orthogonal rows of norm √2", () => {
    const r = d.rng(0);
    const shape: [number, number] = [200, 300];
    expect(std(d.lab.depthInitializer("book")(shape, r)) / Math.sqrt(1 / (3 * 300))).toBeCloseTo(1, 1);
    expect(std(d.lab.depthInitializer("glorot")(shape, r)) / Math.sqrt(2 / 500)).toBeCloseTo(1, 1);
    expect(std(d.lab.depthInitializer("he")(shape, r)) / Math.sqrt(2 / 300)).toBeCloseTo(1, 1);
    const q = d.lab.depthInitializer("orthogonal")([50, 80], r);
    for (let i = 0; i < 50; i++) {
      for (let j = 0; j < 50; j++) expect(q[i].reduce((s, v, k) => s + v * q[j][k], 0)).toBeCloseTo(i === j ? 2 : 0, 8);
    }
  });

  it("at depth 20 He's initialization trains and the book's does not leave chance (same data, batches, optimizer)", async () => {
    const r = await d.lab.depthTraining(fm, { depth: 20, width: 32, initializers: ["book", "he"], nTrain: 2000, nTest: 500, batchSize: 64, steps: 90, lr: 0.01, momentum: 0.9, seed: 0 });
    expect(r.runs.map((run) => run.initializer)).toEqual(["book", "he"]);
    const [book, he] = r.runs;
    expect(r.window).toBe(3);
    expect(book.smoothedLoss.length).toBe(30);
    // Chance is ln 10 ≈ 2.303 nats; the book's 20-layer network stays there.
    expect(Math.abs(book.smoothedLoss[29] - Math.log(10))).toBeLessThan(0.02);
    expect(book.stepsToLoss).toBeNull();
    expect(he.smoothedLoss[29]).toBeLessThan(book.smoothedLoss[29] - 0.3);
    expect(he.testAccuracy).toBeGreaterThan(book.testAccuracy + 0.1);
  });

  it("rejects an unknown initializer by name", async () => {
    await expect(d.lab.depthTraining(fm, { ...d.lab.depthTrainingSizes.small, initializers: ["he", "xavier" as never] })).rejects.toThrow(
      /lab.depthTraining: parameter 'initializers'?\[1\]'? must be one of "book", "glorot", "he", "orthogonal", got "xavier"/,
    );
  });
});
