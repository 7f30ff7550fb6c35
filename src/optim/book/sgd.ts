import { defineOptimizer } from "../core";
import { atLeast, type Caller, checkFiniteSpec, resolveOptions } from "../options";
import type { Optimizer } from "../types";

export interface BookSgdOptions { epsilon: number; checkFinite: boolean }

export function resolveBookSgdOptions(opts?: Partial<BookSgdOptions>, caller: Caller = "book.sgd"): BookSgdOptions {
  return resolveOptions<BookSgdOptions>(caller, opts, { epsilon: { check: atLeast(0) }, checkFinite: checkFiniteSpec });
}

/** Algorithm 8.1 (SGD): θ ← θ − εĝ. */
export function sgd(opts?: Partial<BookSgdOptions>): Optimizer<BookSgdOptions> {
  const h = resolveBookSgdOptions(opts);
  return defineOptimizer({
    name: "book.sgd",
    kind: "book.sgd",
    hyperparams: h,
    lr: h.epsilon,
    buffers: [],
    update(theta, g, _s, epsilon) {
      for (let i = 0; i < theta.length; i++) theta[i] = theta[i] - epsilon * g[i];
    },
  });
}
