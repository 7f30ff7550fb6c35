import { defineOptimizer } from "../core";
import { atLeast, type Caller, checkFiniteSpec, resolveOptions, scalarOrVector, unitOpen } from "../options";
import type { Optimizer } from "../types";
import { initVelocity } from "./velocity";

export interface BookMomentumOptions { epsilon: number; alpha: number; v0: number | readonly number[]; checkFinite: boolean }

export function resolveBookMomentumOptions(opts?: Partial<BookMomentumOptions>, caller: Caller = "book.momentum"): BookMomentumOptions {
  return resolveOptions<BookMomentumOptions>(caller, opts, {
    epsilon: { check: atLeast(0) },
    alpha: { check: unitOpen },
    v0: { default: 0, check: scalarOrVector },
    checkFinite: checkFiniteSpec,
  });
}

/** Algorithm 8.2 (SGD with momentum): v ← αv − εg; θ ← θ + v. */
export function momentum(opts?: Partial<BookMomentumOptions>): Optimizer<BookMomentumOptions> {
  const h = resolveBookMomentumOptions(opts);
  const alpha = h.alpha;
  return defineOptimizer({
    name: "book.momentum",
    kind: "book.momentum",
    hyperparams: h,
    lr: h.epsilon,
    buffers: ["v"],
    initBuffers: (s, x0) => initVelocity("book.momentum.init", h.v0, s, x0),
    update(theta, g, s, epsilon) {
      const v = s.buffers.v;
      for (let i = 0; i < theta.length; i++) {
        v[i] = alpha * v[i] - epsilon * g[i];
        theta[i] = theta[i] + v[i];
      }
    },
  });
}
