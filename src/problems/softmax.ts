import type { Objective, Vec } from "../types";
import { finiteSum, type FiniteSumTerms, type MinibatchObjective } from "./finite-sum";
import { fail, knownOptions, nonNegative } from "../args";
import { logSumExp } from "../math";
import { checkMatrix, checkVector } from "./validate";

export interface SoftmaxData { X: number[][]; y: ArrayLike<number>; numClasses?: number; l2?: number }

/**
 * Multinomial logistic (softmax) regression, θ = [W (C×d, row-major), b (C)]:
 * (1/n)Σ [log Σ_c e^{z_ic} − z_{i,y_i}], z_i = W x_i + b, plus ½·l2·‖W‖² (biases not penalized).
 */
export function softmaxTerms(fn: string, { X, y, numClasses, l2 = 0 }: SoftmaxData): FiniteSumTerms & { classes: number; features: number } {
  const rows = checkMatrix(fn, "X", X);
  const n = rows.length;
  const d = rows[0].length;
  const labels = checkVector(fn, "y", y, n);
  labels.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0) throw new Error(`${fn}: parameter 'y'[${i}] must be a class index (an integer ≥ 0), got ${v}`);
  });
  let C = numClasses ?? 0;
  if (numClasses === undefined) labels.forEach((v) => (C = Math.max(C, v + 1)));
  if (!Number.isInteger(C) || C < 2) throw new Error(`${fn}: parameter 'numClasses' must be an integer ≥ 2, got ${numClasses ?? C}`);
  labels.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v >= C) throw new Error(`${fn}: parameter 'y'[${i}] must be a class index in [0, ${C}), got ${v}`);
  });
  nonNegative(fn, "l2", l2);
  const flat = new Float64Array(n * d);
  rows.forEach((r, i) => r.forEach((v, j) => (flat[i * d + j] = v)));
  const dim = C * d + C;
  const z = new Float64Array(C);
  // The logits of example i into z; returns log Σ e^z.
  const probs = (x: Vec, i: number): number => {
    for (let c = 0; c < C; c++) {
      let s = x[C * d + c];
      for (let j = 0; j < d; j++) s += x[c * d + j] * flat[i * d + j];
      z[c] = s;
    }
    return logSumExp(z);
  };
  return {
    name: "softmaxRegression",
    n,
    dim,
    classes: C,
    features: d,
    lossSum(x, idx) {
      let s = 0;
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k];
        const lse = probs(x, i);
        s += lse - z[labels[i]];
      }
      return s;
    },
    gradSum(x, idx, out) {
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k];
        const lse = probs(x, i);
        for (let c = 0; c < C; c++) {
          const r = Math.exp(z[c] - lse) - (labels[i] === c ? 1 : 0);
          for (let j = 0; j < d; j++) out[c * d + j] += r * flat[i * d + j];
          out[C * d + c] += r;
        }
      }
    },
    penalty(x) {
      let s = 0;
      for (let j = 0; j < C * d; j++) s += x[j] * x[j];
      return 0.5 * l2 * s;
    },
    penaltyGrad(x, out) {
      for (let j = 0; j < C * d; j++) out[j] += l2 * x[j];
    },
    hessian(x) {
      const H = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
      const p = new Float64Array(C);
      const xt = new Float64Array(d + 1);
      const at = (c: number, j: number) => (j < d ? c * d + j : C * d + c);
      for (let i = 0; i < n; i++) {
        const lse = probs(x, i);
        for (let c = 0; c < C; c++) p[c] = Math.exp(z[c] - lse);
        for (let j = 0; j < d; j++) xt[j] = flat[i * d + j];
        xt[d] = 1;
        for (let c = 0; c < C; c++)
          for (let c2 = 0; c2 < C; c2++) {
            const w = (c === c2 ? p[c] : 0) - p[c] * p[c2];
            if (w === 0) continue;
            for (let j = 0; j <= d; j++) {
              const row = H[at(c, j)];
              const wj = w * xt[j];
              if (wj === 0) continue;
              for (let j2 = 0; j2 <= d; j2++) row[at(c2, j2)] += wj * xt[j2];
            }
          }
      }
      // Exactly symmetric: the two triangles are summed in different orders.
      for (let a = 0; a < dim; a++) {
        H[a][a] /= n;
        for (let b = a + 1; b < dim; b++) H[b][a] = H[a][b] = H[a][b] / n;
      }
      for (let j = 0; j < C * d; j++) H[j][j] += l2;
      return H;
    },
  };
}

/** Full-batch softmax regression (C classes, θ = [W row-major, b]). */
export function softmaxRegression(data: SoftmaxData): Objective {
  const fn = "problems.softmaxRegression";
  checkKeys(fn, data, ["X", "y", "numClasses", "l2"]);
  return finiteSum(softmaxTerms(fn, data), { batchSize: 1, seed: 0 }).full;
}

/** Softmax regression whose `grad` is a minibatch gradient: seeded sampling without replacement per epoch (8.1.3). */
export function minibatchSoftmaxRegression(opts: SoftmaxData & { batchSize: number; seed: number; dropLast?: boolean }): MinibatchObjective & { classes: number; features: number } {
  const fn = "problems.minibatchSoftmaxRegression";
  checkKeys(fn, opts, ["X", "y", "numClasses", "l2", "batchSize", "seed", "dropLast"]);
  const terms = softmaxTerms(fn, opts);
  return Object.assign(finiteSum(terms, opts), { classes: terms.classes, features: terms.features });
}

export function checkKeys(fn: string, opts: object, known: string[]): void {
  if (!opts) fail(fn, "options", "an object", opts);
  knownOptions(fn, opts, known);
}
