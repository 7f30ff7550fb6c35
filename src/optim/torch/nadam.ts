import { defineOptimizer } from "../core";
import { betasCheck, type Caller, checkFiniteSpec, nonNegative, resolveOptions } from "../options";
import type { Optimizer } from "../types";

export interface NadamOptions { lr: number; betas: readonly [number, number]; eps: number; weightDecay: number; momentumDecay: number; checkFinite: boolean }

/** torch 1.13's NAdam has no `maximize` option, so it is rejected here as unknown too. */
export function resolveNadamOptions(opts?: Partial<NadamOptions>, caller: Caller = "optim.nadam"): NadamOptions {
  return resolveOptions<NadamOptions>(caller, opts, {
    lr: { default: 2e-3, check: nonNegative },
    betas: { default: [0.9, 0.999], check: betasCheck },
    eps: { default: 1e-8, check: nonNegative },
    weightDecay: { default: 0, check: nonNegative },
    momentumDecay: { default: 4e-3, check: nonNegative },
    checkFinite: checkFiniteSpec,
  });
}

/**
 * NAdam (Dozat 2016) as torch 1.13 computes it. `torch113Bug` reproduces the single-tensor path's
 * 1 − Π_t·μ_t·μ_{t+1} in the last denominator (fixed upstream in pytorch PR #92699).
 */
function nadamRule(name: string, h: NadamOptions, torch113Bug: boolean): Optimizer<NadamOptions> {
  const [beta1, beta2] = h.betas;
  const { eps, weightDecay: wd, momentumDecay: psi } = h;
  return defineOptimizer({
    name,
    kind: "nadam",
    hyperparams: h,
    lr: h.lr,
    buffers: ["expAvg", "expAvgSq"],
    scalars: { muProduct: 1 },
    update(x, g, s, lr) {
      const m = s.buffers.expAvg;
      const v = s.buffers.expAvgSq;
      const n = x.length;
      const step = s.t + 1;
      const bc2 = 1 - Math.pow(beta2, step);
      const bc2Sqrt = Math.sqrt(bc2);
      const mu = beta1 * (1 - 0.5 * Math.pow(0.96, step * psi));
      const muNext = beta1 * (1 - 0.5 * Math.pow(0.96, (step + 1) * psi));
      const muProduct = s.scalars.muProduct * mu;
      const gradCoef = -lr * (1 - mu) / (1 - muProduct);
      const avgCoef = torch113Bug ? -lr * muNext / (1 - muProduct * mu * muNext) : lr * muNext / (1 - muProduct * muNext) * -1;
      for (let i = 0; i < n; i++) {
        let gi = g[i];
        if (wd !== 0) gi = gi + wd * x[i];
        m[i] = m[i] * beta1 + (1 - beta1) * gi;
        v[i] = v[i] * beta2 + (1 - beta2) * gi * gi;
        const denom = torch113Bug ? Math.sqrt(v[i] / bc2) + eps : Math.sqrt(v[i]) / bc2Sqrt + eps;
        x[i] = x[i] + gradCoef * (gi / denom);
        x[i] = x[i] + avgCoef * (m[i] / denom);
      }
      s.scalars.muProduct = muProduct;
    },
  });
}

/** torch.optim.NAdam with the correct formula (torch 1.13's foreach path, torch ≥ 2.0). */
export function nadam(opts?: Partial<NadamOptions>): Optimizer<NadamOptions> {
  return nadamRule("nadam", resolveNadamOptions(opts), false);
}

/** torch 1.13's default single-tensor NAdam, bug included (for reproducing old runs). */
export function nadamTorch113(opts?: Partial<NadamOptions>): Optimizer<NadamOptions> {
  return nadamRule("nadamTorch113", resolveNadamOptions(opts, "optim.nadamTorch113"), true);
}
