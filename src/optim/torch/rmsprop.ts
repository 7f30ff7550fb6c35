import { defineOptimizer } from "../core";
import { bool, type Caller, checkFiniteSpec, nonNegative, resolveOptions, unitClosed } from "../options";
import type { Optimizer } from "../types";

export interface RmspropOptions { lr: number; alpha: number; eps: number; weightDecay: number; momentum: number; centered: boolean; maximize: boolean; checkFinite: boolean }

export function resolveRmspropOptions(opts?: Partial<RmspropOptions>, caller: Caller = "optim.rmsprop"): RmspropOptions {
  return resolveOptions<RmspropOptions>(caller, opts, {
    lr: { default: 0.01, check: nonNegative },
    alpha: { default: 0.99, check: unitClosed },
    eps: { default: 1e-8, check: nonNegative },
    weightDecay: { default: 0, check: nonNegative },
    momentum: { default: 0, check: nonNegative },
    centered: { default: false, check: bool },
    maximize: { default: false, check: bool },
    checkFinite: checkFiniteSpec,
  });
}

/** torch.optim.RMSprop (1.13), Hinton's lecture 6e and Graves 2013 (centered): eps outside the square root. */
export function rmsprop(opts?: Partial<RmspropOptions>): Optimizer<RmspropOptions> {
  const h = resolveRmspropOptions(opts);
  const { alpha, eps, weightDecay: wd, momentum: mu, centered, maximize } = h;
  return defineOptimizer({
    name: "rmsprop",
    kind: "rmsprop",
    hyperparams: h,
    lr: h.lr,
    buffers: ["squareAvg", "gradAvg", "momentumBuffer"],
    update(x, g, s, lr) {
      const v = s.buffers.squareAvg;
      const gbar = s.buffers.gradAvg;
      const b = s.buffers.momentumBuffer;
      const n = x.length;
      for (let i = 0; i < n; i++) {
        let gi = maximize ? -g[i] : g[i];
        if (wd !== 0) gi = gi + wd * x[i];
        v[i] = v[i] * alpha + (1 - alpha) * gi * gi;
        let avg: number;
        if (centered) {
          gbar[i] = gbar[i] * alpha + (1 - alpha) * gi;
          avg = Math.sqrt(v[i] + -1 * gbar[i] * gbar[i]) + eps;
        } else {
          avg = Math.sqrt(v[i]) + eps;
        }
        if (mu > 0) {
          b[i] = b[i] * mu + gi / avg;
          x[i] = x[i] + -lr * b[i];
        } else {
          x[i] = x[i] + -lr * (gi / avg);
        }
      }
    },
  });
}
