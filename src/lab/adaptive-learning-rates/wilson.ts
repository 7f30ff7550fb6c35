/**
 * Wilson, Roelofs, Stern, Srebro & Recht (2017), §3.3: an over-parametrized least-squares problem on which
 * gradient descent from 0 converges to the minimum-norm interpolating solution and generalizes perfectly,
 * while AdaGrad, RMSProp and Adam from 0 converge to a different interpolating solution, proportional to
 * sign(Xᵀy), that labels every test point +1. Both solutions have closed forms.
 */
import type { Objective, Vec } from "../../types";
import { rng } from "../../rng";
import { fail, knownOptions, openUnitInterval, positiveInt } from "../../args";

export interface WilsonProblem {
  /** Training inputs, n rows of 3 + 5n features; y ∈ {−1, +1}. */
  X: number[][];
  y: number[];
  /** ½‖Xw − y‖² with its gradient Xᵀ(Xw − y) (an Objective for d.run). */
  objective: Objective;
  /** Xᵀ(XXᵀ)⁻¹y: the interpolating solution of least norm, where gradient descent from 0 ends. */
  minimumNorm: number[];
  /** sign(Xᵀy)/c with X·sign(Xᵀy) = c·y: the interpolating solution the adaptive methods reach from 0. */
  adaptive: number[];
  /** The constant c of X·sign(Xᵀy) = c·y (4 for this design). */
  c: number;
  /** max_i |(X·sign(Xᵀy))_i − c·y_i|: 0 when Wilson et al.'s condition holds exactly. */
  conditionGap: number;
  /** Labels of a fresh seeded test set (each test point has its own unseen features, whose weights are 0). */
  testLabels: number[];
  /** Fraction of test points that w misclassifies: a test point with label y is scored sign(w₀y + w₁ + w₂). */
  testError(w: ArrayLike<number>): number;
}

/** Solves the symmetric positive definite system A x = b by Cholesky (A is the n×n Gram matrix XXᵀ). */
function choleskySolve(A: number[][], b: number[]): number[] {
  const n = A.length;
  const L = A.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
    }
  }
  const z = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * z[k];
    z[i] = s / L[i][i];
  }
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= L[k][i] * x[k];
    x[i] = s / L[i][i];
  }
  return x;
}

/**
 * The design of Wilson et al. (2017, §3.3): example i has x₀ = yᵢ, x₁ = x₂ = 1, and its own block of unique
 * features — one set to 1 when yᵢ = +1, five when yᵢ = −1. Labels are +1 with probability `positiveFraction`
 * (> ½, so that sign(Σyᵢ) = +1 and the adaptive solution exists in the closed form above).
 */
export function wilsonProblem(options: { examples: number; positiveFraction?: number; testExamples?: number; seed: number }): WilsonProblem {
  const fn = "lab.wilsonProblem";
  knownOptions(fn, options, ["examples", "positiveFraction", "testExamples", "seed"]);
  const n = positiveInt(fn, "examples", options.examples);
  const p = openUnitInterval(fn, "positiveFraction", options.positiveFraction ?? 0.7);
  const nTest = positiveInt(fn, "testExamples", options.testExamples ?? 1000);
  if (typeof options.seed !== "number" || !Number.isFinite(options.seed)) fail(fn, "seed", "a finite number", options.seed);
  const r = rng(options.seed);
  const y = Array.from({ length: n }, () => (r() < p ? 1 : -1));
  const sum = y.reduce((s, v) => s + v, 0);
  if (!(sum > 0)) fail(fn, "positiveFraction", "a value that gives more positive than negative training labels for this seed", `${p} (Σy = ${sum})`);
  const dim = 3 + 5 * n;
  const X = y.map((yi, i) => {
    const x = new Array<number>(dim).fill(0);
    x[0] = yi;
    x[1] = 1;
    x[2] = 1;
    for (let j = 0; j < (yi === 1 ? 1 : 5); j++) x[3 + 5 * i + j] = 1;
    return x;
  });
  const residual = (w: Vec) => X.map((row, i) => row.reduce((s, v, j) => s + v * w[j], 0) - y[i]);
  const objective: Objective = {
    name: "wilsonLeastSquares",
    dim,
    f: (w) => 0.5 * residual(w).reduce((s, v) => s + v * v, 0),
    grad: (w) => {
      const res = residual(w);
      const g = new Float64Array(dim);
      X.forEach((row, i) => row.forEach((v, j) => (g[j] += v * res[i])));
      return g;
    },
    // Constant: XᵀX.
    hessian: () => X[0].map((_, a) => X[0].map((_, b) => X.reduce((s, row) => s + row[a] * row[b], 0))),
  };
  const gram = X.map((a) => X.map((b) => a.reduce((s, v, j) => s + v * b[j], 0)));
  const alpha = choleskySolve(gram, y);
  const minimumNorm = new Array<number>(dim).fill(0);
  X.forEach((row, i) => row.forEach((v, j) => (minimumNorm[j] += v * alpha[i])));
  const signs = new Array<number>(dim).fill(0).map((_, j) => Math.sign(X.reduce((s, row, i) => s + row[j] * y[i], 0)));
  const Xs = X.map((row) => row.reduce((s, v, j) => s + v * signs[j], 0));
  const c = Xs[0] / y[0];
  const conditionGap = Math.max(...Xs.map((v, i) => Math.abs(v - c * y[i])));
  const testRng = rng(options.seed + 1);
  const testLabels = Array.from({ length: nTest }, () => (testRng() < p ? 1 : -1));
  const testError = (w: ArrayLike<number>) => {
    if (!w || w.length !== dim) fail(`${fn}: testError`, "w", `an array of ${dim} weights`, w);
    // A test point's unique features were never seen in training, so their weights are 0 for every method.
    return testLabels.filter((label) => Math.sign(w[0] * label + w[1] + w[2]) !== label).length / nTest;
  };
  return { X, y, objective, minimumNorm, adaptive: signs.map((s) => s / c), c, conditionGap, testLabels, testError };
}
