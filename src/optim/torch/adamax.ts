import { defineOptimizer } from "../core";
import { betasCheck, bool, type Caller, checkFiniteSpec, nonNegative, resolveOptions } from "../options";
import type { Optimizer } from "../types";

export interface AdamaxOptions { lr: number; betas: readonly [number, number]; eps: number; weightDecay: number; maximize: boolean; checkFinite: boolean }

export function resolveAdamaxOptions(opts?: Partial<AdamaxOptions>, caller: Caller = "optim.adamax"): AdamaxOptions {
  return resolveOptions<AdamaxOptions>(caller, opts, {
    lr: { default: 2e-3, check: nonNegative },
    betas: { default: [0.9, 0.999], check: betasCheck },
    eps: { default: 1e-8, check: nonNegative },
    weightDecay: { default: 0, check: nonNegative },
    maximize: { default: false, check: bool },
    checkFinite: checkFiniteSpec,
  });
}

/** torch.optim.Adamax (1.13), Kingma & Ba 2015 §7.1, with eps inside the max as torch has it. */
export function adamax(opts?: Partial<AdamaxOptions>): Optimizer<AdamaxOptions> {
  const h = resolveAdamaxOptions(opts);
  const [beta1, beta2] = h.betas;
  const { eps, weightDecay: wd, maximize } = h;
  return defineOptimizer({
    name: "adamax",
    kind: "adamax",
    hyperparams: h,
    lr: h.lr,
    buffers: ["expAvg", "expInf"],
    update(x, g, s, lr) {
      const m = s.buffers.expAvg;
      const u = s.buffers.expInf;
      const n = x.length;
      const clr = lr / (1 - Math.pow(beta1, s.t + 1));
      for (let i = 0; i < n; i++) {
        let gi = maximize ? -g[i] : g[i];
        if (wd !== 0) gi = gi + wd * x[i];
        m[i] = m[i] * beta1 + (1 - beta1) * gi;
        const decayed = u[i] * beta2;
        const fresh = Math.abs(gi) + eps;
        u[i] = decayed > fresh ? decayed : fresh;
        x[i] = x[i] + -clr * (m[i] / u[i]);
      }
    },
  });
}
