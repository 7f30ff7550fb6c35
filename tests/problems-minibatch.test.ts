import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { optim, problems, rng, run } from "../src";

function data(n: number, d: number, classes: number, seed: number) {
  const r = rng(seed);
  const X = Array.from({ length: n }, () => Array.from({ length: d }, () => r.normal()));
  const y = Array.from({ length: n }, () => r.int(classes));
  return { X, y };
}

const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * (1 + Math.abs(b)));

describe("minibatch sampler (8.1.3)", () => {
  it("draws without replacement: every example exactly once per epoch, in a fresh order", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), fc.integer(), (n, m0, seed) => {
        const m = Math.min(m0, n);
        const s = problems.minibatchSampler({ n, batchSize: m, seed });
        for (let epoch = 0; epoch < 3; epoch++) {
          const seen: number[] = [];
          while (seen.length < n) {
            const b = s.next();
            expect(b.length).toBe(Math.min(m, n - seen.length));
            seen.push(...b);
          }
          expect(seen.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        }
      }),
      { numRuns: 50 },
    );
  });

  it("is seeded (same seed, same batches; reset restarts) and dropLast drops the remainder", () => {
    const a = problems.minibatchSampler({ n: 10, batchSize: 3, seed: 5 });
    const b = problems.minibatchSampler({ n: 10, batchSize: 3, seed: 5 });
    const c = problems.minibatchSampler({ n: 10, batchSize: 3, seed: 6 });
    const first = Array.from({ length: 8 }, () => Array.from(a.next()));
    expect(Array.from({ length: 8 }, () => Array.from(b.next()))).toEqual(first);
    expect(Array.from({ length: 8 }, () => Array.from(c.next()))).not.toEqual(first);
    expect(first[0]).not.toEqual(first[4].slice(0, 3)); // second epoch reshuffles
    a.reset();
    expect(Array.from(a.next())).toEqual(first[0]);
    const d = problems.minibatchSampler({ n: 10, batchSize: 3, seed: 5, dropLast: true });
    const sizes = Array.from({ length: 6 }, () => d.next().length);
    expect(sizes).toEqual([3, 3, 3, 3, 3, 3]);
    expect(d.epoch).toBe(1);
  });

  it("rejects bad sizes", () => {
    expect(() => problems.minibatchSampler({ n: 5, batchSize: 6, seed: 1 })).toThrow(/parameter 'batchSize' must be an integer in \[1, 5\], got 6/);
  });
});

describe("minibatch logistic regression", () => {
  const { X } = data(37, 3, 2, 11);
  const y = X.map((r, i) => (r[0] + 0.5 * r[1] + (i % 5 === 0 ? 2 : 0) > 0.2 ? 1 : 0));
  const obj = problems.minibatchLogisticRegression({ X, y, l2: 0.1, batchSize: 8, seed: 3 });
  const plain = problems.logisticRegression({ X, y, l2: 0.1 });

  it("f is the full loss; an epoch's size-weighted minibatch gradients average to the full gradient", () => {
    const x = Float64Array.of(0.3, -0.2, 0.5, 0.1);
    close(obj.f(x), plain.f(x), 1e-14);
    const sum = new Float64Array(4);
    let seen = 0;
    while (seen < 37) {
      const idx = obj.sampler.next();
      const g = obj.batchGrad(x, idx);
      // remove the penalty, weight by batch size
      const pen = [0.1 * x[0], 0.1 * x[1], 0.1 * x[2], 0];
      g.forEach((v, j) => (sum[j] += (v - pen[j]) * idx.length));
      seen += idx.length;
    }
    const full = plain.grad(x);
    sum.forEach((v, j) => close(v / 37 + [0.1 * x[0], 0.1 * x[1], 0.1 * x[2], 0][j], full[j], 1e-13));
  });

  it("makes run(optim.sgd) stochastic yet reproducible", () => {
    const x0 = [0, 0, 0, 0];
    const mk = (seed: number) => problems.minibatchLogisticRegression({ X, y, batchSize: 4, seed });
    const a = run(optim.sgd({ lr: 0.5 }), mk(1), { x0, steps: 20 });
    const b = run(optim.sgd({ lr: 0.5 }), mk(1), { x0, steps: 20 });
    const c = run(optim.sgd({ lr: 0.5 }), mk(2), { x0, steps: 20 });
    const full = run(optim.sgd({ lr: 0.5 }), problems.logisticRegression({ X, y }), { x0, steps: 20 });
    expect(b.params).toEqual(a.params);
    expect(c.params[20]).not.toEqual(a.params[20]);
    expect(a.params[20]).not.toEqual(full.params[20]);
    expect(a.loss[20]).toBeLessThan(a.loss[0]);
  });
});

