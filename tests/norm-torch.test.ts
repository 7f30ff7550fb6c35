import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { norm } from "../src";

/*
 * Values produced by PyTorch 1.13 in float64 with tests/fixtures/torch_norm.py (committed; the JSON it writes is
 * the fixture, so these tests need no python). Gradients are of sum(R ⊙ Y) by torch autograd.
 */
const fixture = JSON.parse(readFileSync(join(__dirname, "fixtures", "torch-norm.json"), "utf8"));
const TOL = 1e-12;

function expectClose(actual: unknown, expected: unknown, path = ""): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    const a = actual as unknown[];
    expect(a.length, `${path} length`).toBe(expected.length);
    expected.forEach((e, i) => expectClose(a[i], e, `${path}[${i}]`));
    return;
  }
  const e = expected as number;
  const a = actual as number;
  expect(Math.abs(a - e), `${path}: ${a} vs ${e}`).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(e)));
}

describe("norm layers against PyTorch 1.13 (float64, 1e-12)", () => {
  for (const name of ["batch2d", "batch3d"]) {
    it(`batchNorm ${name}: three training steps of running statistics, then evaluation`, () => {
      const c = fixture[name];
      let runningMean: number[] | undefined;
      let runningVar: number[] | undefined;
      for (const s of c.steps) {
        const r = norm.batchNorm({ X: s.X, gamma: c.gamma, beta: c.beta, eps: c.eps, momentum: c.momentum, runningMean, runningVar });
        if (runningMean) expectClose(runningMean, s.runningMeanIn, "runningMeanIn");
        expectClose(r.Y, s.Y, "Y");
        expectClose(r.runningMean, s.runningMean, "runningMean");
        expectClose(r.runningVar, s.runningVar, "runningVar");
        const g = r.backward(s.R);
        expectClose(g.dX, s.dX, "dX");
        expectClose(g.dgamma, s.dgamma, "dgamma");
        expectClose(g.dbeta, s.dbeta, "dbeta");
        runningMean = r.runningMean;
        runningVar = r.runningVar;
      }
      const e = c.eval;
      const r = norm.batchNorm({ X: e.X, gamma: c.gamma, beta: c.beta, eps: c.eps, momentum: c.momentum, runningMean, runningVar, training: false });
      expectClose(r.Y, e.Y, "eval Y");
      expectClose(r.runningMean, e.runningMean, "eval runningMean");
      const g = r.backward(e.R);
      expectClose(g.dX, e.dX, "eval dX");
      expectClose(g.dgamma, e.dgamma, "eval dgamma");
      expectClose(g.dbeta, e.dbeta, "eval dbeta");
    });
  }

  const affineCases: [string, (c: any) => norm.AffineResult<any>][] = [
    ["layer2d", (c) => norm.layerNorm({ X: c.X, weight: c.weight, bias: c.bias, eps: c.eps })],
    ["layer3d", (c) => norm.layerNorm({ X: c.X, weight: c.weight, bias: c.bias, eps: c.eps })],
    ["group", (c) => norm.groupNorm({ X: c.X, numGroups: c.numGroups, weight: c.weight, bias: c.bias, eps: c.eps })],
    ["instance", (c) => norm.instanceNorm({ X: c.X, weight: c.weight, bias: c.bias, eps: c.eps })],
  ];
  for (const [name, run] of affineCases) {
    it(`${name}: forward and backward`, () => {
      const c = fixture[name];
      const r = run(c);
      expectClose(r.Y, c.Y, "Y");
      const g = r.backward(c.R);
      expectClose(g.dX, c.dX, "dX");
      expectClose(g.dweight, c.dweight, "dweight");
      expectClose(g.dbias, c.dbias, "dbias");
    });
  }

  it("weightNorm: matrix with one g per row (dim 0)", () => {
    const c = fixture.weightMatrix;
    const r = norm.weightNorm({ v: c.v as number[][], g: c.g as number[] });
    expectClose(r.w, c.w, "w");
    const g = r.backward(c.R);
    expectClose(g.dv, c.dv, "dv");
    expectClose(g.dg, c.dg, "dg");
  });

  it("weightNorm: vector with a scalar g", () => {
    const c = fixture.weightVector;
    const r = norm.weightNorm({ v: c.v as number[], g: c.g as number });
    expectClose(r.w, c.w, "w");
    const g = r.backward(c.R);
    expectClose(g.dv, c.dv, "dv");
    expectClose(g.dg, c.dg, "dg");
  });
});
