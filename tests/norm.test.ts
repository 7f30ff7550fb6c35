import { describe, expect, it } from "vitest";
import { norm, rng } from "../src";

/* Backward passes against central finite differences of L = Σ R ⊙ Y (≤ 1e-7 relative to the gradient's scale). */

type Nested = number | Nested[];

function randomNested(shape: number[], r: ReturnType<typeof rng>, scale = 1, shift = 0): any {
  if (shape.length === 1) return Array.from({ length: shape[0] }, () => shift + scale * r.normal());
  return Array.from({ length: shape[0] }, () => randomNested(shape.slice(1), r, scale, shift));
}

const flat = (x: Nested): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);

/** Calls `set(i, v)` on a deep copy of `x` to perturb the i-th leaf (row-major). */
function withLeaf(x: any, i: number, v: number): any {
  const copy = JSON.parse(JSON.stringify(x));
  let k = 0;
  const walk = (a: any[]): boolean => {
    for (let j = 0; j < a.length; j++) {
      if (Array.isArray(a[j])) {
        if (walk(a[j])) return true;
      } else if (k++ === i) {
        a[j] = v;
        return true;
      }
    }
    return false;
  };
  if (!Array.isArray(copy)) return v;
  walk(copy);
  return copy;
}

/** Central-difference gradient of the scalar loss(x) for every leaf of x. */
function numericGrad(loss: (x: any) => number, x: any): number[] {
  const values = flat(x);
  return values.map((v, i) => {
    const h = 1e-5 * Math.max(1, Math.abs(v));
    return (loss(withLeaf(x, i, v + h)) - loss(withLeaf(x, i, v - h))) / (2 * h);
  });
}

function expectGradClose(analytic: Nested, numeric: number[], label: string): void {
  const a = flat(analytic);
  expect(a.length, label).toBe(numeric.length);
  const scale = Math.max(...numeric.map(Math.abs));
  for (let i = 0; i < a.length; i++) {
    expect(Math.abs(a[i] - numeric[i]), `${label}[${i}] ${a[i]} vs ${numeric[i]}`).toBeLessThanOrEqual(1e-7 * scale);
  }
}

const dot = (a: Nested, b: Nested) => {
  const fa = flat(a);
  const fb = flat(b);
  return fa.reduce((s, v, i) => s + v * fb[i], 0);
};

