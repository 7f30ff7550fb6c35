/** Checkers for §8.1 — how learning differs from pure optimization (empirical risk, minibatches). */
import { CheckOptions, CheckResult, runCheck } from "./core";
import { caseRng, dot, randomMatrix, randomVector, round } from "./linalg";

type Risk = (w: number[], X: number[][], y: number[]) => number;
type MinibatchGrad = (w: number[], X: number[][], y: number[], batch: number[]) => number[];

function regressionCases(hidden: boolean): [number[], number[][], number[]][] {
  const cases: [number[], number[][], number[]][] = [[[1, -1], [[1, 0], [0, 1], [1, 1]], [1, 0, 2]]];
  const r = caseRng(hidden ? 811 : 81);
  for (let k = 0; k < (hidden ? 6 : 3); k++) {
    const d = 2 + r.int(hidden ? 5 : 3);
    const m = 3 + r.int(hidden ? 12 : 5);
    cases.push([randomVector(r, d, 2), randomMatrix(r, m, d), randomVector(r, m, 3)]);
  }
  return cases;
}

const residuals = (w: number[], X: number[][], y: number[]) => X.map((x, i) => dot(w, x) - y[i]);

/** Eq. 8.3: the empirical risk, here with the squared loss ½(wᵀx − y)². */
export function empiricalRisk(fn: Risk, options?: CheckOptions): CheckResult {
  return runCheck<Parameters<Risk>>(
    {
      name: "empiricalRisk",
      cite: "eq. 8.3",
      argNames: ["w", "X", "y"],
      cases: regressionCases,
      reference: (w, X, y) => residuals(w, X, y).reduce((s, e) => s + 0.5 * e * e, 0) / X.length,
      mistakes: [
        { hint: "you summed over the examples: the empirical risk is the mean, (1/m)·Σ.", wrong: (w, X, y) => residuals(w, X, y).reduce((s, e) => s + 0.5 * e * e, 0) },
        { hint: "divide by m (the number of examples), not by m − 1.", wrong: (w, X, y) => residuals(w, X, y).reduce((s, e) => s + 0.5 * e * e, 0) / (X.length - 1) },
        { hint: "the loss is the squared error ½(wᵀx − y)², not the absolute error.", wrong: (w, X, y) => residuals(w, X, y).reduce((s, e) => s + Math.abs(e), 0) / X.length },
      ],
    },
    fn,
    options,
  );
}

function minibatchCases(hidden: boolean): Parameters<MinibatchGrad>[] {
  return regressionCases(hidden).map(([w, X, y], k) => {
    const r = caseRng((hidden ? 8130 : 813) + k);
    const size = Math.max(1, Math.min(X.length - 1, 1 + r.int(X.length)));
    const batch = r.shuffle(X.map((_, i) => i)).slice(0, size);
    return [w, X, y, batch];
  });
}

function batchGradient(w: number[], X: number[][], y: number[], rows: number[], divisor: number): number[] {
  const g = w.map(() => 0);
  for (const i of rows) {
    const e = dot(w, X[i]) - y[i];
    X[i].forEach((xij, j) => (g[j] += (e * xij) / divisor));
  }
  return g;
}

/** §8.1.3: the minibatch estimate of the gradient of the empirical risk (mean over the batch). */
export function minibatchGradient(fn: MinibatchGrad, options?: CheckOptions): CheckResult {
  return runCheck<Parameters<MinibatchGrad>>(
    {
      name: "minibatchGradient",
      cite: "§8.1.3",
      argNames: ["w", "X", "y", "batch"],
      cases: minibatchCases,
      reference: (w, X, y, batch) => batchGradient(w, X, y, batch, batch.length),
      mistakes: [
        { hint: "average over the minibatch: divide by the batch size, not by the number of training examples.", wrong: (w, X, y, batch) => batchGradient(w, X, y, batch, X.length) },
        { hint: "use only the rows listed in `batch`, not the whole training set.", wrong: (w, X, y) => batchGradient(w, X, y, X.map((_, i) => i), X.length) },
        { hint: "you summed over the batch: the estimate is the mean, (1/|batch|)·Σ.", wrong: (w, X, y, batch) => batchGradient(w, X, y, batch, 1) },
      ],
    },
    fn,
    options,
  );
}

function sampleCases(hidden: boolean): [number[]][] {
  const cases: [number[]][] = [[[2, 4, 4, 4, 5, 5, 7, 9]]];
  const r = caseRng(hidden ? 8120 : 812);
  for (let k = 0; k < (hidden ? 6 : 3); k++) {
    const m = 2 + r.int(hidden ? 40 : 10);
    cases.push([Array.from({ length: m }, () => round(3 * r.normal() + 1, 3))]);
  }
  if (hidden) cases.push([[5, 5, 5, 5]]);
  return cases;
}

