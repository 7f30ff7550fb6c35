/**
 * shared/API.md, called exactly as written there: the names, argument shapes and defaults that tests
 * outside this repository rely on. Values are checked against independent arithmetic, not our output.
 */
import { describe, expect, it } from "vitest";
import * as d from "../src";

const A = [
  [3, 1],
  [1, 2],
];
const b = [1, -1];

describe("public API as written in shared/API.md", () => {
  it("problems", () => {
    const q = d.problems.quadratic({ A, b });
    const x = Float64Array.of(1, 2);
    expect(q.dim).toBe(2);
    expect(q.f(x)).toBeCloseTo(0.5 * (3 + 2 * 2 + 2 * 4) - (1 - 2), 12);
    expect(Array.from(q.grad(x))).toEqual([3 + 2 - 1, 1 + 4 + 1]);
    expect(q.hessian(x)).toEqual(A);
    const r = d.problems.rosenbrock();
    expect(r.f(Float64Array.of(1, 1))).toBe(0);
    expect(d.problems.rosenbrock({ a: 2, b: 10 }).f(Float64Array.of(2, 4))).toBe(0);
    const lr = d.problems.logisticRegression({ X: [[1], [-1]], y: [1, 0], l2: 0 });
    expect(lr.dim).toBe(2);
    expect(lr.f(Float64Array.of(0, 0))).toBeCloseTo(Math.log(2), 14);
    const s = d.problems.saddle();
    expect(s.f(Float64Array.of(1, 2))).toBe(1 - 4);
  });

  it("optim and book factories accept the documented options with PyTorch's defaults", () => {
    const makers = [
      d.optim.sgd({ lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: true, maximize: false }),
      d.optim.adagrad({ lr: 0.01, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false }),
      d.optim.rmsprop({ lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false }),
      d.optim.adadelta({ lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false }),
      d.optim.adam({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false }),
      d.optim.adamw({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false }),
      d.optim.adamax({ lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false }),
      d.optim.nadam({ lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3 }),
      d.optim.rprop({ lr: 0.01, etas: [0.5, 1.2], stepSizes: [1e-6, 50], maximize: false }),
      d.optim.asgd({ lr: 0.01, lambd: 1e-4, alpha: 0.75, t0: 1e6, weightDecay: 0, maximize: false }),
      d.optim.adam(),
      d.optim.adagrad(),
      d.book.sgd({ epsilon: 0.1 }),
      d.book.momentum({ epsilon: 0.1, alpha: 0.9 }),
      d.book.nesterov({ epsilon: 0.1, alpha: 0.9 }),
      d.book.adagrad({ epsilon: 0.1 }),
      d.book.rmsprop({ epsilon: 0.01, rho: 0.9 }),
      d.book.rmspropNesterov({ epsilon: 0.01, rho: 0.9, alpha: 0.5 }),
      d.book.adam(),
    ];
    const q = d.problems.quadratic({ A, b });
    for (const opt of makers) {
      expect(typeof opt.name).toBe("string");
      const x = Float64Array.of(1, 2);
      const state = opt.init(x);
      opt.step(x, (p: Float64Array) => q.grad(p), state);
      expect(Array.from(x).every(Number.isFinite), opt.name).toBe(true);
      const saved = JSON.parse(JSON.stringify(d.saveState(state)));
      const restored = d.loadState(saved);
      const x2 = Float64Array.from(x);
      opt.step(x, (p: Float64Array) => q.grad(p), state);
      opt.step(x2, (p: Float64Array) => q.grad(p), restored);
      expect(Array.from(x2), opt.name).toEqual(Array.from(x));
    }
  });

  it("SGD's documented rule and run's trajectory shape", () => {
    const q = d.problems.quadratic({ A, b });
    const t = d.run(d.optim.sgd({ lr: 0.1 }), q, { x0: [1, 2], steps: 3 });
    expect(t.params.length).toBe(4);
    expect(t.loss.length).toBe(4);
    expect(Array.from(t.params[0])).toEqual([1, 2]);
    const g = q.grad(Float64Array.of(1, 2));
    expect(t.params[1][0]).toBeCloseTo(1 - 0.1 * g[0], 15);
    expect(t.loss[1]).toBeCloseTo(q.f(t.params[1]), 15);
    const asgd = d.run(d.optim.asgd({ lr: 0.1 }), q, { x0: [1, 2], steps: 2 });
    expect(asgd.averaged!.length).toBe(3);
    const nest = d.run(d.book.nesterov({ epsilon: 0.1, alpha: 0.9 }), q, { x0: [1, 2], steps: 2 });
    expect(nest.lookahead!.length).toBe(3);
  });

  it("a state made by one optimizer can be stepped by another of the same kind with another lr", () => {
    const x = Float64Array.of(1, 2);
    const state = d.optim.sgd({ lr: 0.1, momentum: 0.9 }).init(x);
    d.optim.sgd({ lr: 0.1, momentum: 0.9 }).step(x, Float64Array.of(1, 1), state);
    d.optim.sgd({ lr: 0.01, momentum: 0.9 }).step(x, Float64Array.of(1, 1), state);
    // buf = 1 after step 1, 0.9 + 1 = 1.9 after step 2
    expect(x[0]).toBeCloseTo(1 - 0.1 - 0.01 * 1.9, 15);
  });

  it("secondOrder", () => {
    const q = d.problems.quadratic({ A, b });
    const xStar = [(1 * 2 - 1 * -1) / 5, (3 * -1 - 1 * 1) / 5];
    const results = [
      d.secondOrder.newton(q, { x0: [0, 0], maxIter: 50, gradTol: 1e-12, damping: 0 }),
      d.secondOrder.conjugateGradient(q, { x0: [0, 0], variant: "fletcher-reeves", gradTol: 1e-10, maxIter: 100 }),
      d.secondOrder.conjugateGradient(q, { x0: [0, 0], variant: "polak-ribiere", gradTol: 1e-10 }),
      d.secondOrder.bfgs(q, { x0: [0, 0], gradTol: 1e-10, maxIter: 100 }),
      d.secondOrder.lbfgs(q, { x0: [0, 0], historySize: 10, gradTol: 1e-10, maxIter: 500 }),
    ];
    for (const r of results) {
      expect(r.converged, r.message).toBe(true);
      expect(r.x[0]).toBeCloseTo(xStar[0], 8);
      expect(r.x[1]).toBeCloseTo(xStar[1], 8);
      expect(typeof r.f).toBe("number");
      expect(r.iterations).toBeGreaterThan(0);
      expect(r.evaluations).toBeGreaterThan(0);
      expect(Array.isArray(r.trajectory)).toBe(true);
      expect(typeof r.message).toBe("string");
    }
  });

  it("rng and init", () => {
    const r = d.rng(7);
    const u = r();
    expect(u >= 0 && u < 1).toBe(true);
    expect(Number.isFinite(r.normal())).toBe(true);
    expect(r.shuffle([1, 2, 3]).sort()).toEqual([1, 2, 3]);
    expect(d.init.calculateGain("relu")).toBeCloseTo(Math.SQRT2, 15);
    expect(d.init.calculateGain("leaky_relu", 0.2)).toBeCloseTo(Math.sqrt(2 / (1 + 0.04)), 15);
    const shape: [number, number] = [4, 9];
    const w = d.init.uniformBook(shape, { rng: d.rng(1) });
    expect(w.length).toBe(4);
    expect(w[0].length).toBe(9);
    expect(w.flat().every((v) => Math.abs(v) <= 1 / 3)).toBe(true);
    const mats = [
      d.init.glorotUniform(shape, { gain: 1, rng: d.rng(1) }),
      d.init.glorotNormal(shape, { gain: 1, rng: d.rng(1) }),
      d.init.heUniform(shape, { mode: "fanIn", nonlinearity: "relu", rng: d.rng(1) }),
      d.init.heNormal(shape, { mode: "fanIn", nonlinearity: "relu", rng: d.rng(1) }),
      d.init.lecunNormal(shape, { rng: d.rng(1) }),
      d.init.orthogonal(shape, { gain: 1, rng: d.rng(1) }),
      d.init.sparse(shape, { nonZeros: 3, std: 0.01, rng: d.rng(1) }),
    ];
    for (const m of mats) expect([m.length, m[0].length]).toEqual(shape);
    for (const row of mats[6]) expect(row.filter((v) => v !== 0).length).toBe(3);
  });

  it("norm", () => {
    const X = [
      [1, 2],
      [3, 6],
    ];
    const bn = d.norm.batchNorm({ X, gamma: [1, 1], beta: [0, 0], eps: 1e-5, momentum: 0.1, training: true });
    expect(bn.Y[0][0]).toBeCloseTo(-1 / Math.sqrt(1 + 1e-5), 12);
    expect(bn.runningMean[0]).toBeCloseTo(0.1 * 2, 15);
    expect(bn.runningVar[0]).toBeCloseTo(0.9 + 0.1 * 2, 15); // unbiased variance of [1, 3] is 2
    const grads = bn.backward([
      [1, 0],
      [0, 1],
    ]);
    expect(grads.dgamma.length).toBe(2);
    expect(grads.dbeta[0]).toBe(1);
    const ln = d.norm.layerNorm({ X, weight: [1, 1], bias: [0, 0], eps: 1e-5 });
    expect(ln.Y[0][0]).toBeCloseTo(-1 / Math.sqrt(0.25 + 1e-5) * 0.5, 12);
    expect(Object.keys(ln.backward([[1, 0], [0, 1]])).sort()).toEqual(["dbias", "dweight", "dX"].sort());
    const X3 = [[[1, 2], [3, 4]]];
    const gn = d.norm.groupNorm({ X: X3, numGroups: 1, weight: [1, 1], bias: [0, 0], eps: 1e-5 });
    expect(gn.Y[0][0].length).toBe(2);
    const inn = d.norm.instanceNorm({ X: X3, weight: [1, 1], bias: [0, 0], eps: 1e-5 });
    expect(inn.Y[0][1][0]).toBeCloseTo(-1 / Math.sqrt(0.25 + 1e-5) * 0.5, 12);
    const wn = d.norm.weightNorm({ v: [3, 4], g: 10 });
    expect(Array.from(wn.w as ArrayLike<number>)).toEqual([6, 8]);
    expect(Object.keys(wn.backward([1, 1])).sort()).toEqual(["dg", "dv"]);
  });
});

