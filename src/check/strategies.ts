/** Checkers for §8.7 — optimization strategies: batch normalization, Polyak averaging, coordinate descent. */
import { CheckOptions, CheckResult, runCheck } from "./core";
import { caseRng, dot, randomMatrix, randomSpd, randomVector, transpose } from "./linalg";

type BatchNorm = (X: number[][], gamma: number[], beta: number[], eps: number) => number[][];

function normalizeColumns(X: number[][], gamma: number[], beta: number[], eps: number, opts: { ddof?: number; epsOutside?: boolean } = {}) {
  const cols = transpose(X);
  const m = X.length;
  const stats = cols.map((c) => {
    const mu = c.reduce((s, v) => s + v, 0) / m;
    const variance = c.reduce((s, v) => s + (v - mu) ** 2, 0) / (m - (opts.ddof ?? 0));
    return { mu, sd: opts.epsOutside ? Math.sqrt(variance) + eps : Math.sqrt(variance + eps) };
  });
  return X.map((row) => row.map((v, j) => (gamma[j] * (v - stats[j].mu)) / stats[j].sd + beta[j]));
}

/** Eqs. 8.35–8.37: normalize each column (unit) over the minibatch, then scale by γ and shift by β. */
export function batchNormForward(fn: BatchNorm, options?: CheckOptions): CheckResult {
  return runCheck<Parameters<BatchNorm>>(
    {
      name: "batchNormForward",
      cite: "eqs. 8.35–8.37",
      argNames: ["X", "gamma", "beta", "eps"],
      cases: (hidden) => {
        const r = caseRng(hidden ? 8710 : 871);
        const cases: Parameters<BatchNorm>[] = [[[[1, 10], [3, 20], [5, 60]], [1, 1], [0, 0], 1e-5]];
        for (let k = 0; k < (hidden ? 5 : 2); k++) {
          const m = 2 + r.int(hidden ? 10 : 5);
          const n = 1 + r.int(4);
          cases.push([randomMatrix(r, m, n, 3), randomVector(r, n, 2), randomVector(r, n, 1), [0.5, 0.1, 1e-5, 1, 0.01][k]]);
        }
        return cases;
      },
      reference: (X, g, b, e) => normalizeColumns(X, g, b, e),
      tol: 1e-7,
      mistakes: [
        { hint: "normalize with the biased variance (divide by m, the batch size), as batch norm does in training.", wrong: (X, g, b, e) => normalizeColumns(X, g, b, e, { ddof: 1 }) },
        { hint: "ε goes inside the square root: σ = √(δ + var), eq. 8.37.", wrong: (X, g, b, e) => normalizeColumns(X, g, b, e, { epsOutside: true }) },
        { hint: "normalize each column (one unit across the minibatch), not each row (one example across units).", wrong: (X, g, b, e) => transpose(normalizeColumns(transpose(X), X.map(() => 1), X.map(() => 0), e)).map((row) => row.map((v, j) => g[j] * v + b[j])) },
        { hint: "after normalizing, scale by γ and shift by β: γ·x̂ + β.", wrong: (X, g, b, e) => normalizeColumns(X, g.map(() => 1), b.map(() => 0), e) },
      ],
    },
    fn,
    options,
  );
}

/** §8.7.3 (Polyak & Juditsky 1992): the average of the iterates θ⁽¹⁾…θ⁽ᵗ⁾. */
export function polyakAverage(fn: (trajectory: number[][]) => number[], options?: CheckOptions): CheckResult {
  const mean = (rows: number[][]) => transpose(rows).map((c) => c.reduce((s, v) => s + v, 0) / rows.length);
  return runCheck<[number[][]]>(
    {
      name: "polyakAverage",
      cite: "§8.7.3",
      argNames: ["trajectory"],
      cases: (hidden) => {
        const r = caseRng(hidden ? 8720 : 872);
        const cases: [number[][]][] = [[[[0, 0], [2, 4], [4, 2]]]];
        for (let k = 0; k < (hidden ? 4 : 2); k++) cases.push([randomMatrix(r, 2 + r.int(20), 1 + r.int(4), 5)]);
        if (hidden) cases.push([[[1, 2, 3]]]);
        return cases;
      },
      reference: mean,
      mistakes: [
        { hint: "average ALL iterates, the first one included.", wrong: (T) => mean(T.slice(1)) },
        { hint: "the Polyak average is the mean of the iterates, not the last iterate.", wrong: (T) => [...T[T.length - 1]] },
        { hint: "average each coordinate over the iterates (the columns of `trajectory`), not each iterate over its coordinates.", wrong: (T) => T.map((row) => row.reduce((s, v) => s + v, 0) / row.length) },
      ],
    },
    fn,
    options,
  );
}