describe("finite-difference checks", () => {
  const r = rng(99);

  it("batchNorm training, N×C and N×C×L", () => {
    for (const shape of [[5, 3], [3, 2, 4]]) {
      const X = randomNested(shape, r, 2, 1);
      const R = randomNested(shape, r);
      const gamma = randomNested([shape[1]], r, 0.5, 1);
      const beta = randomNested([shape[1]], r);
      const loss = (o: { X?: any; gamma?: any; beta?: any }) =>
        dot(norm.batchNorm({ X: o.X ?? X, gamma: o.gamma ?? gamma, beta: o.beta ?? beta }).Y, R);
      const g = norm.batchNorm({ X, gamma, beta }).backward(R);
      expectGradClose(g.dX, numericGrad((x) => loss({ X: x }), X), "dX");
      expectGradClose(g.dgamma, numericGrad((p) => loss({ gamma: p }), gamma), "dgamma");
      expectGradClose(g.dbeta, numericGrad((p) => loss({ beta: p }), beta), "dbeta");
    }
  });

  it("batchNorm evaluation", () => {
    const X = randomNested([4, 3], r, 2, 1);
    const R = randomNested([4, 3], r);
    const gamma = randomNested([3], r, 0.5, 1);
    const beta = randomNested([3], r);
    const runningMean = [0.3, -0.2, 1];
    const runningVar = [0.5, 2, 1.5];
    const loss = (x: any, gm = gamma) => dot(norm.batchNorm({ X: x, gamma: gm, beta, runningMean, runningVar, training: false }).Y, R);
    const g = norm.batchNorm({ X, gamma, beta, runningMean, runningVar, training: false }).backward(R);
    expectGradClose(g.dX, numericGrad((x) => loss(x), X), "dX");
    expectGradClose(g.dgamma, numericGrad((p) => loss(X, p), gamma), "dgamma");
  });

  it("layerNorm on vectors, matrices and 3-D arrays", () => {
    for (const shape of [[6], [4, 5], [2, 3, 4]]) {
      const X = randomNested(shape, r, 1.5, -0.5);
      const R = randomNested(shape, r);
      const d = shape[shape.length - 1];
      const weight = randomNested([d], r, 0.5, 1);
      const bias = randomNested([d], r);
      const loss = (o: { X?: any; w?: any; b?: any }) =>
        dot(norm.layerNorm({ X: o.X ?? X, weight: o.w ?? weight, bias: o.b ?? bias }).Y, R);
      const g = norm.layerNorm({ X, weight, bias }).backward(R);
      expectGradClose(g.dX, numericGrad((x) => loss({ X: x }), X), "dX");
      expectGradClose(g.dweight, numericGrad((p) => loss({ w: p }), weight), "dweight");
      expectGradClose(g.dbias, numericGrad((p) => loss({ b: p }), bias), "dbias");
    }
  });

  it("groupNorm (N×C×L and N×C) and instanceNorm", () => {
    const cases: [number[], number][] = [[[3, 6, 4], 2], [[4, 6], 3], [[2, 4, 3], 4]];
    for (const [shape, numGroups] of cases) {
      const X = randomNested(shape, r, 2, 0.5);
      const R = randomNested(shape, r);
      const weight = randomNested([shape[1]], r, 0.5, 1);
      const bias = randomNested([shape[1]], r);
      const loss = (o: { X?: any; w?: any; b?: any }) =>
        dot(norm.groupNorm({ X: o.X ?? X, numGroups, weight: o.w ?? weight, bias: o.b ?? bias }).Y, R);
      const g = norm.groupNorm({ X, numGroups, weight, bias }).backward(R);
      expectGradClose(g.dX, numericGrad((x) => loss({ X: x }), X), "dX");
      expectGradClose(g.dweight, numericGrad((p) => loss({ w: p }), weight), "dweight");
      expectGradClose(g.dbias, numericGrad((p) => loss({ b: p }), bias), "dbias");
    }
    const X = randomNested([2, 3, 5], r, 2, 0.5);
    const R = randomNested([2, 3, 5], r);
    const weight = randomNested([3], r, 0.5, 1);
    const bias = randomNested([3], r);
    const g = norm.instanceNorm({ X, weight, bias }).backward(R);
    expectGradClose(g.dX, numericGrad((x) => dot(norm.instanceNorm({ X: x, weight, bias }).Y, R), X), "instance dX");
    expectGradClose(g.dweight, numericGrad((p) => dot(norm.instanceNorm({ X, weight: p, bias }).Y, R), weight), "instance dweight");
  });

  it("weightNorm, vector and matrix", () => {
    const v = randomNested([5], r);
    const R = randomNested([5], r);
    const gv = norm.weightNorm({ v, g: 1.7 }).backward(R);
    expectGradClose(gv.dv, numericGrad((x) => dot(norm.weightNorm({ v: x, g: 1.7 }).w, R), v), "dv");
    expectGradClose([gv.dg], numericGrad((s) => dot(norm.weightNorm({ v, g: s }).w, R), 1.7), "dg");
    const V = randomNested([3, 4], r);
    const RM = randomNested([3, 4], r);
    const g = [0.5, -1.2, 2];
    const gm = norm.weightNorm({ v: V, g }).backward(RM);
    expectGradClose(gm.dv, numericGrad((x) => dot(norm.weightNorm({ v: x, g }).w, RM), V), "matrix dv");
    expectGradClose(gm.dg, numericGrad((s) => dot(norm.weightNorm({ v: V, g: s }).w, RM), g), "matrix dg");
  });
});

