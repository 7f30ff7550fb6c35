/**
 * Adam's moment estimates over the first steps (Algorithm 8.7; Kingma & Ba 2015, §3): the biased
 * s_t, r_t, their corrections ŝ_t = s_t/(1 − ρ₁ᵗ), r̂_t = r_t/(1 − ρ₂ᵗ), and the step with and without
 * the correction, for a scalar gradient sequence.
 */
import { fail, finiteArray, positive, unitInterval } from "../../args";

export interface AdamMomentTrace {
  /** Step counter t = 1 … T. */
  t: number[];
  s: number[];
  r: number[];
  sHat: number[];
  rHat: number[];
  /** |Δθ| = ε ŝ/(√r̂ + δ): Algorithm 8.7 as written. */
  step: number[];
  /** |Δθ| = ε s/(√r + δ): the same update without the correction. */
  stepUncorrected: number[];
}

export function adamMomentTrace(
  gradients: ArrayLike<number>,
  options: { rho1?: number; rho2?: number; epsilon?: number; delta?: number } = {},
): AdamMomentTrace {
  const fn = "lab.adamMomentTrace";
  const g = finiteArray(fn, "gradients", gradients);
  const rho1 = unitInterval(fn, "rho1", options.rho1 ?? 0.9);
  const rho2 = unitInterval(fn, "rho2", options.rho2 ?? 0.999);
  const epsilon = positive(fn, "epsilon", options.epsilon ?? 1e-3);
  const delta = options.delta ?? 1e-8;
  if (typeof delta !== "number" || !(delta >= 0) || !Number.isFinite(delta)) fail(fn, "delta", "a finite number ≥ 0", delta);
  const out: AdamMomentTrace = { t: [], s: [], r: [], sHat: [], rHat: [], step: [], stepUncorrected: [] };
  let s = 0;
  let r = 0;
  g.forEach((gt, k) => {
    const t = k + 1;
    s = rho1 * s + (1 - rho1) * gt;
    r = rho2 * r + (1 - rho2) * gt * gt;
    const sHat = s / (1 - Math.pow(rho1, t));
    const rHat = r / (1 - Math.pow(rho2, t));
    out.t.push(t);
    out.s.push(s);
    out.r.push(r);
    out.sHat.push(sHat);
    out.rHat.push(rHat);
    out.step.push(Math.abs((epsilon * sHat) / (Math.sqrt(rHat) + delta)));
    out.stepUncorrected.push(Math.abs((epsilon * s) / (Math.sqrt(r) + delta)));
  });
  return out;
}
