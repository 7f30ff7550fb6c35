import { defineOptimizer } from "../core";
import { bool, type Caller, checkFiniteSpec, nonNegative, resolveOptions, unitClosed } from "../options";
import type { Optimizer } from "../types";

export interface AdadeltaOptions { lr: number; rho: number; eps: number; weightDecay: number; maximize: boolean; checkFinite: boolean }

export function resolveAdadeltaOptions(opts?: Partial<AdadeltaOptions>, caller: Caller = "optim.adadelta"): AdadeltaOptions {
  return resolveOptions<AdadeltaOptions>(caller, opts, {
    lr: { default: 1.0, check: nonNegative },
    rho: { default: 0.9, check: unitClosed },
    eps: { default: 1e-6, check: nonNegative },
    weightDecay: { default: 0, check: nonNegative },
    maximize: { default: false, check: bool },
    checkFinite: checkFiniteSpec,
  });
}

/** torch.optim.Adadelta (1.13), Zeiler 2012: eps inside both square roots. */
export function adadelta(opts?: Partial<AdadeltaOptions>): Optimizer<AdadeltaOptions> {
  const h = resolveAdadeltaOptions(opts);
  const { rho, eps, weightDecay: wd, maximize } = h;
  return defineOptimizer({
    name: "adadelta",
    kind: "adadelta",
    hyperparams: h,
    lr: h.lr,
    buffers: ["squareAvg", "accDelta"],
    update(x, g, s, lr) {
      const v = s.buffers.squareAvg;
      const u = s.buffers.accDelta;
      const n = x.length;
      for (let i = 0; i < n; i++) {
        let gi = maximize ? -g[i] : g[i];
        if (wd !== 0) gi = gi + wd * x[i];
        v[i] = v[i] * rho + (1 - rho) * gi * gi;
        const std = Math.sqrt(v[i] + eps);
        const delta = (Math.sqrt(u[i] + eps) / std) * gi;
        u[i] = u[i] * rho + (1 - rho) * delta * delta;
        x[i] = x[i] + -lr * delta;
      }
    },
  });
}
