/**
 * Small objects behind the §8.6 demonstrations: a function with a saddle between two minima (where
 * pure Newton is attracted to the saddle), steepest descent with exact line search on a quadratic
 * (the zig-zag of Fig. 8.6), a seeded SPD matrix with chosen spectrum for linear CG, and the
 * memory of BFGS vs L-BFGS.
 */
import type { Objective } from "../../types";
import { rng } from "../../rng";
import { fail, finiteArray, finiteMatrix, positive, positiveInt } from "../../args";

/** f(x, y) = ½x² + ¼y⁴ − ½y²: minima at (0, ±1), a saddle at the origin (Hessian diag(1, 3y² − 1)). */
export function saddleBetweenMinima(): Objective {
  const check = (fn: string, x: Float64Array) => {
    if (!x || x.length !== 2 || !Array.from(x).every(Number.isFinite)) fail(fn, "x", "a point of 2 finite numbers", x && Array.from(x));
  };
  return {
    name: "saddleBetweenMinima",
    dim: 2,
    f(x) {
      check("saddleBetweenMinima.f", x);
      return 0.5 * x[0] * x[0] + 0.25 * x[1] ** 4 - 0.5 * x[1] * x[1];
    },
    grad(x) {
      check("saddleBetweenMinima.grad", x);
      return Float64Array.of(x[0], x[1] ** 3 - x[1]);
    },
    hessian(x) {
      check("saddleBetweenMinima.hessian", x);
      return [[1, 0], [0, 3 * x[1] * x[1] - 1]];
    },
  };
}

/**
 * Steepest descent with the exact line search on f = ½xᵀAx − bᵀx: ε_k = gᵀg / gᵀAg, so successive
 * directions are orthogonal (GBC §8.6.2, Fig. 8.6). Returns the iterates x_0 … x_steps.
 */
export function steepestDescentExact(A: number[][], b: number[], x0: number[], steps: number): number[][] {
  const fn = "lab.steepestDescentExact";
  const M = finiteMatrix(fn, "A", A);
  const n = M.length;
  if (M[0].length !== n) fail(fn, "A", "a square matrix", `${n}×${M[0].length}`);
  const bb = finiteArray(fn, "b", b);
  if (bb.length !== n) fail(fn, "b", `a vector of length ${n}`, bb.length);
  const x = finiteArray(fn, "x0", x0);
  if (x.length !== n) fail(fn, "x0", `a vector of length ${n}`, x.length);
  positiveInt(fn, "steps", steps);
  const mul = (v: number[]) => M.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));
  const out = [x.slice()];
  for (let k = 0; k < steps; k++) {
    const Ax = mul(x);
    const g = Ax.map((v, i) => v - bb[i]);
    const gg = g.reduce((s, v) => s + v * v, 0);
    if (gg === 0) break;
    const gAg = mul(g).reduce((s, v, i) => s + v * g[i], 0);
    if (!(gAg > 0)) fail(fn, "A", "positive definite (gᵀAg > 0)", gAg);
    const eps = gg / gAg;
    for (let i = 0; i < n; i++) x[i] -= eps * g[i];
    out.push(x.slice());
  }
  return out;
}

/** Q diag(eigenvalues) Qᵀ with Q a seeded random orthogonal matrix (Gram–Schmidt of Gaussian columns). */
export function spdWithSpectrum(eigenvalues: number[], seed: number): number[][] {
  const fn = "lab.spdWithSpectrum";
  const lambda = finiteArray(fn, "eigenvalues", eigenvalues);
  lambda.forEach((l, i) => l > 0 || fail(fn, `eigenvalues[${i}]`, "> 0", l));
  if (typeof seed !== "number" || !Number.isFinite(seed)) fail(fn, "seed", "a finite number", seed);
  const n = lambda.length;
  const random = rng(seed);
  const Q: number[][] = [];
  while (Q.length < n) {
    const v = Array.from({ length: n }, () => random.normal());
    for (const q of Q) {
      const p = q.reduce((s, qi, i) => s + qi * v[i], 0);
      for (let i = 0; i < n; i++) v[i] -= p * q[i];
    }
    const norm = Math.hypot(...v);
    // A draw (almost) inside the span of the previous columns is redrawn rather than amplified.
    if (norm > 1e-8) Q.push(v.map((x) => x / norm));
  }
  const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  // Upper triangle computed once and mirrored: exactly symmetric, as problems.quadratic requires.
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      A[i][j] = Q.reduce((s, q, k) => s + q[i] * lambda[k] * q[j], 0);
      A[j][i] = A[i][j];
    }
  }
  return A;
}

/** Float64 bytes of the curvature model: BFGS keeps an n×n matrix, L-BFGS m pairs (s, y) of length n. */
export function quasiNewtonMemory(n: number, m: number): { bfgsBytes: number; lbfgsBytes: number } {
  const fn = "lab.quasiNewtonMemory";
  positive(fn, "n", n);
  positiveInt(fn, "m", m);
  return { bfgsBytes: 8 * n * n, lbfgsBytes: 8 * 2 * m * n };
}
