import type { Vec } from "../types";
import { along, checkKeys, checkNonNegative, checkObjective, checkPositiveInt, checkStart, DIVERGENCE_F, dot, infNorm, NonFiniteError, Recorder } from "./common";
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
  if (!options || typeof options !== "object") throw new Error(`${fn}: parameter 'options' must be an object with x0, got ${String(options)}`);
  checkKeys(fn, options, ["x0", "maxIter", "gradTol", "damping", "lineSearch"]);
  const x0 = checkStart(fn, obj, options.x0);
  const maxIter = checkPositiveInt(fn, "maxIter", options.maxIter ?? 50);
  const gradTol = checkNonNegative(fn, "gradTol", options.gradTol ?? 1e-12);
  const damping = checkNonNegative(fn, "damping", options.damping ?? 0);
  const lineSearch = options.lineSearch ?? false;
  if (typeof lineSearch !== "boolean") throw new Error(`${fn}: parameter 'lineSearch' must be true or false, got ${String(lineSearch)}`);
  const n = x0.length;
  const hessianAt = (x: Vec) => checkHessian(fn, obj.hessian!(x), n);

  const rec = new Recorder(obj);
  let x = x0;
  let { f, g } = rec.evaluate(x);
  if (!Number.isFinite(f)) throw new Error(`${fn}: parameter 'x0' must be a point where f is finite, got f(x0) = ${f}`);
  rec.accept(x, f, g);
  let H = hessianAt(x);
  let hessianEvaluations = 1;
  let hessianModifications = 0;
  let iterations = 0;
  let converged = false;
  let message = "";
  try {
    for (;;) {
      const gInf = infNorm(g);
      if (gInf <= gradTol) {
        converged = true;
        message = `converged: ‖∇f‖∞ = ${gInf} ≤ gradTol = ${gradTol}`;
        break;
      }
      if (iterations === maxIter) {
        message = `stopped: maxIter = ${maxIter} iterations reached (‖∇f‖∞ = ${gInf})`;
        break;
      }
      if (!H.every((row) => row.every(Number.isFinite))) {
        message = `stopped: the Hessian is not finite at iteration ${iterations}`;
        break;
      }
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
        if (!d) {
          message = `stopped: the ${damping > 0 ? "damped " : ""}Hessian is singular at iteration ${iterations} (eigenvalues ${lambda.map((l) => l.toPrecision(3)).join(", ")}); pure Newton cannot take a step — use damping > 0 or lineSearch: true`;
          break;
        }
      }
      iterations++;
      let t = 1;
      if (lineSearch) {
        const gtd = dot(g, d);
        const xBase = x;
        const dir = d;
        const ls = strongWolfeSearch((s) => rec.evaluate(along(xBase, s, dir)), dir, f, g, gtd, 1);
        if (ls.t === 0) {
          message = `stopped: the line search found no decrease along the Newton direction (‖∇f‖∞ = ${gInf})`;
          iterations--;
          break;
        }
        t = ls.t;
        x = along(xBase, t, dir);
        f = ls.f;
        g = ls.g;
      } else {
        const next = along(x, 1, d);
        const same = next.every((v, i) => v === x[i]);
        const trial = rec.evaluate(next);
        if (!Number.isFinite(trial.f)) {
          message = `stopped: f = ${trial.f} after the full Newton step at iteration ${iterations}; returning the last point where f is finite`;
          iterations--;
          break;
        }
        x = next;
        ({ f, g } = trial);
        if (same) {
          rec.accept(x, f, g);
          converged = true;
          message = `converged: the Newton step no longer changes x (‖∇f‖∞ = ${infNorm(g)})`;
          break;
        }
      }
      rec.accept(x, f, g);
      if (f < DIVERGENCE_F) {
        message = `diverged: f = ${f} < ${DIVERGENCE_F}, the objective looks unbounded below`;
        break;
      }
      H = hessianAt(x);
      hessianEvaluations++;
    }
  } catch (e) {
    if (!(e instanceof NonFiniteError)) throw e;
    message = `stopped: ${e.message}`;
  }
  const finalH = hessianAt(rec.trajectory[rec.trajectory.length - 1]);
  const eigenvalues = finalH.every((row) => row.every(Number.isFinite)) ? symmetricEigenvalues(finalH) : [];
  const stationaryPoint = eigenvalues.length ? classifyStationaryPoint(eigenvalues) : "degenerate";
  if (converged && stationaryPoint !== "minimum") message += `; the point is a ${stationaryPoint} (Hessian eigenvalues ${eigenvalues.map((l) => l.toPrecision(3)).join(", ")}), not a minimum`;
  return rec.result(iterations, converged, message, { hessianEvaluations, hessianModifications, eigenvalues, stationaryPoint }) as unknown as NewtonResult;
}
