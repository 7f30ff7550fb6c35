import type { Vec } from "../types";
import { along, checkKeys, checkNonNegative, checkObjective, checkPositiveInt, checkStart, DIVERGENCE_F, dot, infNorm, NonFiniteError, Recorder } from "./common";
import { strongWolfeSearch } from "./strong-wolfe";
import type { SecondOrderResult, SmoothObjective } from "./types";

export interface BfgsOptions {
  x0: ArrayLike<number>;
  /** Stop when ‖∇f‖∞ ≤ gradTol (SciPy's gtol with norm = ∞). */
  gradTol?: number;
  /** Default 200·dim, as SciPy. */
  maxIter?: number;
}

export interface BfgsResult extends SecondOrderResult {
  /** Iterations where yᵀs ≤ 0, so the update would have destroyed positive definiteness and was skipped. */
  skippedUpdates: number;
  /** Times −H∇f was not a descent direction (rounding) and H was reset to I. */
  resets: number;
  /** The final inverse-Hessian approximation (row-major, dim×dim). */
  inverseHessian: number[][];
}

/**
 * BFGS (GBC §8.6.3, Nocedal & Wright Alg. 6.1): inverse-Hessian update (eq. 6.17) with a
 * strong-Wolfe line search; H₀ = I and the first trial step of each search as SciPy's BFGS, so that
 * evaluation counts are comparable with scipy.optimize.minimize(method="BFGS").
 */
export function bfgs(objective: SmoothObjective, options: BfgsOptions): BfgsResult {
  const fn = "secondOrder.bfgs";
  const obj = checkObjective(fn, objective);
  if (!options || typeof options !== "object") throw new Error(`${fn}: parameter 'options' must be an object with x0, got ${String(options)}`);
  checkKeys(fn, options, ["x0", "gradTol", "maxIter"]);
  const x0 = checkStart(fn, obj, options.x0);
  const n = x0.length;
  const gradTol = checkNonNegative(fn, "gradTol", options.gradTol ?? 1e-5);
  const maxIter = checkPositiveInt(fn, "maxIter", options.maxIter ?? 200 * n);

  const rec = new Recorder(obj);
  let x = x0;
  let { f, g } = rec.evaluate(x);
  if (!Number.isFinite(f)) throw new Error(`${fn}: parameter 'x0' must be a point where f is finite, got f(x0) = ${f}`);
  rec.accept(x, f, g);
  const H = new Float64Array(n * n); // row-major, kept symmetric
  const identity = () => {
    H.fill(0);
    for (let i = 0; i < n; i++) H[i * n + i] = 1;
  };
  identity();
  let fPrevIter: number | undefined;
  let skippedUpdates = 0;
  let resets = 0;
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
      let d = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s -= H[i * n + j] * g[j];
        d[i] = s;
      }
      let gtd = dot(g, d);
      if (!(gtd < 0)) {
        identity();
        resets++;
        d = g.map((v) => -v);
        gtd = dot(g, d);
      }
      // First trial step from the last decrease, 2(f_k − f_{k−1})/∇fᵀd (N&W eq. 3.60, as SciPy), capped at the
      // unit quasi-Newton step; before any decrease SciPy pretends f_{k−1} = f_k + ‖∇f‖₂/2.
      const t0 = fPrevIter === undefined ? Math.min(1, 1.01 / Math.sqrt(dot(g, g))) : Math.min(1, (1.01 * 2 * (f - fPrevIter)) / gtd);
      fPrevIter = f;
      const xBase = x;
      const dir = d;
      const ls = strongWolfeSearch((s) => rec.evaluate(along(xBase, s, dir)), dir, f, g, gtd, t0);
      if (ls.t === 0) {
        message = `stopped: the line search found no decrease (precision loss near ‖∇f‖∞ = ${gInf})`;
        break;
      }
      iterations++;
      const xNew = along(xBase, ls.t, dir);
      const s = xNew.map((v, i) => v - xBase[i]);
      const y = ls.g.map((v, i) => v - g[i]);
      x = xNew;
      f = ls.f;
      g = ls.g;
      rec.accept(x, f, g);
      if (f < DIVERGENCE_F) {
        message = `diverged: f = ${f} < ${DIVERGENCE_F}, the objective looks unbounded below`;
        break;
      }
      const ys = dot(y, s);
      if (!(ys > 0)) {
        skippedUpdates++;
        continue;
      }
      // H ← (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ, expanded: H − ρ(s·(Hy)ᵀ + (Hy)·sᵀ) + (ρ²·yᵀHy + ρ)ssᵀ
      const rho = 1 / ys;
      const Hy = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let j = 0; j < n; j++) v += H[i * n + j] * y[j];
        Hy[i] = v;
      }
      const c = rho * rho * dot(y, Hy) + rho;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) H[i * n + j] += -rho * (s[i] * Hy[j] + Hy[i] * s[j]) + c * s[i] * s[j];
    }
  } catch (e) {
    if (!(e instanceof NonFiniteError)) throw e;
    message = `stopped: ${e.message}`;
  }
  const inverseHessian = Array.from({ length: n }, (_, i) => Array.from(H.subarray(i * n, i * n + n)));
  if (skippedUpdates > 0) message += `; ${skippedUpdates} update(s) skipped because yᵀs ≤ 0`;
  return rec.result(iterations, converged, message, { skippedUpdates, resets, inverseHessian }) as unknown as BfgsResult;
}
