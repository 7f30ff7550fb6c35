/**
 * The wasm arena as an accelerator (src/optim/registry.ts): Adam/AdamW's SIMD step and the SIMD
 * finite-input check when every array lives in one arena, Adam's buffers placed in x's arena at
 * init, and a run's copy of x0 kept in x0's arena.
 */
import type { Accelerator, AcceleratedRule } from "../../registry";
import type { AdamOptions } from "../../torch/adam";
import { ADAM_SCALAR, adamVariantOf, adamVariantName } from "../adam-layout";
import { adamSingleName } from "./adam-kernel";
import { quotientCovers, writeWasmAdamScalars } from "./adam-quotient";
import { arenaBuffersLike, sharedArena } from "./arena";

/** Whether the byte ranges of two views overlap (the kernels read ahead of where they write). */
function overlap(a: Float64Array, b: Float64Array): boolean {
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * Runs the variant's SIMD kernel over the pairs and its scalar twin over an odd last element when
 * x, g, m, v (and vmax, when `usesVmax`) share one arena without overlapping, and the step is one
 * the quotient's proof covers (adam-quotient.ts); returns whether it ran.
 */
export function adamStepInArena(
  x: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, vmax: Float64Array,
  pairs: string, single: string, usesVmax: boolean, h: AdamOptions, lr: number, step: number,
): boolean {
  const arena = sharedArena(x, g, m, v, usesVmax ? vmax : null);
  if (!arena || g.length !== x.length) return false;
  // The pair kernels read a turn ahead (g, m, v of the next pairs before x of these is written), as
  // the native kernel declares its arrays disjoint: overlapping views are left to the JS loop.
  if (overlap(x, g) || overlap(x, m) || overlap(x, v) || overlap(g, m) || overlap(g, v) || overlap(m, v)) return false;
  if (usesVmax && (overlap(vmax, x) || overlap(vmax, g) || overlap(vmax, m) || overlap(vmax, v))) return false;
  writeWasmAdamScalars(arena.scalars, h, lr, step);
  if (!quotientCovers(arena.scalars[ADAM_SCALAR.biasCorrection2Sqrt])) return false;
  const kernels = arena.kernels!;
  const whole = (x.length >> 1) * 16;
  kernels[pairs](x.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, vmax.byteOffset, whole, arena.scalarsOffset);
  if (x.length & 1) kernels[single](x.byteOffset + whole, g.byteOffset + whole, m.byteOffset + whole, v.byteOffset + whole, vmax.byteOffset + whole, 8, arena.scalarsOffset);
  return true;
}

function adamRule(name: "adam" | "adamw"): AcceleratedRule {
  return {
    step(hyperparams) {
      const h = hyperparams as AdamOptions;
      const variant = adamVariantOf(name, h);
      // Names kept once per optimizer: a name built at every step would be a new string.
      const pairs = adamVariantName(variant);
      const single = adamSingleName(variant);
      return (x, g, state, lr) => {
        const b = state.buffers;
        return adamStepInArena(x, g, b.expAvg, b.expAvgSq, b.maxExpAvgSq, pairs, single, variant.amsgrad, h, lr, state.t + 1);
      };
    },
    buffersLike: arenaBuffersLike,
  };
}

/**
 * Whether every entry of a and b is finite, by the SIMD kernel of finite-kernel.ts; null when a and
 * b do not share a SIMD arena (or differ in length).
 */
export function allFiniteInArena(a: Float64Array, b: Float64Array): boolean | null {
  if (a.length !== b.length) return null;
  const arena = sharedArena(a, b);
  if (!arena) return null;
  const pairs = a.length >> 1;
  if (arena.kernels!.all_finite(a.byteOffset, b.byteOffset, pairs * 16) === 0) return false;
  for (let i = pairs * 2; i < a.length; i++) if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) return false;
  return true;
}

/** A copy of x0 in x0's arena when x0 lives in one with room; else null. */
function copyInArena(x0: Float64Array): Float64Array | null {
  const [copy] = arenaBuffersLike(x0, 1) ?? [];
  if (!copy) return null;
  copy.set(x0);
  return copy;
}

export const wasmAccelerator: Accelerator = {
  name: "wasm",
  rules: { adam: adamRule("adam"), adamw: adamRule("adamw") },
  allFinite: allFiniteInArena,
  copyOf: copyInArena,
};
