import { fail } from "../../args";
import { defineOptimizer } from "../core";
import { bool, type Caller, callerName, checkFiniteSpec, nonNegative, pair, resolveOptions } from "../options";
import type { Optimizer } from "../types";

export interface RpropOptions { lr: number; etas: readonly [number, number]; stepSizes: readonly [number, number]; maximize: boolean; checkFinite: boolean }

export function resolveRpropOptions(opts?: Partial<RpropOptions>, caller: Caller = "optim.rprop"): RpropOptions {
  const fn = callerName(caller);
  const h = resolveOptions<RpropOptions>(caller, opts, {
    lr: { default: 1e-2, check: nonNegative },
    etas: {
      default: [0.5, 1.2],
      check: (v) => pair((e) => (typeof e === "number" && e > 0 && Number.isFinite(e) ? null : "x"), "")(v) === null && (v as number[])[0] < 1 && 1 < (v as number[])[1] ? null : "a pair [etaminus, etaplus] with 0 < etaminus < 1 < etaplus",
    },
    stepSizes: { default: [1e-6, 50], check: pair(nonNegative, "finite numbers ≥ 0") },
    maximize: { default: false, check: bool },
    checkFinite: checkFiniteSpec,
  });
  if (h.stepSizes[0] > h.stepSizes[1]) fail(fn, "stepSizes", "a pair [min, max] with min ≤ max", h.stepSizes);
  return h;
}

/** torch.optim.Rprop (1.13): Riedmiller & Braun 1993, in the iRprop− form (no move after a sign change). */
export function rprop(opts?: Partial<RpropOptions>): Optimizer<RpropOptions> {
  const h = resolveRpropOptions(opts);
  const [etaminus, etaplus] = h.etas;
  const [stepMin, stepMax] = h.stepSizes;
  const { maximize } = h;
  return defineOptimizer({
    name: "rprop",
    kind: "rprop",
    hyperparams: h,
    lr: h.lr,
    buffers: ["prev", "stepSize"],
    update(x, g, s, lr) {
      const prev = s.buffers.prev;
      const size = s.buffers.stepSize;
      const n = x.length;
      // torch fills the step sizes with lr when it creates the state; here at the first step.
      if (s.t === 0) size.fill(lr);
      for (let i = 0; i < n; i++) {
        let gi = maximize ? -g[i] : g[i];
        const p = gi * prev[i];
        const factor = p > 0 ? etaplus : p < 0 ? etaminus : 1;
        const scaled = size[i] * factor;
        size[i] = scaled < stepMin ? stepMin : scaled > stepMax ? stepMax : scaled;
        if (p < 0) gi = 0;
        x[i] = x[i] + -1 * (Math.sign(gi) * size[i]);
        prev[i] = gi;
      }
    },
  });
}
