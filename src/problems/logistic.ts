import type { Objective, Vec } from "../types";
import { nonNegative } from "../args";
import { sigmoid, softplus } from "../math";
import { checkedObjective, checkMatrix, checkVector } from "./validate";


/**
 * Logistic regression, θ = [w₁…w_d, b]: mean log-loss (1/m)Σ log(1 + e^{z_i}) − y_i z_i with
 * z = Xw + b, plus ½·l2·‖w‖² (the bias is not penalized).
 */
export function logisticRegression({ X, y, l2 = 0, name = "logisticRegression" }: { X: number[][]; y: ArrayLike<number>; l2?: number; name?: string }): Objective {
  const fn = "problems.logisticRegression";
  const rows = checkMatrix(fn, "X", X);
  const m = rows.length;
  const d = rows[0].length;
  const labels = checkVector(fn, "y", y, m);
  labels.forEach((v, i) => {
    if (v !== 0 && v !== 1) throw new Error(`${fn}: parameter 'y'[${i}] must be 0 or 1, got ${v}`);
  });
  nonNegative(fn, "l2", l2);
  const flat = new Float64Array(m * d);
  rows.forEach((r, i) => r.forEach((v, j) => (flat[i * d + j] = v)));
  const logits = (x: Vec): Vec => {
    const z = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let s = x[d];
      for (let j = 0; j < d; j++) s += flat[i * d + j] * x[j];
      z[i] = s;
    }
    return z;
  };
  const dim = d + 1;
  return checkedObjective(name, dim, {
    f(x) {
      const z = logits(x);
      let s = 0;
      for (let i = 0; i < m; i++) s += softplus(z[i]) - labels[i] * z[i];
      let pen = 0;
      for (let j = 0; j < d; j++) pen += x[j] * x[j];
      return s / m + 0.5 * l2 * pen;
    },
    grad(x) {
      const z = logits(x);
      const g = new Float64Array(dim);
      for (let i = 0; i < m; i++) {
        const r = sigmoid(z[i]) - labels[i];
        for (let j = 0; j < d; j++) g[j] += flat[i * d + j] * r;
        g[d] += r;
      }
      for (let j = 0; j < dim; j++) g[j] /= m;
      for (let j = 0; j < d; j++) g[j] += l2 * x[j];
      return g;
    },
    hessian(x) {
      const z = logits(x);
      const H = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
      const row = new Float64Array(dim);
      for (let i = 0; i < m; i++) {
        const s = sigmoid(z[i]);
        const w = s * (1 - s);
        for (let j = 0; j < d; j++) row[j] = flat[i * d + j];
        row[d] = 1;
        for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) H[a][b] += w * row[a] * row[b];
      }
      for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) H[a][b] /= m;
      for (let j = 0; j < d; j++) H[j][j] += l2;
      return H;
    },
  });
}
