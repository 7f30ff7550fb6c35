import { finiteSum, type MinibatchObjective } from "./finite-sum";
import { sigmoid, softplus } from "../math";
import { logisticRegression } from "./logistic";
import { checkKeys } from "./softmax";
import { checkMatrix } from "./validate";

/**
 * Logistic regression (θ = [w, b], stable log1p loss, bias not penalized) whose `grad` is a minibatch
 * gradient: seeded sampling without replacement per epoch, batch size m (section 8.1.3).
 */
export function minibatchLogisticRegression(opts: { X: number[][]; y: ArrayLike<number>; l2?: number; batchSize: number; seed: number; dropLast?: boolean }): MinibatchObjective {
  const fn = "problems.minibatchLogisticRegression";
  checkKeys(fn, opts, ["X", "y", "l2", "batchSize", "seed", "dropLast"]);
  const { X, y, l2 = 0 } = opts;
  // The full objective validates X, y and l2 with the same messages as problems.logisticRegression.
  const full = logisticRegression({ X, y, l2, name: "logisticRegression" });
  const rows = checkMatrix(fn, "X", X);
  const n = rows.length;
  const d = rows[0].length;
  const flat = new Float64Array(n * d);
  rows.forEach((r, i) => r.forEach((v, j) => (flat[i * d + j] = v)));
  const labels = Float64Array.from(y);
  const logit = (x: Float64Array, i: number) => {
    let s = x[d];
    for (let j = 0; j < d; j++) s += flat[i * d + j] * x[j];
    return s;
  };
  return finiteSum(
    {
      name: "logisticRegression",
      n,
      dim: d + 1,
      lossSum(x, idx) {
        let s = 0;
        for (let k = 0; k < idx.length; k++) {
          const z = logit(x, idx[k]);
          s += softplus(z) - labels[idx[k]] * z;
        }
        return s;
      },
      gradSum(x, idx, out) {
        for (let k = 0; k < idx.length; k++) {
          const i = idx[k];
          const r = sigmoid(logit(x, i)) - labels[i];
          for (let j = 0; j < d; j++) out[j] += flat[i * d + j] * r;
          out[d] += r;
        }
      },
      penalty(x) {
        let s = 0;
        for (let j = 0; j < d; j++) s += x[j] * x[j];
        return 0.5 * l2 * s;
      },
      penaltyGrad(x, out) {
        for (let j = 0; j < d; j++) out[j] += l2 * x[j];
      },
      hessian: (x) => full.hessian(x),
    },
    opts,
  );
}