/** §8.7.3: the exponentially decaying running average θ̂ ← αθ̂ + (1 − α)θ. */
export function polyakEma(fn: (average: number[], theta: number[], alpha: number) => number[], options?: CheckOptions): CheckResult {
  return runCheck<[number[], number[], number]>(
    {
      name: "polyakEma",
      cite: "§8.7.3",
      argNames: ["average", "theta", "alpha"],
      cases: (hidden) => {
        const r = caseRng(hidden ? 8730 : 873);
        return [0.9, 0.5, 0.99, 0.75, 0, 0.999].slice(0, hidden ? 6 : 3).map((a) => {
          const n = 1 + r.int(5);
          return [randomVector(r, n, 3), randomVector(r, n, 3), a] as [number[], number[], number];
        });
      },
      reference: (avg, t, a) => avg.map((v, i) => a * v + (1 - a) * t[i]),
      mistakes: [
        { hint: "α weighs the OLD average and (1 − α) the new iterate: are they swapped?", wrong: (avg, t, a) => avg.map((v, i) => (1 - a) * v + a * t[i]) },
        { hint: "the weights must sum to 1: α·θ̂ + (1 − α)·θ.", wrong: (avg, t, a) => avg.map((v, i) => a * v + t[i]) },
      ],
    },
    fn,
    options,
  );
}

type CoordinateStep = (A: number[][], b: number[], x: number[], i: number) => number[];

/** §8.7.2: exact minimization of ½xᵀAx − bᵀx over coordinate i, the others held fixed. */
export function coordinateDescentStep(fn: CoordinateStep, options?: CheckOptions): CheckResult {
  const exact = (A: number[][], b: number[], x: number[], i: number) => {
    const others = dot(A[i], x) - A[i][i] * x[i];
    return x.map((v, j) => (j === i ? (b[i] - others) / A[i][i] : v));
  };
  return runCheck<Parameters<CoordinateStep>>(
    {
      name: "coordinateDescentStep",
      cite: "§8.7.2",
      argNames: ["A", "b", "x", "i"],
      cases: (hidden) => {
        const r = caseRng(hidden ? 8740 : 874);
        const cases: Parameters<CoordinateStep>[] = [[[[2, 1], [1, 3]], [1, 2], [0, 0], 0]];
        for (let k = 0; k < (hidden ? 6 : 3); k++) {
          const n = 2 + r.int(hidden ? 6 : 3);
          cases.push([randomSpd(r, n), randomVector(r, n, 2), randomVector(r, n, 2), r.int(n)]);
        }
        return cases;
      },
      reference: exact,
      mistakes: [
        { hint: "the sum Σ A_ij x_j runs over j ≠ i: leave the coordinate being solved for out.", wrong: (A, b, x, i) => x.map((v, j) => (j === i ? (b[i] - dot(A[i], x)) / A[i][i] : v)) },
        { hint: "coordinate descent MINIMIZES along coordinate i exactly (set ∂f/∂x_i = 0), it does not take a gradient step.", wrong: (A, b, x, i) => x.map((v, j) => (j === i ? v - (dot(A[i], x) - b[i]) : v)) },
        { hint: "only coordinate i changes; the others stay as they were.", wrong: (A, b, x) => x.map((_, j) => exact(A, b, x, j)[j]) },
      ],
    },
    fn,
    options,
  );
}
