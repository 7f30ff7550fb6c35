import { defineOptimizer } from "../core";
import { betasCheck, bool, type Caller, checkFiniteSpec, nonNegative, resolveOptions } from "../options";
import type { Optimizer } from "../types";

export interface AdamOptions { lr: number; betas: readonly [number, number]; eps: number; weightDecay: number; amsgrad: boolean; maximize: boolean; checkFinite: boolean }

function resolveAdamLike(caller: Caller, defaultWeightDecay: number, opts?: Partial<AdamOptions>): AdamOptions {
  return resolveOptions<AdamOptions>(caller, opts, {
    lr: { default: 1e-3, check: nonNegative },
    betas: { default: [0.9, 0.999], check: betasCheck },
    eps: { default: 1e-8, check: nonNegative },
    weightDecay: { default: defaultWeightDecay, check: nonNegative },
    amsgrad: { default: false, check: bool },
    maximize: { default: false, check: bool },
    checkFinite: checkFiniteSpec,
  });
}

export function resolveAdamOptions(opts?: Partial<AdamOptions>, caller: Caller = "optim.adam"): AdamOptions {
  return resolveAdamLike(caller, 0, opts);
}

export function resolveAdamwOptions(opts?: Partial<AdamOptions>, caller: Caller = "optim.adamw"): AdamOptions {
  return resolveAdamLike(caller, 1e-2, opts);
}

/**
 * torch 1.13's `_single_tensor_adam` (and, with `decoupled`, `_single_tensor_adamw`), line for line
 * per entry: the reference the accelerated kernels (src/optim/accelerated/) reproduce bit for bit.
 */
function adamFamily(name: string, h: AdamOptions, decoupled: boolean): Optimizer<AdamOptions> {
  return defineOptimizer({
    name,
    kind: "adam",
    hyperparams: h,
    lr: h.lr,
    buffers: ["expAvg", "expAvgSq", "maxExpAvgSq"],
    update(param, grads, state, lr) {
      const beta1 = h.betas[0]; // β1
      const beta2 = h.betas[1]; // β2
      const { eps, weightDecay, amsgrad, maximize } = h; // ε, λ
      const expAvg = state.buffers.expAvg;
      const expAvgSq = state.buffers.expAvgSq;
      const maxExpAvgSq = state.buffers.maxExpAvgSq;
      const step = state.t + 1;
      const biasCorrection1 = 1 - Math.pow(beta1, step);
      const biasCorrection2 = 1 - Math.pow(beta2, step);
      const stepSize = lr / biasCorrection1;
      const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
      for (let i = 0; i < param.length; i++) {
        let grad = maximize ? -grads[i] : grads[i];
        let p = param[i];
        if (decoupled) p = p * (1 - lr * weightDecay); // AdamW: param.mul_(1 − lr·λ)
        else if (weightDecay !== 0) grad = grad + weightDecay * p; // grad = grad.add(param, alpha=λ)
        const m = expAvg[i] * beta1 + (1 - beta1) * grad; // exp_avg.mul_(β1).add_(grad, alpha=1 − β1)
        const v = expAvgSq[i] * beta2 + (1 - beta2) * grad * grad; // exp_avg_sq.mul_(β2).addcmul_(grad, grad, value=1 − β2)
        expAvg[i] = m;
        expAvgSq[i] = v;
        let vMax = v;
        if (amsgrad) {
          vMax = maxExpAvgSq[i] > v ? maxExpAvgSq[i] : v; // torch.maximum(max_exp_avg_sqs[i], exp_avg_sq, out=max_exp_avg_sqs[i])
          maxExpAvgSq[i] = vMax;
        }
        const denom = Math.sqrt(vMax) / biasCorrection2Sqrt + eps; // (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(ε)
        param[i] = p + (-stepSize * m) / denom; // param.addcdiv_(exp_avg, denom, value=−step_size)
      }
    },
  });
}

/** torch.optim.Adam (1.13): Kingma & Ba 2015, the book's Algorithm 8.7 in torch's form; amsgrad: Reddi, Kale & Kumar 2018. */
export function adam(opts?: Partial<AdamOptions>): Optimizer<AdamOptions> {
  return adamFamily("adam", resolveAdamOptions(opts), false);
}

/** torch.optim.AdamW (1.13), decoupled weight decay (Loshchilov & Hutter 2019). */
export function adamw(opts?: Partial<AdamOptions>): Optimizer<AdamOptions> {
  return adamFamily("adamw", resolveAdamwOptions(opts), true);
}
