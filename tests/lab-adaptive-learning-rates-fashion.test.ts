import { describe, it, expect, beforeAll } from "vitest";
import * as d from "../src";

let fm: d.data.FashionMnist;

beforeAll(async () => {
  await d.tf.ready();
  fm = await d.data.loadFashionMnist();
});

describe("optimizerComparison (8.5.4) on a small slice", () => {
  it("trains every recipe for every seed; seeds differ, a seed repeats exactly; gap = final train − test accuracy", async () => {
    const recipes = d.lab.optimizerRecipes().filter((r) => r.name.startsWith("SGD") || r.name.startsWith("Adam ("));
    expect(recipes.length).toBe(2);
    const options = { architecture: "strided" as const, nTrain: 200, nTest: 300, batchSize: 25, steps: 24, evalEvery: 8, seeds: [0, 1] };
    const r = await d.lab.optimizerComparison(fm, options, recipes);
    expect(r.step).toEqual([0, 8, 16, 24]);
    expect(r.recipes.map((c) => c.name)).toEqual(recipes.map((c) => c.name));
    for (const c of r.recipes) {
      for (const rows of [c.trainAccuracy, c.testAccuracy, c.trainLoss, c.testLoss]) {
        expect(rows.length).toBe(2);
        rows.forEach((row) => expect(row.length).toBe(4));
      }
      c.gap.forEach((g, s) => expect(g).toBeCloseTo(c.trainAccuracy[s][3] - c.testAccuracy[s][3], 12));
      // Different seeds: different weights and batches, so different curves.
      expect(c.trainLoss[0]).not.toEqual(c.trainLoss[1]);
      // Training lowers the training loss for every recipe and seed.
      c.trainLoss.forEach((row) => expect(row[3]).toBeLessThan(row[0]));
    }
    const again = await d.lab.optimizerComparison(fm, { ...options, seeds: [1] }, recipes.slice(1));
    expect(again.recipes[0].testLoss[0]).toEqual(r.recipes[1].testLoss[1]);
  });

  it("the recipes' schedules warm up, then decay (cosine) or drop ×0.1 (step)", () => {
    const recipes = d.lab.optimizerRecipes();
    expect(recipes.length).toBe(6);
    const sgd = recipes[0].make(100) as unknown as { extra: { schedule: (k: number) => number } };
    const lrAt = (k: number) => sgd.extra.schedule(k);
    expect(lrAt(0)).toBeCloseTo(0.01, 12);
    expect(lrAt(9)).toBeCloseTo(0.1, 12);
    expect(lrAt(10)).toBeCloseTo(0.1, 12);
    expect(lrAt(55)).toBeCloseTo(0.05, 12);
    expect(lrAt(99)).toBeLessThan(1e-3);
    const stepped = recipes[2].make(90) as unknown as { extra: { schedule: (k: number) => number } };
    expect(stepped.extra.schedule(59)).toBeCloseTo(0.05, 12);
    expect(stepped.extra.schedule(60)).toBeCloseTo(0.005, 12);
  });

  it("meanAndSpread: mean and sample standard deviation per column; bad options are named", async () => {
    const m = d.lab.meanAndSpread([[1, 2], [3, 6]]);
    expect(m.mean).toEqual([2, 4]);
    expect(m.std[0]).toBeCloseTo(Math.SQRT2, 12);
    expect(m.std[1]).toBeCloseTo(2 * Math.SQRT2, 12);
    await expect(d.lab.optimizerComparison(fm, { ...d.lab.optimizerComparisonSizes.small, architecture: "resnet" as never })).rejects.toThrow(/lab.optimizerComparison: parameter 'architecture' must be one of "strided", "pooled", got "resnet"/);
    await expect(d.lab.optimizerComparison(fm, { ...d.lab.optimizerComparisonSizes.small, seeds: [] })).rejects.toThrow(/parameter 'seeds' must be a non-empty array of integers/);
  });
});
