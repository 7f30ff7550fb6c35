import { defineOptimizer } from "../core";
import { atLeast, type Caller, checkFiniteSpec, nonNegative, resolveOptions, unitOpen } from "../options";
import type { Optimizer } from "../types";

export interface BookRmspropOptions { epsilon: number; rho: number; delta: number; checkFinite: boolean }

export function resolveBookRmspropOptions(opts?: Partial<BookRmspropOptions>, caller: Caller = "book.rmsprop"): BookRmspropOptions {
  return resolveOptions<BookRmspropOptions>(caller, opts, {
    epsilon: { check: atLeast(0) },
    rho: { check: unitOpen },
    delta: { default: 1e-6, check: nonNegative },
    checkFinite: checkFiniteSpec,
  });
}

/** Algorithm 8.5 (RMSProp): r ← ρr + (1−ρ)g⊙g; θ ← θ − ε/√(δ + r) ⊙ g (δ inside the root, unlike torch). */
export function rmsprop(opts?: Partial<BookRmspropOptions>): Optimizer<BookRmspropOptions> {
  const h = resolveBookRmspropOptions(opts);
  const { rho, delta } = h;
  return defineOptimizer({
    name: "book.rmsprop",
    kind: "book.rmsprop",
    hyperparams: h,
    lr: h.epsilon,
    buffers: ["r"],
    update(theta, g, s, epsilon) {
      const r = s.buffers.r;
      for (let i = 0; i < theta.length; i++) {
        r[i] = rho * r[i] + (1 - rho) * g[i] * g[i];
        theta[i] = theta[i] - (epsilon / Math.sqrt(delta + r[i])) * g[i];
      }
    },
  });
}
