/**
 * Empirical vs true risk (§8.1.1, eqs. 8.2–8.3) on linear regression with a known distribution:
 * x ~ N(0, I_d), y = w*ᵀx + σξ. The least-squares fit ŵ on m examples has a true risk
 * ½(σ² + ‖ŵ − w*‖²) that can be computed exactly, so the gap to its empirical risk is measured, not guessed.
 */
import { rng } from "../../rng";
import { fail, finite, positive, positiveInt } from "../../args";

export interface RiskGap {
  sizes: number[];
  /** Mean over trials of the empirical risk ½·mean (ŵᵀx − y)² on the m training examples. */
  empirical: number[];
  /** Mean over trials of the true risk E[½(ŵᵀx − y)²] = ½(σ² + ‖ŵ − w*‖²). */
  truth: number[];
  /** The Bayes risk ½σ² (the true risk of w*). */
  bayes: number;
  /** Expected values for Gaussian x: ½σ²(1 − d/m) and ½σ²(1 + d/(m − d − 1)). */
  expectedEmpirical: number[];
  expectedTruth: number[];
}

/** Solves the symmetric positive-definite system A z = b by Cholesky (small d). */
function solveSpd(A: number[][], b: number[]): number[] {
  const n = b.length;
  const Lm = A.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= Lm[i][k] * Lm[j][k];
      Lm[i][j] = i === j ? Math.sqrt(s) : s / Lm[j][j];
    }
  }
  const z = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= Lm[i][k] * z[k];
    z[i] = s / Lm[i][i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= Lm[k][i] * z[k];
    z[i] = s / Lm[i][i];
  }
  return z;
}

export function leastSquaresRiskGap(opts: { dim: number; noiseStd: number; sizes: number[]; trials: number; seed: number }): RiskGap {
  const fn = "lab.leastSquaresRiskGap";
  if (!opts || typeof opts !== "object") fail(fn, "options", "an object { dim, noiseStd, sizes, trials, seed }", opts);
  const d = positiveInt(fn, "dim", opts.dim);
  const sigma = positive(fn, "noiseStd", opts.noiseStd);
  const trials = positiveInt(fn, "trials", opts.trials);
  const r = rng(finite(fn, "seed", opts.seed));
  if (!Array.isArray(opts.sizes) || opts.sizes.length === 0) fail(fn, "sizes", "a non-empty array of integers > dim + 1", opts.sizes);
  opts.sizes.forEach((m, i) => (Number.isInteger(m) && m > d + 1) || fail(fn, `sizes[${i}]`, `an integer > dim + 1 = ${d + 1}`, m));
  const wStar = Array.from({ length: d }, () => r.normal());
  const empirical: number[] = [];
  const truth: number[] = [];
  for (const m of opts.sizes) {
    let sumEmp = 0;
    let sumTrue = 0;
    for (let t = 0; t < trials; t++) {
      const X = Array.from({ length: m }, () => Array.from({ length: d }, () => r.normal()));
      const y = X.map((x) => x.reduce((s, v, j) => s + v * wStar[j], 0) + sigma * r.normal());
      const XtX = wStar.map((_, i) => wStar.map((__, j) => X.reduce((s, x) => s + x[i] * x[j], 0)));
      const Xty = wStar.map((_, i) => X.reduce((s, x, k) => s + x[i] * y[k], 0));
      const w = solveSpd(XtX, Xty);
      sumEmp += X.reduce((s, x, k) => s + 0.5 * (x.reduce((a, v, j) => a + v * w[j], 0) - y[k]) ** 2, 0) / m;
      sumTrue += 0.5 * (sigma * sigma + w.reduce((s, v, j) => s + (v - wStar[j]) ** 2, 0));
    }
    empirical.push(sumEmp / trials);
    truth.push(sumTrue / trials);
  }
  const half = 0.5 * sigma * sigma;
  return {
    sizes: [...opts.sizes],
    empirical,
    truth,
    bayes: half,
    expectedEmpirical: opts.sizes.map((m) => half * (1 - d / m)),
    expectedTruth: opts.sizes.map((m) => half * (1 + d / (m - d - 1))),
  };
}