describe("softmax regression", () => {
  const { X, y } = data(23, 4, 3, 7);
  const obj = problems.softmaxRegression({ X, y, l2: 0.05 });
  const dim = 3 * 4 + 3;

  it("is log C at θ = 0 (hand-computed)", () => {
    close(obj.f(new Float64Array(dim)), Math.log(3), 1e-15);
  });

  it("gradient matches central finite differences", () => {
    const r = rng(1);
    const x = Float64Array.from({ length: dim }, () => r.normal());
    const g = obj.grad(x);
    for (let j = 0; j < dim; j++) {
      const h = 1e-6;
      const p = x.slice();
      const m = x.slice();
      p[j] += h;
      m[j] -= h;
      close(g[j], (obj.f(p) - obj.f(m)) / (2 * h), 1e-7);
    }
  });

  it("Hessian matches finite differences of the gradient and is symmetric", () => {
    const r = rng(2);
    const x = Float64Array.from({ length: dim }, () => 0.5 * r.normal());
    const H = obj.hessian(x);
    for (let j = 0; j < dim; j++) {
      const h = 1e-6;
      const p = x.slice();
      const m = x.slice();
      p[j] += h;
      m[j] -= h;
      const gp = obj.grad(p);
      const gm = obj.grad(m);
      for (let i = 0; i < dim; i++) {
        close(H[i][j], (gp[i] - gm[i]) / (2 * h), 1e-6);
        expect(H[i][j]).toBe(H[j][i]);
      }
    }
  });

  it("with two classes and class 0 pinned at zero it is logistic regression", () => {
    const { X: X2, y: y2 } = data(19, 3, 2, 9);
    const soft = problems.softmaxRegression({ X: X2, y: y2, numClasses: 2 });
    const logi = problems.logisticRegression({ X: X2, y: y2 });
    const w = Float64Array.of(0.4, -0.7, 0.2);
    const b = 0.3;
    // θ = [W0 (3), W1 (3), b0, b1]
    const theta = Float64Array.of(0, 0, 0, ...w, 0, b);
    close(soft.f(theta), logi.f(Float64Array.of(...w, b)), 1e-14);
  });

  it("minibatch version: seeded, epoch covers all, full f unchanged", () => {
    const mb = problems.minibatchSoftmaxRegression({ X, y, l2: 0.05, batchSize: 5, seed: 4 });
    const x = Float64Array.from({ length: dim }, (_, i) => Math.sin(i));
    close(mb.f(x), obj.f(x), 1e-15);
    expect(mb.classes).toBe(3);
    const g1 = mb.grad(x);
    const g2 = problems.minibatchSoftmaxRegression({ X, y, l2: 0.05, batchSize: 5, seed: 4 }).grad(x);
    expect(Array.from(g1)).toEqual(Array.from(g2));
    expect(Array.from(g1)).not.toEqual(Array.from(obj.grad(x)));
  });

  it("rejects bad labels and unknown options", () => {
    expect(() => problems.softmaxRegression({ X, y: y.map(() => 1.5) })).toThrow(/parameter 'y'\[0\] must be a class index/);
    expect(() => problems.minibatchSoftmaxRegression({ X, y, batchSize: 5, seed: 1, batch: 3 } as never)).toThrow(/parameter 'batch'/);
  });
});
