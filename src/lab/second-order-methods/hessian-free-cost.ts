/**
 * §8.6 / Martens (2010): what Hessian-free optimization saves. Newton's method forms the d×d Hessian of an
 * m-example logistic regression (m·d² multiply-adds) and factors it (d³/3) at every iteration; Newton–CG touches
 * the Hessian only through products H·v = Xᵀ(D(Xv))/m + λv (about 4·m·d each). Both are run to the same gradient
 * tolerance on seeded data of growing dimension, and timed.
 */
import { logisticRegression } from "../../problems/logistic";
import { newton } from "../../second-order/newton";
import { hessianFree } from "../../second-order/hessian-free";
import type { SmoothObjective } from "../../second-order/types";
import type { Vec } from "../../types";
import { rng } from "../../rng";
import { fail, finiteArray, knownOptions, positive, positiveInt } from "../../args";

export interface CostAtDimension {
  /** Number of parameters (features + bias). */
  dim: number;
  examples: number;
  newtonIterations: number;
  newtonSeconds: number;
  /** Multiply-adds spent forming and factoring Hessians: iterations·(m·dim² + dim³/3). */
  newtonFlops: number;
  hfIterations: number;
  hessianVectorProducts: number;
  hfSeconds: number;
  /** Multiply-adds spent in Hessian-vector products: products·4·m·dim. */
  hfFlops: number;
  /** ‖x_newton − x_hf‖∞: both must reach the same minimizer. */
  agreement: number;
}

/** Logistic regression with l2 and an exact Hessian-vector product (what Newton–CG needs, without forming H). */
export function logisticWithHvp(X: number[][], y: number[], l2: number): SmoothObjective & { dim: number } {
  const base = logisticRegression({ X, y, l2 });
  const m = X.length;
  const d = X[0].length;
  const dim = d + 1;
  const hvp = (x: Vec, v: Vec): Vec => {
    const out = new Float64Array(dim);
    for (let i = 0; i < m; i++) {
      const row = X[i];
      let z = x[d];
      let xv = v[d];
      for (let j = 0; j < d; j++) {
        z += row[j] * x[j];
        xv += row[j] * v[j];
      }
      const s = 1 / (1 + Math.exp(-z));
      const w = (s * (1 - s) * xv) / m;
      for (let j = 0; j < d; j++) out[j] += w * row[j];
      out[d] += w;
    }
    for (let j = 0; j < d; j++) out[j] += l2 * v[j];
    return out;
  };
  return { name: "logisticWithHvp", dim, f: (x) => base.f(x), grad: (x) => base.grad(x), hessian: (x) => base.hessian(x), hvp };
}

/** Times Newton (line search) and Hessian-free Newton–CG on seeded logistic regressions of each dimension. */
export function newtonVersusHessianFree(options: { features: number[]; examplesPerFeature?: number; l2?: number; gradTol?: number; repeats?: number; seed: number }): CostAtDimension[] {
  const fn = "lab.newtonVersusHessianFree";
  knownOptions(fn, options, ["features", "examplesPerFeature", "l2", "gradTol", "repeats", "seed"]);
  const features = finiteArray(fn, "features", options.features).map((v, i) => positiveInt(fn, `features[${i}]`, v));
  const perFeature = positiveInt(fn, "examplesPerFeature", options.examplesPerFeature ?? 2);
  const l2 = positive(fn, "l2", options.l2 ?? 1e-3);
  const gradTol = positive(fn, "gradTol", options.gradTol ?? 1e-8);
  const repeats = positiveInt(fn, "repeats", options.repeats ?? 3);
  if (typeof options.seed !== "number" || !Number.isFinite(options.seed)) fail(fn, "seed", "a finite number", options.seed);
  const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());
  return features.map((d) => {
    const r = rng(options.seed + d);
    const m = perFeature * d;
    const wTrue = Array.from({ length: d }, () => r.normal() / Math.sqrt(d));
    const X = Array.from({ length: m }, () => Array.from({ length: d }, () => r.normal()));
    const y = X.map((row) => (r() < 1 / (1 + Math.exp(-row.reduce((s, v, j) => s + v * wTrue[j], 0))) ? 1 : 0));
    const objective = logisticWithHvp(X, y, l2);
    const x0 = new Array(d + 1).fill(0);
    // The minimum over repeats is the least disturbed by other work on the machine.
    let newtonSeconds = Infinity;
    let hfSeconds = Infinity;
    let newtonRun: ReturnType<typeof newton> | null = null;
    let hfRun: ReturnType<typeof hessianFree> | null = null;
    for (let k = 0; k < repeats; k++) {
      let t = now();
      newtonRun = newton(objective, { x0, lineSearch: true, gradTol });
      newtonSeconds = Math.min(newtonSeconds, (now() - t) / 1000);
      t = now();
      hfRun = hessianFree(objective, { x0, gradTol, maxCgIter: 4 * (d + 1) });
      hfSeconds = Math.min(hfSeconds, (now() - t) / 1000);
    }
    if (!newtonRun!.converged || !hfRun!.converged) fail(fn, "gradTol", `a tolerance both methods reach at ${d} features`, `${gradTol} (Newton: ${newtonRun!.message}; Hessian-free: ${hfRun!.message})`);
    const dim = d + 1;
    return {
      dim,
      examples: m,
      newtonIterations: newtonRun!.iterations,
      newtonSeconds,
      newtonFlops: newtonRun!.hessianEvaluations * (m * dim * dim + (dim * dim * dim) / 3),
      hfIterations: hfRun!.iterations,
      hessianVectorProducts: hfRun!.hessianVectorProducts,
      hfSeconds,
      hfFlops: hfRun!.hessianVectorProducts * 4 * m * dim,
      agreement: Math.max(...Array.from(newtonRun!.x, (v, j) => Math.abs(v - hfRun!.x[j]))),
    };
  });
}