describe("the public surface d.* (what a notebook or an outside user needs, nothing internal)", () => {
  it("has the chapter's namespaces and top-level functions", () => {
    expect(Object.keys(d).sort()).toEqual([
      "book", "chain", "check", "clipByGlobalNorm", "clipByValue", "data", "emaAveraging", "gradientNoise", "init", "lab",
      "loadState", "nativeKernels", "norm", "optim", "plot", "polyakAveraging", "problems", "rng", "run", "saveState",
      "scheduleLr", "schedules", "secondOrder", "tf", "train", "wasmArena",
    ]);
    expect(typeof d.data.loadFashionMnist).toBe("function");
  });

  it("keeps internals off it: output plumbing, backend probing, parsers, the kernel", () => {
    const plot = d.plot as Record<string, unknown>;
    const tf = d.tf as Record<string, unknown>;
    const data = d.data as Record<string, unknown>;
    for (const name of ["sendBundle", "canDisplay", "plotlyMime", "ensurePlotly", "loaderHtml"]) expect(plot[name], `plot.${name}`).toBeUndefined();
    for (const name of ["selectBackend", "isBackendName", "nodeProbes", "browserProbes"]) expect(tf[name], `tf.${name}`).toBeUndefined();
    for (const name of ["parseDigitsCsv", "readDigitsCsv", "stratifiedSplit", "digitsFile"]) expect(data[name], `data.${name}`).toBeUndefined();
    expect((d as Record<string, unknown>).kernel).toBeUndefined();
    // What notebooks use for rich output and for backends stays.
    expect(Object.keys(d.plot)).toEqual(expect.arrayContaining(["sendDisplay", "clearOutput", "inKernel", "captureDisplays", "live", "progress"]));
    expect(Object.keys(d.tf)).toEqual(expect.arrayContaining(["ready", "describe", "lastReport", "backendOrder", "tf", "optim", "book"]));
  });
});
