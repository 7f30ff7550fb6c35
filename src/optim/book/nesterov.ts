import { defineOptimizer } from "../core";
import type { Caller } from "../options";
import type { Optimizer } from "../types";
import { resolveBookMomentumOptions, type BookMomentumOptions } from "./momentum";
import { initVelocity, lookaheadPoint } from "./velocity";

export type BookNesterovOptions = BookMomentumOptions;

export function resolveBookNesterovOptions(opts?: Partial<BookNesterovOptions>, caller: Caller = "book.nesterov"): BookNesterovOptions {
  return resolveBookMomentumOptions(opts, caller);
}

/** Algorithm 8.3 (SGD with Nesterov momentum): g at θ + αv; v ← αv − εg; θ ← θ + v. */
export function nesterov(opts?: Partial<BookNesterovOptions>): Optimizer<BookNesterovOptions> {
  const h = resolveBookNesterovOptions(opts);
  const alpha = h.alpha;
  return defineOptimizer({
    name: "book.nesterov",
    kind: "book.momentum",
    hyperparams: h,
    lr: h.epsilon,
    buffers: ["v"],
    initBuffers: (s, x0) => initVelocity("book.nesterov.init", h.v0, s, x0),
    gradientPoint: lookaheadPoint(alpha),
    update(theta, g, s, epsilon) {
      const v = s.buffers.v;
      for (let i = 0; i < theta.length; i++) {
        v[i] = alpha * v[i] - epsilon * g[i];
        theta[i] = theta[i] + v[i];
      }
    },
  });
}
