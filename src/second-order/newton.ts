import type { Vec } from "../types";
import { nonNegative, positiveInt } from "../args";
import { along, checkObjective, checkOptions, checkStart, divergenceStop, dot, infNorm, iterate, Recorder, stopped } from "./common";
import { checkHessian, choleskySolve, classifyStationaryPoint, luSolve, shifted, symmetricEigenvalues } from "./linalg";
import { strongWolfeSearch } from "./strong-wolfe";
import type { SecondOrderResult, SmoothObjective } from "./types";

export interface NewtonOptions {
  x0: ArrayLike<number>;
  maxIter?: number;
  /** Stop when ‖∇f‖∞ ≤ gradTol. */
  gradTol?: number;
  /** α in θ ← θ − (H + αI)⁻¹∇f (GBC eq. 8.28); 0 with lineSearch false is pure Newton, step 1. */
  damping?: number;
  /**
   * Strong-Wolfe line search along the Newton direction; where H + αI is not positive definite the
   * Hessian is modified by a multiple of I until it is (Nocedal & Wright Alg. 3.3), so every step descends.
   */
  lineSearch?: boolean;
}

export interface NewtonResult extends SecondOrderResult {
  /** Hessian evaluations (one per iteration). */
  hessianEvaluations: number;
  /** Eigenvalues of ∇²f at the returned point, ascending. */
  eigenvalues: number[];
  /** What the returned point is by the second-order conditions (meaningful when converged). */
  stationaryPoint: "minimum" | "maximum" | "saddle" | "degenerate";
  /** Iterations where the line-search variant had to add τI to make the Hessian positive definite. */
  hessianModifications: number;
}

/** Solves (H + τI)d = −g with the smallest τ ≥ 0 of the sequence β, 2β, 4β… giving a positive definite matrix (N&W Alg. 3.3). */
function modifiedNewtonDirection(H: number[][], g: Vec): { d: Vec; tau: number } {
  const minDiag = Math.min(...H.map((row, i) => row[i]));
  const beta = 1e-3 * Math.max(1, ...H.map((row) => Math.max(...row.map(Math.abs))));
  let tau = minDiag > 0 ? 0 : -minDiag + beta;
  const minusG = g.map((v) => -v);
  for (let k = 0; k < 200; k++) {
    const d = choleskySolve(shifted(H, tau), minusG);
    if (d) return { d, tau };
    tau = Math.max(2 * tau, beta);
  }
  return { d: minusG, tau: Infinity };
}

/**
 * Newton's method (GBC §8.6.1, Algorithm 8.8): pure (step 1), regularized by H + αI (eq. 8.28),
 * or with a strong-Wolfe line search and Hessian modification.
 */
export function newton(objective: SmoothObjective, options: NewtonOptions): NewtonResult {
  const fn = "secondOrder.newton";
  const obj = checkObjective(fn, objective, ["hessian"]);
  checkOptions(fn, options, ["x0", "maxIter", "gradTol", "damping", "lineSearch"]);
  const x0 = checkStart(fn, obj, options.x0);
  const maxIter = positiveInt(fn, "maxIter", options.maxIter ?? 50);
  const gradTol = nonNegative(fn, "gradTol", options.gradTol ?? 1e-12);
  const damping = nonNegative(fn, "damping", options.damping ?? 0);
  const lineSearch = options.lineSearch ?? false;
  if (typeof lineSearch !== "boolean") throw new Error(`${fn}: parameter 'lineSearch' must be true or false, got ${String(lineSearch)}`);
  const n = x0.length;
  const hessianAt = (x: Vec) => checkHessian(fn, obj.hessian!(x), n);

  const rec = new Recorder(obj);
  let x = x0;
  let { f, g } = rec.start(fn, x0);
  let H = hessianAt(x);
  let hessianEvaluations = 1;
  let hessianModifications = 0;
  let iterations = 0;
  const stop = iterate(() => ({ g, iterations }), gradTol, maxIter, (gInf) => {
    if (!H.every((row) => row.every(Number.isFinite))) return stopped(`stopped: the Hessian is not finite at iteration ${iterations}`);
    const B = shifted(H, damping);
    let d: Vec | null;
    if (lineSearch) {
      d = choleskySolve(B, g.map((v) => -v));
      if (!d) {
        const mod = modifiedNewtonDirection(B, g);
        d = mod.d;
        hessianModifications++;
      }
    } else {
      // A nearly singular matrix gives a step dominated by rounding: refuse it instead of returning noise.
      const lambda = symmetricEigenvalues(B);
      const scale = Math.max(...lambda.map(Math.abs));
      const smallest = Math.min(...lambda.map(Math.abs));
      d = smallest <= n * 1e-14 * scale ? null : luSolve(B, g.map((v) => -v));
      if (!d) return stopped(`stopped: the ${damping > 0 ? "damped " : ""}Hessian is singular at iteration ${iterations} (eigenvalues ${lambda.map((l) => l.toPrecision(3)).join(", ")}); pure Newton cannot take a step — use damping > 0 or lineSearch: true`);
    }
    iterations++; // before the step's evaluations, so that a NonFiniteError inside them still counts this iteration
    if (lineSearch) {
      const gtd = dot(g, d);
      const xBase = x;
      const dir = d;
      const ls = strongWolfeSearch((s) => rec.evaluate(along(xBase, s, dir)), dir, f, g, gtd, 1);
      if (ls.t === 0) {
        iterations--;
        return stopped(`stopped: the line search found no decrease along the Newton direction (‖∇f‖∞ = ${gInf})`);
      }
      x = along(xBase, ls.t, dir);
      f = ls.f;
      g = ls.g;
      rec.accept(x, f, g);
    } else {
      const next = along(x, 1, d);
      const same = next.every((v, i) => v === x[i]);
      const trial = rec.evaluate(next);
      if (!Number.isFinite(trial.f)) {
        iterations--;
        return stopped(`stopped: f = ${trial.f} after the full Newton step at iteration ${iterations + 1}; returning the last point where f is finite`);
      }
      x = next;
      ({ f, g } = trial);
      rec.accept(x, f, g);
      if (same) return { converged: true, message: `converged: the Newton step no longer changes x (‖∇f‖∞ = ${infNorm(g)})` };
    }
    const diverged = divergenceStop(f);
    if (diverged) return diverged;
    H = hessianAt(x);
    hessianEvaluations++;
    return null;
  });
  const finalH = hessianAt(rec.trajectory[rec.trajectory.length - 1]);
  const eigenvalues = finalH.every((row) => row.every(Number.isFinite)) ? symmetricEigenvalues(finalH) : [];
  const stationaryPoint = eigenvalues.length ? classifyStationaryPoint(eigenvalues) : "degenerate";
  if (stop.converged && stationaryPoint !== "minimum") stop.message += `; the point is a ${stationaryPoint} (Hessian eigenvalues ${eigenvalues.map((l) => l.toPrecision(3)).join(", ")}), not a minimum`;
  return rec.result<NewtonResult>(iterations, stop, { hessianEvaluations, hessianModifications, eigenvalues, stationaryPoint });
}
