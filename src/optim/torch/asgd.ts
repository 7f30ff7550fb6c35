import { defineOptimizer } from "../core";
import { bool, type Caller, checkFiniteSpec, nonNegative, resolveOptions } from "../options";
import type { Optimizer } from "../types";

export interface AsgdOptions { lr: number; lambd: number; alpha: number; t0: number; weightDecay: number; maximize: boolean; checkFinite: boolean }

export function resolveAsgdOptions(opts?: Partial<AsgdOptions>, caller: Caller = "optim.asgd"): AsgdOptions {
  return resolveOptions<AsgdOptions>(caller, opts, {
    lr: { default: 1e-2, check: nonNegative },
    lambd: { default: 1e-4, check: nonNegative },
    alpha: { default: 0.75, check: nonNegative },
    t0: { default: 1e6, check: (v) => (typeof v === "number" && v >= 0 ? null : "a number ≥ 0 (Infinity: never average)") },
    weightDecay: { default: 0, check: nonNegative },
    maximize: { default: false, check: bool },
    checkFinite: checkFiniteSpec,
  });
}

/** torch.optim.ASGD (1.13): averaged SGD, Polyak & Juditsky 1992, with Bottou's decaying step (2012). */
export function asgd(opts?: Partial<AsgdOptions>): Optimizer<AsgdOptions> {
  const h = resolveAsgdOptions(opts);
  const { lambd, alpha, t0, weightDecay: wd, maximize } = h;
  return defineOptimizer({
    name: "asgd",
    kind: "asgd",
    hyperparams: h,
    lr: h.lr,
    buffers: ["ax"],
    scalars: { eta: 0, mu: 1 },
    update(x, g, s, lr) {
      const ax = s.buffers.ax;
      const n = x.length;
      const eta = s.t === 0 ? lr : s.scalars.eta; // η: torch sets it to lr when it creates the state
      const mu = s.scalars.mu;
      const step = s.t + 1;
      const decay = 1 - lambd * eta;
      for (let i = 0; i < n; i++) {
        let gi = maximize ? -g[i] : g[i];
        if (wd !== 0) gi = gi + wd * x[i];
        const p = x[i] * decay + -eta * gi;
        x[i] = p;
        ax[i] = mu !== 1 ? ax[i] + (p - ax[i]) * mu : p;
      }
      s.scalars.eta = lr / Math.pow(1 + lambd * lr * step, alpha);
      s.scalars.mu = 1 / Math.max(1, step - t0);
    },
    averaged: (s) => s.buffers.ax.slice(),
  });
}
