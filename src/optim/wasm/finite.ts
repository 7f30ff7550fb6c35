/** The finite-input check for two arrays in one arena, by the SIMD kernel of finiteKernel.ts. */
import { sharedArena } from "./arena";

/**
 * Whether every entry of a and b is finite, as `allFinite` in src/optim/state.ts decides it; null
 * when a and b do not share a SIMD arena (or differ in length), so the caller runs the JS check.
 */
export function allFiniteInArena(a: Float64Array, b: Float64Array): boolean | null {
  if (a.length !== b.length) return null;
  const arena = sharedArena(a, b);
  if (!arena) return null;
  const kernels = arena.kernels!;
  const pairs = a.length >> 1;
  if (kernels.all_finite(a.byteOffset, b.byteOffset, pairs * 16) === 0) return false;
  for (let i = pairs * 2; i < a.length; i++) if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) return false;
  return true;
}
