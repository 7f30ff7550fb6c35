import { defineOptimizer } from "../core";
import { atLeast, type Caller, checkFiniteSpec, nonNegative, resolveOptions, scalarOrVector, unitOpen } from "../options";
import type { Optimizer } from "../types";
import { initVelocity, lookaheadPoint } from "./velocity";

export interface BookRmspropNesterovOptions { epsilon: number; rho: number; alpha: number; v0: number | readonly number[]; delta: number; checkFinite: boolean }

/** `delta` (default 0, as in the book) is an addition: δ inside the root guards against r = 0. */
export function resolveBookRmspropNesterovOptions(opts?: Partial<BookRmspropNesterovOptions>, caller: Caller = "book.rmspropNesterov"): BookRmspropNesterovOptions {
  return resolveOptions<BookRmspropNesterovOptions>(caller, opts, {
    epsilon: { check: atLeast(0) },
    rho: { check: unitOpen },
    alpha: { check: unitOpen },
    v0: { default: 0, check: scalarOrVector },
    delta: { default: 0, check: nonNegative },
    checkFinite: checkFiniteSpec,
  });
}

/** Algorithm 8.6 (RMSProp with Nesterov momentum): g at θ + αv; r ← ρr + (1−ρ)g⊙g; v ← αv − ε/√r ⊙ g; θ ← θ + v. */
export function rmspropNesterov(opts?: Partial<BookRmspropNesterovOptions>): Optimizer<BookRmspropNesterovOptions> {
  const h = resolveBookRmspropNesterovOptions(opts);
  const { rho, alpha, delta } = h;
  return defineOptimizer({
    name: "book.rmspropNesterov",
    kind: "book.rmspropNesterov",
    hyperparams: h,
    lr: h.epsilon,
    buffers: ["r", "v"],
    initBuffers: (s, x0) => initVelocity("book.rmspropNesterov.init", h.v0, s, x0),
    gradientPoint: lookaheadPoint(alpha),
    update(theta, g, s, epsilon) {
      const r = s.buffers.r;
      const v = s.buffers.v;
      for (let i = 0; i < theta.length; i++) {
        r[i] = rho * r[i] + (1 - rho) * g[i] * g[i];
        v[i] = alpha * v[i] - (epsilon / Math.sqrt(delta + r[i])) * g[i];
        theta[i] = theta[i] + v[i];
      }
    },
  });
}
