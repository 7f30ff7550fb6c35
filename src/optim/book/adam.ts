import { defineOptimizer } from "../core";
import { type Caller, checkFiniteSpec, nonNegative, resolveOptions, unitOpen } from "../options";
import type { Optimizer } from "../types";

export interface BookAdamOptions { epsilon: number; rho1: number; rho2: number; delta: number; checkFinite: boolean }

export function resolveBookAdamOptions(opts?: Partial<BookAdamOptions>, caller: Caller = "book.adam"): BookAdamOptions {
  return resolveOptions<BookAdamOptions>(caller, opts, {
    epsilon: { default: 1e-3, check: nonNegative },
    rho1: { default: 0.9, check: unitOpen },
    rho2: { default: 0.999, check: unitOpen },
    delta: { default: 1e-8, check: nonNegative },
    checkFinite: checkFiniteSpec,
  });
}

/** Algorithm 8.7 (Adam): s, r moments; ŝ = s/(1−ρ₁ᵗ), r̂ = r/(1−ρ₂ᵗ); θ ← θ − εŝ/(√r̂ + δ). */
export function adam(opts?: Partial<BookAdamOptions>): Optimizer<BookAdamOptions> {
  const h = resolveBookAdamOptions(opts);
  const { rho1, rho2, delta } = h;
  return defineOptimizer({
    name: "book.adam",
    kind: "book.adam",
    hyperparams: h,
    lr: h.epsilon,
    buffers: ["s", "r"],
    update(theta, g, st, epsilon) {
      const s = st.buffers.s;
      const r = st.buffers.r;
      const t = st.t + 1;
      const c1 = 1 - Math.pow(rho1, t);
      const c2 = 1 - Math.pow(rho2, t);
      for (let i = 0; i < theta.length; i++) {
        s[i] = rho1 * s[i] + (1 - rho1) * g[i];
        r[i] = rho2 * r[i] + (1 - rho2) * g[i] * g[i];
        const sHat = s[i] / c1;
        const rHat = r[i] / c2;
        theta[i] = theta[i] - (epsilon * sHat) / (Math.sqrt(rHat) + delta);
      }
    },
  });
}
