import type { Vec } from "../types";
import { nonNegative, positiveInt } from "../args";
import { along, checkObjective, checkOptions, checkStart, divergenceStop, dot, gradientStop, infNorm, maxIterStop, Recorder, stopped, untilNonFinite } from "./common";
import { strongWolfeSearch } from "./strong-wolfe";
import type { SecondOrderResult, SmoothObjective } from "./types";

export interface LbfgsOptions {
  x0: ArrayLike<number>;
  /** Pairs (s, y) kept: the m of Nocedal & Wright Alg. 7.5. */
  historySize?: number;
  /** Stop when ‖∇f‖∞ ≤ gradTol (torch: tolerance_grad). */
  gradTol?: number;
  /**
   * Stop when |Δf|, ‖Δx‖∞ or −∇fᵀd fall below this (torch: tolerance_change). Default: torch's 1e-9
   * when gradTol ≥ 1e-7 (torch's tolerance_grad); for a tighter gradTol, gradTol², so that the change
   * rules only catch stalls and do not cut short the gradient that was asked for.
   */
  changeTol?: number;
  maxIter?: number;
  /** Most evaluations (torch: max_eval, default ⌊1.25·maxIter⌋). */
  maxEval?: number;
  /** Step length tried first after the first iteration (torch: lr). */
  lr?: number;
}

export interface LbfgsResult extends SecondOrderResult {
  /** Iterations where yᵀs ≤ 1e-10, so the pair was not stored (torch's rule). */
  skippedUpdates: number;
  /** Line searches that returned a step not satisfying both strong Wolfe conditions. */
  lineSearchFailures: number;
}

/** L-BFGS inverse-Hessian times v by the two-loop recursion (Nocedal & Wright Alg. 7.4), γ = H₀ scale. */
export function twoLoop(v: Vec, S: Vec[], Y: Vec[], rho: number[], gamma: number): Vec {
  const q = Float64Array.from(v);
  const alpha = new Array<number>(S.length);
  for (let i = S.length - 1; i >= 0; i--) {
    alpha[i] = rho[i] * dot(S[i], q);
    for (let j = 0; j < q.length; j++) q[j] -= alpha[i] * Y[i][j];
  }
  for (let j = 0; j < q.length; j++) q[j] *= gamma;
  for (let i = 0; i < S.length; i++) {
    const beta = rho[i] * dot(Y[i], q);
    for (let j = 0; j < q.length; j++) q[j] += (alpha[i] - beta) * S[i][j];
  }
  return q;
}

/**
 * L-BFGS (Nocedal & Wright Alg. 7.5, GBC §8.6.3) with a strong-Wolfe line search and the stopping
 * rules and step conventions of torch.optim.LBFGS(line_search_fn="strong_wolfe").
 */
export function lbfgs(objective: SmoothObjective, options: LbfgsOptions): LbfgsResult {
  const fn = "secondOrder.lbfgs";
  const obj = checkObjective(fn, objective);
  checkOptions(fn, options, ["x0", "historySize", "gradTol", "changeTol", "maxIter", "maxEval", "lr"]);
  const x0 = checkStart(fn, obj, options.x0);
  const historySize = positiveInt(fn, "historySize", options.historySize ?? 10);
  const gradTol = nonNegative(fn, "gradTol", options.gradTol ?? 1e-7);
  const changeTol = nonNegative(fn, "changeTol", options.changeTol ?? (gradTol >= 1e-7 ? 1e-9 : gradTol * gradTol));
  const maxIter = positiveInt(fn, "maxIter", options.maxIter ?? 500);
  const maxEval = positiveInt(fn, "maxEval", options.maxEval ?? Math.floor(maxIter * 1.25));
  const lr = options.lr ?? 1;
  if (!(typeof lr === "number" && lr > 0 && Number.isFinite(lr))) throw new Error(`${fn}: parameter 'lr' must be a finite number > 0, got ${String(lr)}`);

  const rec = new Recorder(obj);
  let x = x0;
  let { f, g } = rec.start(fn, x0);
  const S: Vec[] = [];
  const Y: Vec[] = [];
  const rho: number[] = [];
  let gamma = 1;
  let d: Vec = new Float64Array(0);
  let t = 0;
  let gPrev = g;
  let skippedUpdates = 0;
  let lineSearchFailures = 0;
  let iterations = 0;
  const stop = untilNonFinite(() => {
    if (infNorm(g) <= gradTol) return { converged: true, message: `converged: ‖∇f‖∞ = ${infNorm(g)} ≤ gradTol = ${gradTol} at x0` };
    for (;;) {
      iterations++;
      if (iterations === 1) d = g.map((v) => -v);
      else {
        const y = g.map((v, i) => v - gPrev[i]);
        const s = d.map((v) => v * t);
        const ys = dot(y, s);
        if (ys > 1e-10) {
          if (S.length === historySize) {
            S.shift();
            Y.shift();
            rho.shift();
          }
          S.push(s);
          Y.push(y);
          rho.push(1 / ys);
          gamma = ys / dot(y, y); // N&W eq. 7.20: H₀ scaled to the latest curvature
        } else skippedUpdates++;
        d = twoLoop(g.map((v) => -v), S, Y, rho, gamma);
      }
      gPrev = g;
      const fPrev = f;
      // torch: the first step is at most 1/‖g‖₁ long, so a steep start does not shoot off
      let l1 = 0;
      for (const v of g) l1 += Math.abs(v);
      t = iterations === 1 ? Math.min(1, 1 / l1) * lr : lr;
      const gtd = dot(g, d);
      if (gtd > -changeTol) {
        iterations--;
        return { converged: true, message: `converged: directional derivative ∇fᵀd = ${gtd} > −changeTol = ${-changeTol}` };
      }
      const xBase = x;
      const ls = strongWolfeSearch((s) => rec.evaluate(along(xBase, s, d)), d, f, g, gtd, t);
      if (!ls.satisfied) lineSearchFailures++;
      t = ls.t;
      x = along(xBase, t, d);
      f = ls.f;
      g = ls.g;
      rec.accept(x, f, g);
      // torch's order: the gradient test comes before divergence and maxIter, the change tests after.
      const gInf = infNorm(g);
      const early = gradientStop(gInf, gradTol) ?? divergenceStop(f) ?? maxIterStop(iterations, maxIter, gInf);
      if (early) return early;
      if (rec.evaluations >= maxEval) return stopped(`stopped: maxEval = ${maxEval} evaluations reached (‖∇f‖∞ = ${gInf})`);
      const step = infNorm(d) * Math.abs(t);
      if (step <= changeTol) return { converged: true, message: `converged: step ‖Δx‖∞ = ${step} ≤ changeTol = ${changeTol} (‖∇f‖∞ = ${gInf})` };
      if (Math.abs(f - fPrev) < changeTol) return { converged: true, message: `converged: |Δf| = ${Math.abs(f - fPrev)} < changeTol = ${changeTol} (‖∇f‖∞ = ${gInf})` };
    }
  });
  return rec.result<LbfgsResult>(iterations, stop, { skippedUpdates, lineSearchFailures });
}
