import { nonNegative, positiveInt } from "../args";
import { checkObjective, checkOptions, checkStart, dot, infNorm, Recorder, stopped, untilNonFinite } from "./common";
import { checkHessian } from "./linalg";
import type { SecondOrderResult, SmoothObjective } from "./types";

export interface LinearCgOptions {
  x0: ArrayLike<number>;
  /** Default dim: CG on an n-dimensional quadratic ends in n steps in exact arithmetic. */
  maxIter?: number;
  /** Stop when the residual ‖Ax − b‖∞ = ‖∇f‖∞ ≤ gradTol. */
  gradTol?: number;
}

export interface LinearCgResult extends SecondOrderResult {
  /** ‖r_k‖∞ of the CG recurrence, one per trajectory point (compare with gradNorms for rounding drift). */
  residuals: number[];
}

/**
 * Linear conjugate gradients (Nocedal & Wright Alg. 5.2; GBC §8.6.2) for f = ½xᵀAx − bᵀx: A is
 * objective.hessian(x0), the residual starts at ∇f(x0) and follows the exact-step recurrence.
 */
export function linearCG(objective: SmoothObjective, options: LinearCgOptions): LinearCgResult {
  const fn = "secondOrder.linearCG";
  const obj = checkObjective(fn, objective, ["hessian"]);
  checkOptions(fn, options, ["x0", "maxIter", "gradTol"]);
  const x = checkStart(fn, obj, options.x0);
  const n = x.length;
  const maxIter = positiveInt(fn, "maxIter", options.maxIter ?? n);
  const gradTol = nonNegative(fn, "gradTol", options.gradTol ?? 1e-10);
  const A = checkHessian(fn, obj.hessian!(x), n);
  if (!A.every((row) => row.every(Number.isFinite))) throw new Error(`${fn}: objective.hessian(x0) must be finite, got a matrix with non-finite entries`);

  const rec = new Recorder(obj);
  const r = Float64Array.from(rec.start(fn, x).g);
  const p = r.map((v) => -v);
  const residuals = [infNorm(r)];
  const Ap = new Float64Array(n);
  let rr = dot(r, r);
  let iterations = 0;
  const stop = untilNonFinite(() => {
    for (;;) {
      if (infNorm(r) <= gradTol) return { converged: true, message: `converged: residual ‖Ax − b‖∞ = ${infNorm(r)} ≤ gradTol = ${gradTol} after ${iterations} of at most ${n} steps` };
      if (iterations === maxIter) return stopped(`stopped: maxIter = ${maxIter} steps done, residual ‖Ax − b‖∞ = ${infNorm(r)} > gradTol = ${gradTol}`);
      for (let i = 0; i < n; i++) Ap[i] = dot(Float64Array.from(A[i]), p);
      const pAp = dot(p, Ap);
      if (!(pAp > 0)) return stopped(`stopped: pᵀAp = ${pAp} ≤ 0 at step ${iterations}: A is not positive definite, so the quadratic has no minimum`);
      const alpha = rr / pAp;
      for (let i = 0; i < n; i++) {
        x[i] += alpha * p[i];
        r[i] += alpha * Ap[i];
      }
      iterations++;
      const { f, g } = rec.evaluate(x);
      rec.accept(x, f, g);
      residuals.push(infNorm(r));
      // The recurrence is only valid for a quadratic; a gradient that disagrees says the objective is not one.
      const drift = infNorm(g.map((v, i) => v - r[i]));
      if (drift > 1e-6 * (1 + infNorm(g))) return stopped(`stopped: ∇f(x) differs from the CG residual by ${drift} at step ${iterations}: the objective is not the quadratic ½xᵀAx − bᵀx with A = hessian(x0)`);
      const rrNew = dot(r, r);
      const beta = rrNew / rr;
      rr = rrNew;
      for (let i = 0; i < n; i++) p[i] = -r[i] + beta * p[i];
    }
  });
  return rec.result<LinearCgResult>(iterations, stop, { residuals });
}