describe("hand-computed values", () => {
  it("batchNorm running statistics over three steps (momentum 0.1), then evaluation", () => {
    // Step 1: x = [1, 3] → mean 2, unbiased var 2 → rm = 0.9·0 + 0.1·2 = 0.2, rv = 0.9·1 + 0.1·2 = 1.1.
    // Step 2: x = [0, 4, 8] → mean 4, unbiased var 16 → rm = 0.18 + 0.4 = 0.58, rv = 0.99 + 1.6 = 2.59.
    // Step 3: x = [−2, 2] → mean 0, unbiased var 8 → rm = 0.522, rv = 2.331 + 0.8 = 3.131.
    const expected = [[0.2, 1.1], [0.58, 2.59], [0.522, 3.131]];
    let rm: number[] | undefined;
    let rv: number[] | undefined;
    [[[1], [3]], [[0], [4], [8]], [[-2], [2]]].forEach((X, k) => {
      const out = norm.batchNorm({ X, runningMean: rm, runningVar: rv });
      rm = out.runningMean;
      rv = out.runningVar;
      expect(rm[0]).toBeCloseTo(expected[k][0], 14);
      expect(rv[0]).toBeCloseTo(expected[k][1], 14);
    });
    // Step 2 normalizes with the biased variance 32/3: y(8) = (8 − 4)/√(32/3 + 1e-5).
    const s2 = norm.batchNorm({ X: [[0], [4], [8]] });
    expect(s2.var[0]).toBeCloseTo(32 / 3, 14);
    expect(s2.Y[2][0]).toBeCloseTo(4 / Math.sqrt(32 / 3 + 1e-5), 14);
    // Evaluation: y = γ(x − rm)/√(rv + eps) + β with the running statistics, which stay unchanged.
    const ev = norm.batchNorm({ X: [[1.522], [0.522]], gamma: [2], beta: [0.5], runningMean: rm, runningVar: rv, training: false });
    expect(ev.Y[0][0]).toBeCloseTo((2 * 1) / Math.sqrt(3.131 + 1e-5) + 0.5, 13);
    expect(ev.Y[1][0]).toBeCloseTo(0.5, 13);
    expect(ev.runningMean[0]).toBeCloseTo(0.522, 14);
    expect(ev.runningVar[0]).toBeCloseTo(3.131, 14);
  });

  it("momentum 1 keeps only the last batch; momentum 0 never moves", () => {
    const a = norm.batchNorm({ X: [[1, 10], [5, 20]], momentum: 1, runningMean: [7, 7], runningVar: [7, 7] });
    expect(a.runningMean).toEqual([3, 15]);
    expect(a.runningVar).toEqual([8, 50]);
    const b = norm.batchNorm({ X: [[1, 10], [5, 20]], momentum: 0, runningMean: [7, 7], runningVar: [7, 7] });
    expect(b.runningMean).toEqual([7, 7]);
    expect(b.runningVar).toEqual([7, 7]);
  });

  it("layerNorm of [1, 2, 3]: (x − 2)/√(2/3 + eps)", () => {
    const y = norm.layerNorm({ X: [[1, 2, 3]] }).Y[0];
    const s = Math.sqrt(2 / 3 + 1e-5);
    expect(y[0]).toBeCloseTo(-1 / s, 14);
    expect(y[1]).toBeCloseTo(0, 14);
    expect(y[2]).toBeCloseTo(1 / s, 14);
  });

  it("groupNorm with one group equals layerNorm over C·L; with C groups equals instanceNorm", () => {
    const r = rng(5);
    const X = randomNested([2, 4, 3], r);
    const g1 = flat(norm.groupNorm({ X, numGroups: 1 }).Y);
    const ln = flat(norm.layerNorm({ X: X.map((s: number[][]) => s.flat()) }).Y);
    g1.forEach((v, i) => expect(v).toBeCloseTo(ln[i], 13));
    const gc = flat(norm.groupNorm({ X, numGroups: 4 }).Y);
    const inst = flat(norm.instanceNorm({ X }).Y);
    gc.forEach((v, i) => expect(v).toBeCloseTo(inst[i], 14));
  });

  it("weightNorm: w has norm |g| per row; default g = ‖v‖ gives w = v", () => {
    const w = norm.weightNorm({ v: [[3, 4], [0, 2]], g: [10, -1] }).w;
    expect(flat(w).map((x) => x + 0)).toEqual([6, 8, 0, -1]);
    expect(norm.weightNorm({ v: [3, 4] }).w).toEqual([3, 4]);
  });
});

