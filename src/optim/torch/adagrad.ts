import { defineOptimizer } from "../core";
import { bool, type Caller, checkFiniteSpec, nonNegative, resolveOptions } from "../options";
import type { Optimizer } from "../types";

export interface AdagradOptions { lr: number; lrDecay: number; weightDecay: number; initialAccumulatorValue: number; eps: number; maximize: boolean; checkFinite: boolean }

export function resolveAdagradOptions(opts?: Partial<AdagradOptions>, caller: Caller = "optim.adagrad"): AdagradOptions {
  return resolveOptions<AdagradOptions>(caller, opts, {
    lr: { default: 0.01, check: nonNegative },
    lrDecay: { default: 0, check: nonNegative },
    weightDecay: { default: 0, check: nonNegative },
    initialAccumulatorValue: { default: 0, check: nonNegative },
    eps: { default: 1e-10, check: nonNegative },
    maximize: { default: false, check: bool },
    checkFinite: checkFiniteSpec,
  });
}

/** torch.optim.Adagrad (1.13), Duchi, Hazan & Singer 2011: eps outside the square root. */
export function adagrad(opts?: Partial<AdagradOptions>): Optimizer<AdagradOptions> {
  const h = resolveAdagradOptions(opts);
  const { lrDecay, weightDecay: wd, initialAccumulatorValue: s0, eps, maximize } = h;
  return defineOptimizer({
    name: "adagrad",
    kind: "adagrad",
    hyperparams: h,
    lr: h.lr,
    buffers: ["sum"],
    update(x, g, s, lr) {
      const sum = s.buffers.sum;
      const n = x.length;
      // torch fills the accumulator when the state is created; here at the first step, so init() needs no hyperparameter.
      if (s.t === 0) sum.fill(s0);
      const step = s.t + 1;
      const clr = lr / (1 + (step - 1) * lrDecay);
      for (let i = 0; i < n; i++) {
        let gi = maximize ? -g[i] : g[i];
        if (wd !== 0) gi = gi + wd * x[i];
        sum[i] = sum[i] + gi * gi;
        x[i] = x[i] + -clr * (gi / (Math.sqrt(sum[i]) + eps));
      }
    },
  });
}
