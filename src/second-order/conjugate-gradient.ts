import type { Vec } from "../types";
import { nonNegative, oneOf, positiveInt } from "../args";
import { along, checkObjective, checkOptions, checkStart, dot, infNorm, iterate, Recorder, stopped } from "./common";
import { strongWolfeSearch } from "./strong-wolfe";
import type { SecondOrderResult, SmoothObjective } from "./types";

export type CgVariant = "polak-ribiere" | "fletcher-reeves";

export interface ConjugateGradientOptions {
  x0: ArrayLike<number>;
  /** β rule: Polak–Ribière+ (max(β_PR, 0), N&W eq. 5.45) or Fletcher–Reeves (eq. 5.41a; GBC eq. 8.30–8.31). */
  variant?: CgVariant;
  /** Stop when ‖∇f‖∞ ≤ gradTol. */
  gradTol?: number;
  /** Default 200·dim. */
  maxIter?: number;
  /** Restart with −∇f every `restartEvery` iterations (default dim). */
  restartEvery?: number;
}

export interface ConjugateGradientResult extends SecondOrderResult {
  /** Times the direction was reset to −∇f (periodic, Powell's orthogonality test, or lost descent). */
  restarts: number;
}

/**
 * Nonlinear conjugate gradients (GBC §8.6.2, Nocedal & Wright Alg. 5.4) with a strong-Wolfe line
 * search (c2 = 0.1 < ½, which FR needs to guarantee descent) and restarts.
 */
export function conjugateGradient(objective: SmoothObjective, options: ConjugateGradientOptions): ConjugateGradientResult {
  const fn = "secondOrder.conjugateGradient";
  const obj = checkObjective(fn, objective);
  checkOptions(fn, options, ["x0", "variant", "gradTol", "maxIter", "restartEvery"]);
  const x0 = checkStart(fn, obj, options.x0);
  const n = x0.length;
  const variant = oneOf(fn, "variant", options.variant ?? "polak-ribiere", ["polak-ribiere", "fletcher-reeves"] as const);
  const gradTol = nonNegative(fn, "gradTol", options.gradTol ?? 1e-5);
  const maxIter = positiveInt(fn, "maxIter", options.maxIter ?? 200 * n);
  const restartEvery = positiveInt(fn, "restartEvery", options.restartEvery ?? n);

  const rec = new Recorder(obj);
  let x = x0;
  let { f, g } = rec.start(fn, x0);
  let d: Vec = g.map((v) => -v);
  let fPrev: number | undefined;
  let sinceRestart = 0;
  let restarts = 0;
  let iterations = 0;
  const stop = iterate(() => ({ g, iterations }), gradTol, maxIter, (gInf) => {
    let gtd = dot(g, d);
    if (!(gtd < 0)) {
      d = g.map((v) => -v);
      gtd = dot(g, d);
      restarts++;
      sinceRestart = 0;
    }
    // First trial step from the last decrease (N&W eq. 3.60), as SciPy's CG does.
    const t0 = fPrev === undefined ? Math.min(1, 1.01 / Math.sqrt(dot(g, g))) : Math.min(1, (1.01 * 2 * (f - fPrev)) / gtd);
    const xBase = x;
    const dir = d;
    const ls = strongWolfeSearch((s) => rec.evaluate(along(xBase, s, dir)), dir, f, g, gtd, t0 > 0 ? t0 : 1, { c2: 0.1 });
    if (ls.t === 0) {
      if (sinceRestart > 0) {
        // A stale conjugate direction can be too poor to search along: retry once from steepest descent.
        d = g.map((v) => -v);
        restarts++;
        sinceRestart = 0;
        return null;
      }
      return stopped(`stopped: the line search found no decrease along −∇f (precision loss near ‖∇f‖∞ = ${gInf})`);
    }
    iterations++;
    sinceRestart++;
    fPrev = f;
    const gOld = g;
    x = along(xBase, ls.t, dir);
    f = ls.f;
    g = ls.g;
    const diverged = rec.acceptStep(x, f, g);
    if (diverged) return diverged;
    const gg = dot(g, g);
    const ggOld = dot(gOld, gOld);
    // Powell's restart test (N&W eq. 5.52): successive gradients far from orthogonal means conjugacy is lost.
    if (sinceRestart >= restartEvery || Math.abs(dot(g, gOld)) >= 0.1 * gg) {
      d = g.map((v) => -v);
      restarts++;
      sinceRestart = 0;
      return null;
    }
    const beta = variant === "fletcher-reeves" ? gg / ggOld : Math.max(0, (gg - dot(g, gOld)) / ggOld);
    d = g.map((v, i) => -v + beta * dir[i]);
    return null;
  });
  return rec.result<ConjugateGradientResult>(iterations, stop, { restarts });
}
