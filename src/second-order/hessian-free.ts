import type { Vec } from "../types";
import { nonNegative, openUnitInterval, positiveInt } from "../args";
import { along, checkObjective, checkOptions, checkStart, dot, infNorm, iterate, norm2, Recorder, stopped } from "./common";
import { strongWolfeSearch } from "./strong-wolfe";
import type { SecondOrderResult, SmoothObjective } from "./types";

export interface HessianFreeOptions {
  x0: ArrayLike<number>;
  /** Stop when ‖∇f‖∞ ≤ gradTol. */
  gradTol?: number;
  maxIter?: number;
  /** Most inner CG iterations per Newton step (default 2·dim; on deep nets a few dozen). */
  maxCgIter?: number;
  /**
   * η̄ of the forcing term η_k = min(η̄, √‖∇f‖): inner CG stops at ‖r‖ ≤ η_k‖∇f‖. N&W suggest ½;
   * the default 0.01 buys a few more H·v per step for far fewer steps in curved valleys (Rosenbrock).
   */
  cgForcing?: number;
  /** Initial Tikhonov damping λ of H + λI, adapted by the Levenberg–Marquardt rule (Martens 2010 §4.1); 0 = undamped. */
  damping?: number;
}

export interface HessianFreeResult extends SecondOrderResult {
  /** Hessian-vector products (exact `hvp` calls or finite-difference gradients). */
  hessianVectorProducts: number;
  /** Inner CG iterations over all Newton steps. */
  cgIterations: number;
  /** Inner solves stopped by negative curvature dᵀHd ≤ 0. */
  negativeCurvatureStops: number;
  /** Whether H·v came from objective.hvp or from finite differences of ∇f. */
  hvpSource: "exact" | "finite-difference";
  /** λ after each Newton step (only moves when damping > 0). */
  dampingHistory: number[];
}

/**
 * Hessian-free optimization / truncated Newton (Martens 2010; Nocedal & Wright Alg. 7.1, line-search
 * Newton–CG): each step solves (H + λI)p = −∇f approximately by CG, touching H only through H·v.
 */
export function hessianFree(objective: SmoothObjective, options: HessianFreeOptions): HessianFreeResult {
  const fn = "secondOrder.hessianFree";
  const obj = checkObjective(fn, objective);
  checkOptions(fn, options, ["x0", "gradTol", "maxIter", "maxCgIter", "cgForcing", "damping"]);
  const x0 = checkStart(fn, obj, options.x0);
  const n = x0.length;
  const gradTol = nonNegative(fn, "gradTol", options.gradTol ?? 1e-5);
  const maxIter = positiveInt(fn, "maxIter", options.maxIter ?? 200);
  const maxCgIter = positiveInt(fn, "maxCgIter", options.maxCgIter ?? 2 * n);
  const forcing = openUnitInterval(fn, "cgForcing", options.cgForcing ?? 0.01);
  let lambda = nonNegative(fn, "damping", options.damping ?? 0);
  const hvpSource = typeof obj.hvp === "function" ? "exact" : "finite-difference";

  let hessianVectorProducts = 0;
  // Forward difference (N&W eq. 8.20) with the step that balances truncation and rounding error.
  const hvp = (x: Vec, gx: Vec, v: Vec): Vec => {
    hessianVectorProducts++;
    if (obj.hvp) {
      const hv = Float64Array.from(obj.hvp(x, v));
      if (hv.length !== n) throw new Error(`${fn}: objective.hvp(x, v) must return ${n} numbers, got ${hv.length}`);
      return hv;
    }
    const vn = norm2(v);
    if (vn === 0) return new Float64Array(n);
    const eps = (Math.sqrt(Number.EPSILON) * (1 + norm2(x))) / vn;
    const gPlus = obj.grad(along(x, eps, v));
    return gPlus.map((gv, i) => (gv - gx[i]) / eps);
  };

  const rec = new Recorder(obj);
  let x = x0;
  let { f, g } = rec.start(fn, x0);
  let cgIterations = 0;
  let negativeCurvatureStops = 0;
  const dampingHistory: number[] = [lambda];
  let iterations = 0;
  const stop = iterate(() => ({ g, iterations }), gradTol, maxIter, (gInf) => {
    // Inner CG on B p = −g, B = H + λI (N&W Alg. 7.1), stopped at ‖r‖ ≤ min(η̄, √‖g‖)·‖g‖ (superlinear near x*).
    const gNorm = norm2(g);
    const tol = Math.min(forcing, Math.sqrt(gNorm)) * gNorm;
    const z = new Float64Array(n);
    const r = Float64Array.from(g);
    let dCg = r.map((v) => -v);
    let rr = dot(r, r);
    let p: Vec | null = null;
    let modelValue: number | null = null; // q(p) − q(0) = gᵀp + ½pᵀBp, for the damping update
    for (let j = 0; j < maxCgIter; j++) {
      const Bd = hvp(x, g, dCg).map((v, i) => v + lambda * dCg[i]);
      cgIterations++;
      const curvature = dot(dCg, Bd);
      if (!(curvature > 0)) {
        negativeCurvatureStops++;
        p = j === 0 ? g.map((v) => -v) : z;
        break;
      }
      const alpha = rr / curvature;
      for (let i = 0; i < n; i++) {
        z[i] += alpha * dCg[i];
        r[i] += alpha * Bd[i];
      }
      const rrNew = dot(r, r);
      if (Math.sqrt(rrNew) <= tol) {
        p = z;
        break;
      }
      dCg = r.map((v, i) => -v + (rrNew / rr) * dCg[i]);
      rr = rrNew;
    }
    if (!p) p = z;
    // With r = Bz + g: q(z) − q(0) = ½zᵀ(r + g), no extra product needed.
    if (p === z) modelValue = 0.5 * dot(z, r.map((v, i) => v + g[i]));
    let gtd = dot(g, p);
    if (!(gtd < 0)) {
      p = g.map((v) => -v);
      gtd = dot(g, p);
      modelValue = null;
    }
    const xBase = x;
    const dir = p;
    const ls = strongWolfeSearch((s) => rec.evaluate(along(xBase, s, dir)), dir, f, g, gtd, 1);
    if (ls.t === 0) return stopped(`stopped: the line search found no decrease along the Newton–CG direction (‖∇f‖∞ = ${gInf})`);
    iterations++;
    if (lambda > 0 && modelValue !== null && modelValue < 0 && ls.t === 1) {
      const rho = (ls.f - f) / modelValue;
      if (rho < 0.25) lambda *= 1.5;
      else if (rho > 0.75) lambda /= 1.5;
    }
    dampingHistory.push(lambda);
    x = along(xBase, ls.t, dir);
    f = ls.f;
    g = ls.g;
    return rec.acceptStep(x, f, g);
  });
  return rec.result<HessianFreeResult>(iterations, stop, { hessianVectorProducts, cgIterations, negativeCurvatureStops, hvpSource, dampingHistory });
}