describe("bad input", () => {
  it("shape mismatches", () => {
    expect(() => norm.batchNorm({ X: [[1, 2], [3, 4]], gamma: [1] })).toThrow(/^norm.batchNorm: parameter 'gamma' must have length 2, got length 1/);
    expect(() => norm.batchNorm({ X: [[1, 2], [3]] })).toThrow(/^norm.batchNorm: parameter 'X'\[1\] must have length 2/);
    expect(() => norm.batchNorm({ X: [1, 2] as never })).toThrow(/^norm.batchNorm: parameter 'X' must be an N×C matrix or an N×C×L array of numbers, got a 1-D array/);
    expect(() => norm.batchNorm({ X: [[1, 2], [3, 4]] }).backward([[1, 2]])).toThrow(/parameter 'dY' must have shape \[2, 2\]/);
    expect(() => norm.layerNorm({ X: [[1, 2, 3]], weight: [1, 1] })).toThrow(/^norm.layerNorm: parameter 'weight' must have length 3/);
    expect(() => norm.groupNorm({ X: [[[1, 2]]], numGroups: 1, bias: [1, 2] })).toThrow(/^norm.groupNorm: parameter 'bias' must have length 1/);
    expect(() => norm.weightNorm({ v: [[1, 2], [3, 4]], g: [1, 2, 3] })).toThrow(/^norm.weightNorm: parameter 'g' must have length 2/);
    expect(() => norm.weightNorm({ v: [1, 2] }).backward([1, 2, 3])).toThrow(/parameter 'dw' must have shape \[2\]/);
  });
  it("numGroups not dividing C", () => {
    expect(() => norm.groupNorm({ X: [[[1, 2], [3, 4], [5, 6]]], numGroups: 2 })).toThrow(
      /^norm.groupNorm: parameter 'numGroups' must be a positive integer dividing the 3 channels, got 2/,
    );
    expect(() => norm.groupNorm({ X: [[1, 2]], numGroups: 0 })).toThrow(/parameter 'numGroups'/);
  });
  it("eps ≤ 0", () => {
    expect(() => norm.batchNorm({ X: [[1], [2]], eps: 0 })).toThrow(/^norm.batchNorm: parameter 'eps' must be a finite number > 0, got 0/);
    expect(() => norm.layerNorm({ X: [[1, 2]], eps: -1 })).toThrow(/^norm.layerNorm: parameter 'eps'.*got -1/);
    expect(() => norm.instanceNorm({ X: [[[1, 2]]], eps: NaN })).toThrow(/^norm.instanceNorm: parameter 'eps'.*got NaN/);
  });
  it("a batch of 1 in training BatchNorm (evaluation accepts it)", () => {
    expect(() => norm.batchNorm({ X: [[1, 2, 3]] })).toThrow(/^norm.batchNorm: parameter 'X' must have more than 1 value per channel when training/);
    expect(norm.batchNorm({ X: [[1, 2, 3]], training: false }).Y).toEqual([[1 / Math.sqrt(1 + 1e-5), 2 / Math.sqrt(1 + 1e-5), 3 / Math.sqrt(1 + 1e-5)]]);
    expect(() => norm.instanceNorm({ X: [[[1], [2]]] })).toThrow(/^norm.instanceNorm: parameter 'X' must have more than 1 spatial element/);
  });
  it("non-finite input and bad options", () => {
    expect(() => norm.batchNorm({ X: [[1, NaN], [2, 3]] })).toThrow(/^norm.batchNorm: parameter 'X'\[0\]\[1\] must be a finite number, got NaN/);
    expect(() => norm.layerNorm({ X: [[1, Infinity]] })).toThrow(/parameter 'X'\[0\]\[1\] must be a finite number, got Infinity/);
    expect(() => norm.batchNorm({ X: [[1], [2]] }).backward([[1], [NaN]])).toThrow(/parameter 'dY'\[1\]\[0\] must be a finite number/);
    expect(() => norm.batchNorm({ X: [[1], [2]], momentum: 1.5 })).toThrow(/parameter 'momentum' must be a number in \[0, 1\], got 1.5/);
    expect(() => norm.batchNorm({ X: [[1], [2]], runningVar: [-1] })).toThrow(/parameter 'runningVar' must be ≥ 0/);
    expect(() => norm.weightNorm({ v: [[0, 0], [1, 1]] })).toThrow(/^norm.weightNorm: parameter 'v' must have a non-zero norm in every row/);
  });
  it("inputs are never modified (running statistics come back as new arrays)", () => {
    const rm = [0, 0];
    const rv = [1, 1];
    const X = [[1, 2], [3, 5]];
    const out = norm.batchNorm({ X, runningMean: rm, runningVar: rv });
    expect(rm).toEqual([0, 0]);
    expect(rv).toEqual([1, 1]);
    expect(X).toEqual([[1, 2], [3, 5]]);
    expect(out.runningMean).not.toBe(rm);
  });
});

describe("weightNorm accepts torch's weight_g layouts", () => {
  it("rows×1 for a matrix, a 1-element array for a vector", () => {
    const v = [[3, 4], [1, 0]];
    expect(norm.weightNorm({ v, g: [[10], [2]] }).w).toEqual(norm.weightNorm({ v, g: [10, 2] }).w);
    expect(norm.weightNorm({ v: [3, 4], g: [5] as never }).w).toEqual([3, 4]);
    expect(() => norm.weightNorm({ v, g: [[1, 2], [3, 4]] })).toThrow(/parameter 'g' must have length 2 \(one per row of v\), got shape \[2, 2\]/);
  });
});
