/**
 * The descent lemma and the O(β/ε²) rate to a stationary point (a "seed topic" beside §8.3.1). Robust
 * regression with the Cauchy loss, f(θ) = (1/m)Σ log(1 + (xᵢᵀθ − yᵢ)²), is non-convex, bounded below by 0, and
 * β-smooth with β = 2·λ_max(XᵀX/m) (the loss's second derivative lies in [−¼, 2]). Gradient descent with
 * ε = 1/β then satisfies f(θₖ₊₁) ≤ f(θₖ) − ‖∇f(θₖ)‖²/(2β), so min_{j<k} ‖∇f(θⱼ)‖² ≤ 2β(f(θ₀) − 0)/k.
 */
import type { Objective } from "../../types";
import { symmetricEigenvalues } from "../../second-order/linalg";
import { rng } from "../../rng";
import { fail, finite, positiveInt } from "../../args";

export function cauchyRegression(opts: { n: number; dim: number; seed: number; outliers?: number }): Objective & { beta: number } {
  const fn = "lab.cauchyRegression";
  if (!opts || typeof opts !== "object") fail(fn, "options", "an object { n, dim, seed, outliers? }", opts);
  const n = positiveInt(fn, "n", opts.n);
  const dim = positiveInt(fn, "dim", opts.dim);
  const r = rng(finite(fn, "seed", opts.seed));
  const outliers = opts.outliers ?? 0.2;
  if (typeof outliers !== "number" || !(outliers >= 0 && outliers < 1)) fail(fn, "outliers", "a share in [0, 1)", outliers);
  const wTrue = Array.from({ length: dim }, () => r.normal());
  const X = Array.from({ length: n }, () => Array.from({ length: dim }, () => r.normal()));
  // Gross outliers make the least-squares fit bad and the Cauchy loss non-convex where it matters.
  const y = X.map((x) => x.reduce((s, v, j) => s + v * wTrue[j], 0) + 0.1 * r.normal() + (r() < outliers ? 20 * r.normal() : 0));
  const gram = Array.from({ length: dim }, (_, a) => Array.from({ length: dim }, (_, b) => X.reduce((s, x) => s + x[a] * x[b], 0) / n));
  const beta = 2 * symmetricEigenvalues(gram)[dim - 1];
  const residuals = (t: Float64Array) => X.map((x, i) => x.reduce((s, v, j) => s + v * t[j], 0) - y[i]);
  const check = (where: string, t: Float64Array) => {
    if (!t || t.length !== dim) fail(`${fn}.${where}`, "theta", `a vector of length ${dim}`, t ? `length ${t.length}` : t);
  };
  return {
    name: `Cauchy-loss regression (n = ${n}, d = ${dim})`,
    dim,
    beta,
    f: (t) => (check("f", t), residuals(t).reduce((s, e) => s + Math.log1p(e * e), 0) / n),
    grad: (t) => {
      check("grad", t);
      const g = new Float64Array(dim);
      residuals(t).forEach((e, i) => {
        const w = (2 * e) / (1 + e * e) / n;
        for (let j = 0; j < dim; j++) g[j] += w * X[i][j];
      });
      return g;
    },
    hessian: (t) => {
      check("hessian", t);
      const H = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
      residuals(t).forEach((e, i) => {
        const w = (2 * (1 - e * e)) / (1 + e * e) ** 2 / n;
        for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) H[a][b] += w * X[i][a] * X[i][b];
      });
      return H;
    },
  };
}
