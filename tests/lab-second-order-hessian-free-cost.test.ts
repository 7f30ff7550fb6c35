import { describe, expect, it } from "vitest";
import * as d from "../src";

describe("lab.logisticWithHvp", () => {
  it("its Hessian-vector product equals the formed Hessian times v", () => {
    const r = d.rng(4);
    const X = Array.from({ length: 30 }, () => Array.from({ length: 6 }, () => r.normal()));
    const y = X.map((row) => (row[0] + r.normal() > 0 ? 1 : 0));
    const obj = d.lab.logisticWithHvp(X, y, 0.01);
    const x = Float64Array.from({ length: 7 }, () => r.normal());
    const v = Float64Array.from({ length: 7 }, () => r.normal());
    const H = obj.hessian!(x);
    const hv = obj.hvp!(x, v);
    H.forEach((row, i) => expect(hv[i]).toBeCloseTo(row.reduce((s, h, j) => s + h * v[j], 0), 12));
  });
});

describe("lab.newtonVersusHessianFree", () => {
  it("both reach the same minimizer; Newton's multiply-adds grow faster than Hessian-free's", () => {
    const res = d.lab.newtonVersusHessianFree({ features: [8, 32], repeats: 1, seed: 1 });
    expect(res.map((c) => c.dim)).toEqual([9, 33]);
    for (const c of res) {
      expect(c.agreement).toBeLessThan(1e-5);
      expect(c.hessianVectorProducts).toBeGreaterThan(0);
      expect(c.newtonFlops).toBeGreaterThanOrEqual(c.newtonIterations * (c.examples * c.dim ** 2 + c.dim ** 3 / 3));
    }
    const growth = (k: "newtonFlops" | "hfFlops") => res[1][k] / res[0][k];
    expect(growth("newtonFlops")).toBeGreaterThan(growth("hfFlops"));
  });

  it("rejects bad options", () => {
    expect(() => d.lab.newtonVersusHessianFree({ features: [0], seed: 0 })).toThrow(/'features'\[0\]/);
    expect(() => d.lab.newtonVersusHessianFree({ features: [4], seed: 0, speed: 1 } as never)).toThrow(/speed/);
  });
});