function stdDev(x: number[], ddof: number): number {
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  return Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / (x.length - ddof));
}

/** §8.1.3: the standard error of the mean, σ̂/√m (σ̂ with Bessel's correction). */
export function standardError(fn: (samples: number[]) => number, options?: CheckOptions): CheckResult {
  return runCheck<[number[]]>(
    {
      name: "standardError",
      cite: "§8.1.3",
      argNames: ["samples"],
      cases: sampleCases,
      reference: (x) => stdDev(x, 1) / Math.sqrt(x.length),
      mistakes: [
        { hint: "use the sample standard deviation with m − 1 (Bessel's correction), not m.", wrong: (x) => stdDev(x, 0) / Math.sqrt(x.length) },
        { hint: "divide by √m, not by m: the standard error shrinks like 1/√m.", wrong: (x) => stdDev(x, 1) / x.length },
        { hint: "take the square root of the variance: σ/√m uses the standard deviation.", wrong: (x) => stdDev(x, 1) ** 2 / Math.sqrt(x.length) },
      ],
    },
    fn,
    options,
  );
}

function smallestBatch(sigma: number, target: number): number {
  let m = Math.max(1, Math.ceil((sigma / target) ** 2));
  while (m > 1 && sigma / Math.sqrt(m - 1) <= target) m--;
  while (sigma / Math.sqrt(m) > target) m++;
  return m;
}

/** §8.1.3: the smallest minibatch size m whose standard error σ/√m is at most `target`. */
export function batchSizeForError(fn: (sigma: number, target: number) => number, options?: CheckOptions): CheckResult {
  return runCheck<[number, number]>(
    {
      name: "batchSizeForError",
      cite: "§8.1.3",
      argNames: ["sigma", "target"],
      cases: (hidden) => (hidden ? [[3, 0.7], [10, 0.3], [0.5, 1], [2.5, 0.01], [7, 0.9]] : [[1, 0.3], [4, 0.5], [2, 0.15]]),
      reference: smallestBatch,
      mistakes: [
        { hint: "σ/√m ≤ target means m ≥ (σ/target)²: square the ratio.", wrong: (s, t) => Math.ceil(s / t) },
        { hint: "round up (Math.ceil): a batch one smaller misses the target.", wrong: (s, t) => Math.floor((s / t) ** 2) },
      ],
    },
    fn,
    options,
  );
}

type ZeroOne = (theta: number[], X: number[][], y: number[]) => number;

/** §8.1.2: the 0-1 loss (error rate) of a linear classifier θ = [w…, b] predicting 1 when wᵀx + b > 0. */
export function zeroOneLoss(fn: ZeroOne, options?: CheckOptions): CheckResult {
  const scores = (t: number[], X: number[][]) => X.map((x) => dot(t.slice(0, x.length), x) + t[x.length]);
  const errors = (t: number[], X: number[][], y: number[]) => scores(t, X).filter((s, i) => (s > 0 ? 1 : 0) !== y[i]).length;
  return runCheck<Parameters<ZeroOne>>(
    {
      name: "zeroOneLoss",
      cite: "§8.1.2",
      argNames: ["theta", "X", "y"],
      cases: (hidden) => {
        const out: Parameters<ZeroOne>[] = [[[1, -1, 0], [[1, 0], [0, 1], [2, 1], [0.5, 2]], [1, 0, 0, 1]]];
        const r = caseRng(hidden ? 8120 : 812);
        for (let k = 0; k < (hidden ? 6 : 3); k++) {
          const d = 1 + r.int(4);
          const m = 4 + r.int(10);
          // Scores are kept away from 0 so that "> 0" and "≥ 0" agree; the labels are a noisy copy of the truth.
          const X = randomMatrix(r, m, d).map((row) => row.map((v) => round(v, 2) + 0.003));
          out.push([randomVector(r, d + 1).map((v) => round(v, 2) + 0.001), X, X.map(() => (r() < 0.5 ? 1 : 0))]);
        }
        return out;
      },
      reference: (t, X, y) => errors(t, X, y) / X.length,
      mistakes: [
        { hint: "return the share of errors (a number in [0, 1]), not their count.", wrong: (t, X, y) => errors(t, X, y) },
        { hint: "that is the accuracy; the 0-1 loss is the error rate, 1 − accuracy.", wrong: (t, X, y) => 1 - errors(t, X, y) / X.length },
        { hint: "the last entry of θ is the bias b: the score is wᵀx + b.", wrong: (t, X, y) => X.filter((x, i) => ((dot(t.slice(0, x.length), x) > 0 ? 1 : 0) !== y[i])).length / X.length },
      ],
    },
    fn,
    options,
  );
}
