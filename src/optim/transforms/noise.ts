import { rng } from "../../rng";
import { atLeast, nonNegative, resolveOptions } from "../options";
import type { Transform } from "./transform";

export interface GradientNoiseOptions { eta: number; gamma: number; seed: number }

/** Seed of step t's generator: depends only on (seed, t), so a resumed run draws the same noise. */
function stepSeed(seed: number, t: number): number {
  let h = Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(t + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) + Math.floor(seed) * 4294967296;
}

/** Annealed Gaussian gradient noise (Neelakantan et al. 2015): g ← g + N(0, σ_t²), σ_t² = η/(1 + t)^γ. */
export function gradientNoise(opts: { eta?: number; gamma?: number; seed: number }): Transform {
  const h = resolveOptions<GradientNoiseOptions>("optim.gradientNoise", opts, {
    eta: { default: 0.01, check: nonNegative },
    gamma: { default: 0.55, check: nonNegative },
    seed: { check: atLeast(-Number.MAX_SAFE_INTEGER) },
  });
  return {
    name: `gradientNoise(η=${h.eta}, γ=${h.gamma}, seed=${h.seed})`,
    gradient(g, _x, s) {
      const sigma = Math.sqrt(h.eta / Math.pow(1 + s.t, h.gamma));
      const r = rng(stepSeed(h.seed, s.t));
      for (let i = 0; i < g.length; i++) g[i] += sigma * r.normal();
    },
  };
}
