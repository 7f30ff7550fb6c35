/** The hooks src/optim/torch/adam.ts calls: arena buffers at init, and the SIMD step when all arrays share an arena. */
import { arenaBuffersLike, sharedArena } from "./arena";
import { variantName, type DecayMode } from "./adamKernel";
import type { OptimizerState } from "../types";

const NAMES = ["expAvg", "expAvgSq", "maxExpAvgSq"];

/** The kernel's export name for a variant: for the optimizer to keep (a name built at every step is a new string). */
export function wasmAdamKernelName(plain: boolean, maximize: boolean, decay: DecayMode, amsgrad: boolean): string {
  return variantName({ plain, maximize, decay, amsgrad });
}

/** Moves Adam's zero buffers into x's arena when x lives in one with room; otherwise leaves the plain arrays. */
export function adamBuffersInArena(state: OptimizerState, x: Float64Array): void {
  const views = arenaBuffersLike(x, NAMES.length);
  if (views) NAMES.forEach((name, i) => (state.buffers[name] = views[i]));
}

/**
 * Runs the SIMD kernel `kernelName` on the largest even prefix when x, g, m, v (and vmax, when
 * `usesVmax`) share one arena, and returns how many elements it updated (0 when it did not run; the
 * JS loop does the rest). `scalars` holds beta1, beta2, a1, a2, c, epsHat, decay, wd (adamKernel.ts).
 */
export function adamStepInArena(
  x: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, vmax: Float64Array,
  kernelName: string, usesVmax: boolean, scalars: Float64Array,
): number {
  const arena = sharedArena(x, g, m, v, usesVmax ? vmax : null);
  if (!arena) return 0;
  arena.scalars.set(scalars);
  const pairs = x.length >> 1;
  arena.kernels![kernelName](x.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, vmax.byteOffset, pairs * 16, arena.scalarsOffset);
  return pairs * 2;
}
