/** The hooks src/optim/torch/adam.ts calls: arena buffers at init, and the SIMD step when all arrays share an arena. */
import { arenaBuffersLike, inArena, sharedKernels } from "./arena";
import { variantName, type DecayMode } from "./adamKernel";
import type { OptimizerState } from "../types";

const NAMES = ["expAvg", "expAvgSq", "maxExpAvgSq"];

/** Moves Adam's zero buffers into x's arena when x lives in one with room; otherwise leaves the plain arrays. */
export function adamBuffersInArena(state: OptimizerState, x: Float64Array): void {
  const views = arenaBuffersLike(x, NAMES.length);
  if (views) NAMES.forEach((name, i) => (state.buffers[name] = views[i]));
}

/**
 * Runs the SIMD kernel on the largest even prefix when x, g, m, v (and vmax with amsgrad) share one
 * arena, and returns how many elements it updated (0 when it did not run; the JS loop does the rest).
 */
export function adamStepInArena(
  x: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, vmax: Float64Array,
  plain: boolean, maximize: boolean, decay: DecayMode, amsgrad: boolean,
  beta1: number, beta2: number, a1: number, a2: number, c: number, epsHat: number, decayFactor: number, wd: number,
): number {
  if (!inArena(x)) return 0;
  const kernels = sharedKernels(amsgrad && !plain ? [x, g, m, v, vmax] : [x, g, m, v]);
  if (!kernels) return 0;
  const pairs = x.length >> 1;
  const kernel = kernels[variantName({ plain, maximize, decay, amsgrad })];
  kernel(x.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, vmax.byteOffset, pairs * 16, beta1, beta2, a1, a2, c, epsHat, decayFactor, wd);
  return pairs * 2;
}
