import { atLeast, resolveOptions } from "../options";
import type { Transform } from "./transform";

/** Gradient clipping by global norm (Pascanu et al. 2013; section 10.11.1): g ← g·min(1, maxNorm/‖g‖). */
export function clipByGlobalNorm(opts: { maxNorm: number }): Transform {
  const { maxNorm } = resolveOptions<{ maxNorm: number }>("optim.clipByGlobalNorm", opts, { maxNorm: { check: atLeast(0) } });
  return {
    name: `clipByGlobalNorm(${maxNorm})`,
    gradient(g) {
      // Scaled by the largest entry so that ‖g‖ neither overflows nor underflows.
      let big = 0;
      for (let i = 0; i < g.length; i++) big = Math.max(big, Math.abs(g[i]));
      if (big === 0) return;
      let sq = 0;
      for (let i = 0; i < g.length; i++) sq += (g[i] / big) * (g[i] / big);
      const norm = big * Math.sqrt(sq);
      if (norm <= maxNorm) return;
      const scale = maxNorm / norm;
      for (let i = 0; i < g.length; i++) g[i] *= scale;
    },
  };
}

/** Gradient clipping by value: each component clamped to [−clipValue, clipValue]. */
export function clipByValue(opts: { clipValue: number }): Transform {
  const { clipValue: c } = resolveOptions<{ clipValue: number }>("optim.clipByValue", opts, { clipValue: { check: atLeast(0) } });
  return {
    name: `clipByValue(${c})`,
    gradient(g) {
      for (let i = 0; i < g.length; i++) g[i] = g[i] > c ? c : g[i] < -c ? -c : g[i];
    },
  };
}
