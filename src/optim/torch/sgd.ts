import { fail } from "../../args";
import { defineOptimizer } from "../core";
import { atLeast, bool, type Caller, callerName, checkFiniteSpec, nonNegative, resolveOptions, unitClosed } from "../options";
import type { Optimizer } from "../types";

export interface SgdOptions { lr: number; momentum: number; dampening: number; weightDecay: number; nesterov: boolean; maximize: boolean; checkFinite: boolean }

/** Validated SGD hyperparameters with PyTorch 1.13's defaults (lr has none). */
export function resolveSgdOptions(opts?: Partial<SgdOptions>, caller: Caller = "optim.sgd"): SgdOptions {
  const fn = callerName(caller);
  const h = resolveOptions<SgdOptions>(caller, opts, {
    lr: { check: atLeast(0) },
    momentum: { default: 0, check: nonNegative },
    dampening: { default: 0, check: unitClosed },
    weightDecay: { default: 0, check: nonNegative },
    nesterov: { default: false, check: bool },
    maximize: { default: false, check: bool },
    checkFinite: checkFiniteSpec,
  });
  if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0)) {
    fail(fn, "nesterov", `false unless momentum > 0 and dampening = 0 (momentum = ${h.momentum}, dampening = ${h.dampening})`, true);
  }
  return h;
}

/** torch.optim.SGD (1.13): heavy-ball momentum (Polyak 1964) or Nesterov (Sutskever et al. 2013). */
export function sgd(opts?: Partial<SgdOptions>): Optimizer<SgdOptions> {
  const h = resolveSgdOptions(opts);
  const { momentum: mu, dampening, weightDecay: wd, nesterov, maximize } = h;
  return defineOptimizer({
    name: "sgd",
    kind: "sgd",
    hyperparams: h,
    lr: h.lr,
    buffers: ["momentumBuffer"],
    scalars: { hasMomentumBuffer: 0 },
    update(x, g, s, lr) {
      const b = s.buffers.momentumBuffer;
      const n = x.length;
      // torch keeps no buffer while momentum is 0 and starts it as a copy of d_p the first time.
      const first = mu !== 0 && s.scalars.hasMomentumBuffer === 0;
      for (let i = 0; i < n; i++) {
        let d = maximize ? -g[i] : g[i];
        if (wd !== 0) d = d + wd * x[i];
        if (mu !== 0) {
          b[i] = first ? d : b[i] * mu + (1 - dampening) * d;
          d = nesterov ? d + mu * b[i] : b[i];
        }
        x[i] = x[i] + -lr * d;
      }
      if (first) s.scalars.hasMomentumBuffer = 1;
    },
  });
}
