import { defineOptimizer } from "../core";
import { atLeast, type Caller, checkFiniteSpec, nonNegative, resolveOptions } from "../options";
import type { Optimizer } from "../types";

export interface BookAdagradOptions { epsilon: number; delta: number; checkFinite: boolean }

export function resolveBookAdagradOptions(opts?: Partial<BookAdagradOptions>, caller: Caller = "book.adagrad"): BookAdagradOptions {
  return resolveOptions<BookAdagradOptions>(caller, opts, {
    epsilon: { check: atLeast(0) },
    delta: { default: 1e-7, check: nonNegative },
    checkFinite: checkFiniteSpec,
  });
}

/** Algorithm 8.4 (AdaGrad): r ← r + g⊙g; θ ← θ − ε/(δ + √r) ⊙ g. */
export function adagrad(opts?: Partial<BookAdagradOptions>): Optimizer<BookAdagradOptions> {
  const h = resolveBookAdagradOptions(opts);
  const delta = h.delta;
  return defineOptimizer({
    name: "book.adagrad",
    kind: "book.adagrad",
    hyperparams: h,
    lr: h.epsilon,
    buffers: ["r"],
    update(theta, g, s, epsilon) {
      const r = s.buffers.r;
      for (let i = 0; i < theta.length; i++) {
        r[i] = r[i] + g[i] * g[i];
        theta[i] = theta[i] - (epsilon / (delta + Math.sqrt(r[i]))) * g[i];
      }
    },
  });
}
