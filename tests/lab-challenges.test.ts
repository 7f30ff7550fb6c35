import { describe, expect, it } from "vitest";
import * as d from "../src";

const lab = d.lab;

function fdGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): number[] {
  return Array.from(x, (_, i) => {
    const p = x.slice();
    const m = x.slice();
    p[i] += h;
    m[i] -= h;
    return (f(p) - f(m)) / (2 * h);
  });
}

describe("lab landscapes", () => {
  it("strictSaddle: gradient and Hessian match finite differences; critical points as stated", () => {
    const s = lab.strictSaddle();
    const x = Float64Array.of(0.7, -1.3);
    fdGradient(s.f, x).forEach((g, i) => expect(s.grad(x)[i]).toBeCloseTo(g, 7));
    const fdH = [0, 1].map((c) => fdGradient((p) => s.grad(p)[c], x));
    s.hessian(x).forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(fdH[r][c], 6)));
    expect(d.secondOrder.symmetricEigenvalues(s.hessian(Float64Array.of(0, 0)))).toEqual([-1, 1]);
    expect(s.f(Float64Array.of(0, 1))).toBe(s.fStar);
    expect(Array.from(s.grad(Float64Array.of(0, -1)))).toEqual([0, 0]);
  });
  it("cliffValley: gradient and Hessian match finite differences; the cliff gradient is h·s/4", () => {
    const c = lab.cliffValley({ height: 10, sharpness: 20 });
    for (const x of [Float64Array.of(-1, 0.5), Float64Array.of(1.02, -0.3), Float64Array.of(3, 2)]) {
      fdGradient(c.f, x).forEach((g, i) => expect(c.grad(x)[i]).toBeCloseTo(g, 5));
      expect(c.hessian(x)[0][0]).toBeCloseTo(fdGradient((p) => c.grad(p)[0], x)[0], 3);
    }
    expect(c.grad(Float64Array.of(1, 0))[0]).toBeCloseTo(0.1 * (1 - 4) - 50, 12);
  });
});

describe("lab.twoLayerNet", () => {
  const { X, y } = lab.syntheticClassification({ n: 30, dim: 3, seed: 4, labelNoise: 0.2 });
  const net = lab.twoLayerNet({ X, y, hidden: 4 });
  const r = d.rng(1);
  const theta = Float64Array.from({ length: net.dim }, () => r.normal());
  it("has the gradient of its loss (finite differences) and a loss computed by hand", () => {
    fdGradient(net.f, theta).forEach((g, i) => expect(net.grad(theta)[i]).toBeCloseTo(g, 6));
    // Hand: with all weights 0 the output is 0 and the loss is log 2.
    expect(net.f(new Float64Array(net.dim))).toBeCloseTo(Math.log(2), 14);
  });
  it("permuting hidden units leaves loss and output unchanged up to round-off; the Hessian is symmetric", () => {
    const permuted = net.permuteHidden(theta, [2, 0, 3, 1]);
    expect(Array.from(permuted)).not.toEqual(Array.from(theta));
    expect(Math.abs(net.f(permuted) - net.f(theta))).toBeLessThan(1e-14);
    expect(net.incoming(permuted)[0]).toEqual(net.incoming(theta)[2]);
    const H = net.hessian(theta);
    expect(H[3][7]).toBe(H[7][3]);
    expect(() => net.permuteHidden(theta, [0, 0, 1, 2])).toThrow(/parameter 'perm' must be a permutation of 0…3/);
  });
  it("hessianVector: vᵀHv is the second difference of the loss along v, and Hv matches the full Hessian times v", () => {
    const v = Float64Array.from({ length: net.dim }, () => r.normal());
    const Hv = net.hessianVector(theta, v);
    const h = 1e-3;
    const along = (s: number) => net.f(Float64Array.from(theta, (t, i) => t + s * v[i]));
    const secondDifference = (along(h) - 2 * along(0) + along(-h)) / (h * h);
    const vHv = v.reduce((s, vi, i) => s + vi * Hv[i], 0);
    expect(Math.abs(vHv - secondDifference)).toBeLessThan(1e-4 * (1 + Math.abs(secondDifference)));
    const H = net.hessian(theta);
    H.forEach((row, i) => expect(Hv[i]).toBeCloseTo(row.reduce((s, hij, j) => s + hij * v[j], 0), 5));
    expect(Array.from(net.hessianVector(theta, new Float64Array(net.dim)))).toEqual(new Array(net.dim).fill(0));
    expect(() => net.hessianVector(theta, [1, 2])).toThrow(/lab\.twoLayerNet\.hessianVector: parameter 'v' must be a vector of length 21, got "length 2"/);
  });
});
