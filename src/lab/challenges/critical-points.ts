/**
 * Critical points of a small network (§8.2.3, after Dauphin et al. 2014): Newton-type iterations on
 * ½‖∇f‖² converge to saddles as readily as to minima, so from many random starts they find critical points
 * of every index; the index (share of negative Hessian eigenvalues) is then set against the cost.
 */
import type { Objective, Vec } from "../../types";
import { luSolve, symmetricEigenvalues } from "../../second-order/linalg";
import { lbfgs } from "../../second-order/lbfgs";
import { rng } from "../../rng";
import { fail, finite, positive, positiveInt } from "../../args";

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

/** f(θ) + ½λ‖θ‖²: weight decay keeps every critical point finite (without it, separable data pushes ‖θ‖ to ∞). */
export function l2Regularized(objective: Objective, lambda: number): Objective {
  const fn = "lab.l2Regularized";
  if (!objective || typeof objective.grad !== "function" || typeof objective.hessian !== "function") fail(fn, "objective", "an Objective with f, grad and hessian", objective);
  const l = positive(fn, "lambda", lambda);
  return {
    name: `${objective.name} + ${l}/2·‖θ‖²`,
    dim: objective.dim,
    f: (t) => objective.f(t) + 0.5 * l * t.reduce((s, v) => s + v * v, 0),
    grad: (t) => Float64Array.from(objective.grad(t), (g, i) => g + l * t[i]),
    hessian: (t) => objective.hessian(t).map((row, i) => row.map((v, j) => (i === j ? v + l : v))),
  };
}

/**
 * Levenberg–Marquardt on ½‖∇f(θ)‖²: its Jacobian is the Hessian H, so the step is −(H² + λI)⁻¹Hg. It stops
 * where ∇f = 0 — a minimum, a maximum or a saddle alike — or after `maxIter` iterations.
 */
export function findCriticalPoint(objective: Objective, x0: ArrayLike<number>, opts: { maxIter?: number; gradTol?: number } = {}): { x: Vec; gradNorm: number; iterations: number } {
  const fn = "lab.findCriticalPoint";
  if (!x0 || x0.length !== objective.dim) fail(fn, "x0", `a vector of length ${objective.dim}`, x0);
  const maxIter = positiveInt(fn, "maxIter", opts.maxIter ?? 100);
  const gradTol = positive(fn, "gradTol", opts.gradTol ?? 1e-10);
  let x = Float64Array.from(x0);
  let g = objective.grad(x);
  let damping = 1e-2;
  let k = 0;
  for (; k < maxIter && norm(g) > gradTol; k++) {
    const H = objective.hessian(x);
    const n = H.length;
    const H2 = H.map((row, i) => H.map((_, j) => row.reduce((a, v, m) => a + v * H[m][j], 0) + (i === j ? damping : 0)));
    const Hg = Float64Array.from(H, (row) => row.reduce((a, v, m) => a + v * g[m], 0));
    const step = luSolve(H2, Hg);
    if (!step) {
      damping *= 4;
      continue;
    }
    const trial = Float64Array.from(x, (v, i) => v - step[i]);
    const gTrial = objective.grad(trial);
    if (gTrial.every(Number.isFinite) && norm(gTrial) < norm(g)) {
      x = trial;
      g = gTrial;
      damping = Math.max(damping / 3, 1e-12);
    } else damping *= 4;
    if (damping > 1e12 || n === 0) break;
  }
  return { x, gradNorm: norm(g), iterations: k };
}

export interface CriticalPoint {
  /** How it was found: a descent run (L-BFGS, then polished) or the critical-point search from the same start. */
  method: "descent" | "critical-point search";
  start: number;
  /** The critical point itself. */
  x: Vec;
  f: number;
  gradNorm: number;
  /** Share of the Hessian's eigenvalues below −tol: 0 at a minimum. */
  index: number;
  eigenvalues: number[];
}

/**
 * From `starts` random points θ₀ ~ N(0, scale²·I): L-BFGS (a descent method, which finds minima) and the
 * critical-point search (which finds critical points of any index). Keeps the points with ‖∇f‖ ≤ gradTol.
 */
export function criticalPointSurvey(objective: Objective, opts: { starts: number; seed: number; scale?: number; maxIter?: number; gradTol?: number }): CriticalPoint[] {
  const fn = "lab.criticalPointSurvey";
  const starts = positiveInt(fn, "starts", opts.starts);
  const r = rng(finite(fn, "seed", opts.seed));
  const scale = positive(fn, "scale", opts.scale ?? 1);
  const gradTol = positive(fn, "gradTol", opts.gradTol ?? 1e-8);
  const out: CriticalPoint[] = [];
  const record = (method: CriticalPoint["method"], start: number, x: Vec) => {
    const gradNorm = norm(objective.grad(x));
    if (!(gradNorm <= gradTol)) return;
    const eigenvalues = symmetricEigenvalues(objective.hessian(x));
    const tol = 1e-7 * Math.max(...eigenvalues.map(Math.abs));
    out.push({ method, start, x, f: objective.f(x), gradNorm, index: eigenvalues.filter((e) => e < -tol).length / eigenvalues.length, eigenvalues });
  };
  for (let s = 0; s < starts; s++) {
    const x0 = Float64Array.from({ length: objective.dim }, () => scale * r.normal());
    const descent = lbfgs(objective, { x0, gradTol: 1e-9, maxIter: 500 });
    record("descent", s, findCriticalPoint(objective, descent.x, { maxIter: 20, gradTol: gradTol * 1e-2 }).x);
    record("critical-point search", s, findCriticalPoint(objective, x0, { maxIter: opts.maxIter ?? 100, gradTol: gradTol * 1e-2 }).x);
  }
  return out;
}
