import type { Vec } from "../types";
import { nonNegative, positiveInt } from "../args";
import { along, checkObjective, checkOptions, checkStart, dot, infNorm, iterate, Recorder, stopped } from "./common";
import { moreThuenteSearch } from "./more-thuente";
import { strongWolfeSearch } from "./strong-wolfe";
import type { LineSearchOutcome } from "./strong-wolfe";
import type { SecondOrderResult, SmoothObjective } from "./types";

export interface BfgsOptions {
  x0: ArrayLike<number>;
  /** Stop when ‖∇f‖∞ ≤ gradTol (SciPy's gtol with norm = ∞). */
  gradTol?: number;
  /** Default 200·dim, as SciPy. */
  maxIter?: number;
  /**
   * "more-thuente" (default): MINPACK-2's search, falling back to the strong-Wolfe zoom when it ends
   * without both Wolfe conditions, as SciPy's BFGS does; "strong-wolfe": the zoom alone (N&W Alg. 3.5/3.6).
   */
  lineSearch?: "more-thuente" | "strong-wolfe";
}

export interface BfgsResult extends SecondOrderResult {
  /** Iterations where yᵀs ≤ 0, so the update would have destroyed positive definiteness and was skipped. */
  skippedUpdates: number;
  /** Times −H∇f was not a descent direction (rounding) and H was reset to I. */
  resets: number;
  /** Searches where Moré–Thuente ended without both Wolfe conditions and the strong-Wolfe zoom took over. */
  lineSearchFallbacks: number;
  /** The final inverse-Hessian approximation (row-major, dim×dim). */
  inverseHessian: number[][];
}

/**
 * BFGS (GBC §8.6.3, Nocedal & Wright Alg. 6.1): inverse-Hessian update (eq. 6.17) with a
 * Moré–Thuente line search (strong-Wolfe zoom as fallback or on request); H₀ = I, the first trial step
 * of each search and the search parameters as SciPy's BFGS, so that evaluation counts are comparable
 * with scipy.optimize.minimize(method="BFGS").
 */
export function bfgs(objective: SmoothObjective, options: BfgsOptions): BfgsResult {
  const fn = "secondOrder.bfgs";
  const obj = checkObjective(fn, objective);
  checkOptions(fn, options, ["x0", "gradTol", "maxIter", "lineSearch"]);
  const x0 = checkStart(fn, obj, options.x0);
  const n = x0.length;
  const gradTol = nonNegative(fn, "gradTol", options.gradTol ?? 1e-5);
  const maxIter = positiveInt(fn, "maxIter", options.maxIter ?? 200 * n);
  const lineSearch = options.lineSearch ?? "more-thuente";
  if (lineSearch !== "more-thuente" && lineSearch !== "strong-wolfe") {
    throw new Error(`${fn}: parameter 'lineSearch' must be "more-thuente" or "strong-wolfe", got ${String(lineSearch)}`);
  }

  const rec = new Recorder(obj);
  let x = x0;
  let { f, g } = rec.start(fn, x0);
  const H = new Float64Array(n * n); // row-major, kept symmetric
  const identity = () => {
    H.fill(0);
    for (let i = 0; i < n; i++) H[i * n + i] = 1;
  };
  identity();
  let fPrevIter: number | undefined;
  let skippedUpdates = 0;
  let resets = 0;
  let lineSearchFallbacks = 0;
  let iterations = 0;
  const stop = iterate(() => ({ g, iterations }), gradTol, maxIter, (gInf) => {
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
    // unit quasi-Newton step; before any decrease SciPy pretends f_{k−1} = f_k + ‖∇f‖₂/2. When f did not
    // decrease (t0 ≤ 0) SciPy's search would stop; the unit step is tried instead.
    const fPrev = fPrevIter ?? f + Math.sqrt(dot(g, g)) / 2;
    let t0 = Math.min(1, (1.01 * 2 * (f - fPrev)) / gtd);
    if (!(t0 > 0)) t0 = 1;
    fPrevIter = f;
    const xBase = x;
    const dir = d;
    const evaluateAlong = (s: number) => rec.evaluate(along(xBase, s, dir));
    let ls: LineSearchOutcome | null = lineSearch === "more-thuente" ? moreThuenteSearch(evaluateAlong, dir, f, g, gtd, t0, { c1: 1e-4, c2: 0.9, xtol: 1e-14, stpMin: 1e-100, stpMax: 1e100 }) : null;
    if (!ls || !ls.satisfied) {
      if (ls) lineSearchFallbacks++;
      ls = strongWolfeSearch(evaluateAlong, dir, f, g, gtd, t0);
    }
    if (ls.t === 0) return stopped(`stopped: the line search found no decrease (precision loss near ‖∇f‖∞ = ${gInf})`);
    iterations++;
    const xNew = along(xBase, ls.t, dir);
    const s = xNew.map((v, i) => v - xBase[i]);
    const y = ls.g.map((v, i) => v - g[i]);
    x = xNew;
    f = ls.f;
    g = ls.g;
    const diverged = rec.acceptStep(x, f, g);
    if (diverged) return diverged;
    const ys = dot(y, s);
    if (!(ys > 0)) {
      skippedUpdates++;
      return null;
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
    return null;
  });
  const inverseHessian = Array.from({ length: n }, (_, i) => Array.from(H.subarray(i * n, i * n + n)));
  if (skippedUpdates > 0) stop.message += `; ${skippedUpdates} update(s) skipped because yᵀs ≤ 0`;
  return rec.result<BfgsResult>(iterations, stop, { skippedUpdates, resets, lineSearchFallbacks, inverseHessian });
}
