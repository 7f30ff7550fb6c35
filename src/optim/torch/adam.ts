import { defineOptimizer } from "../core";
import { betasCheck, bool, checkFiniteSpec, nonNegative, resolveOptions } from "../options";
import type { Optimizer } from "../types";
import { adamStepNative, nativeAdamVariant } from "../native";
import { adamBuffersInArena, adamStepInArena, wasmAdamKernelName } from "../wasm/adamStep";

export interface AdamOptions { lr: number; betas: readonly [number, number]; eps: number; weightDecay: number; amsgrad: boolean; maximize: boolean; checkFinite: boolean }

function resolveAdamLike(fn: string, defaultWeightDecay: number, opts?: Partial<AdamOptions>): AdamOptions {
  return resolveOptions<AdamOptions>(fn, opts, {
    lr: { default: 1e-3, check: nonNegative },
    betas: { default: [0.9, 0.999], check: betasCheck },
    eps: { default: 1e-8, check: nonNegative },
    weightDecay: { default: defaultWeightDecay, check: nonNegative },
    amsgrad: { default: false, check: bool },
    maximize: { default: false, check: bool },
    checkFinite: checkFiniteSpec,
  });
}

export function resolveAdamOptions(opts?: Partial<AdamOptions>): AdamOptions {
  return resolveAdamLike("optim.adam", 0, opts);
}

export function resolveAdamwOptions(opts?: Partial<AdamOptions>): AdamOptions {
  return resolveAdamLike("optim.adamw", 1e-2, opts);
}

/**
 * One Adam step as torch 1.13's single-tensor path computes it; `decoupled` applies AdamW's
 * p ← p(1 − lr·λ) before the moments instead of adding λp to the gradient.
 */
function adamFamily(name: string, h: AdamOptions, decoupled: boolean): Optimizer<AdamOptions> {
  const [beta1, beta2] = h.betas;
  const { eps, weightDecay: wd, amsgrad, maximize } = h;
  const coupledWd = decoupled ? 0 : wd;
  const plain = !maximize && wd === 0 && !amsgrad;
  const decayMode = coupledWd !== 0 ? "coupled" : decoupled ? "decoupled" : "none";
  // For the native and wasm kernels: which variant, and the step's numbers in one reused array.
  const nativeVariant = nativeAdamVariant(maximize, decayMode, amsgrad);
  const wasmKernel = wasmAdamKernelName(plain, maximize, decayMode, amsgrad);
  const scalars = new Float64Array(8);
  return defineOptimizer({
    name,
    kind: "adam",
    hyperparams: h,
    lr: h.lr,
    buffers: ["expAvg", "expAvgSq", "maxExpAvgSq"],
    initBuffers: (state, x0) => adamBuffersInArena(state, x0),
    update(x, g, s, lr) {
      const m = s.buffers.expAvg;
      const v = s.buffers.expAvgSq;
      const vmax = s.buffers.maxExpAvgSq;
      const n = x.length;
      const step = s.t + 1;
      const stepSize = lr / (1 - Math.pow(beta1, step));
      const bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
      const decay = 1 - lr * wd;
      // torch: p − stepSize·m/(√v/√bc2 + eps); the same with one division: p + c·m/(√v + eps·√bc2).
      const c = -stepSize * bc2Sqrt;
      const epsHat = eps * bc2Sqrt;
      const a1 = 1 - beta1;
      const a2 = 1 - beta2;
      // The same operations in native code (long arrays, when built), else two lanes at a time when
      // every array lives in one wasm arena; the JS loop does what neither did.
      scalars[0] = beta1;
      scalars[1] = beta2;
      scalars[2] = a1;
      scalars[3] = a2;
      scalars[4] = c;
      scalars[5] = epsHat;
      scalars[6] = decay;
      scalars[7] = coupledWd;
      const done =
        adamStepNative(x, g, m, v, vmax, nativeVariant, scalars) ||
        adamStepInArena(x, g, m, v, vmax, wasmKernel, amsgrad && !plain, scalars);
      if (plain) {
        for (let i = done; i < n; i++) {
          const gi = g[i];
          const mi = m[i] * beta1 + a1 * gi;
          const vi = v[i] * beta2 + a2 * gi * gi;
          m[i] = mi;
          v[i] = vi;
          x[i] = x[i] + (c * mi) / (Math.sqrt(vi) + epsHat);
        }
        return;
      }
      for (let i = done; i < n; i++) {
        let gi = maximize ? -g[i] : g[i];
        if (coupledWd !== 0) gi = gi + coupledWd * x[i];
        else if (decoupled) x[i] = x[i] * decay;
        const mi = m[i] * beta1 + a1 * gi;
        let vi = v[i] * beta2 + a2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        if (amsgrad) {
          vi = vmax[i] > vi ? vmax[i] : vi;
          vmax[i] = vi;
        }
        x[i] = x[i] + (c * mi) / (Math.sqrt(vi) + epsHat);
      }
    },
  });
}

/** torch.optim.Adam (1.13), Kingma & Ba 2015; amsgrad: Reddi, Kale & Kumar 2018. */
export function adam(opts?: Partial<AdamOptions>): Optimizer<AdamOptions> {
  return adamFamily("adam", resolveAdamOptions(opts), false);
}

/** torch.optim.AdamW (1.13), decoupled weight decay (Loshchilov & Hutter 2019). */
export function adamw(opts?: Partial<AdamOptions>): Optimizer<AdamOptions> {
  return adamFamily("adamw", resolveAdamwOptions(opts), true);
}
