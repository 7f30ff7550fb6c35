/**
 * A fixed-size WebAssembly memory that hands out Float64Array views, so that parameters, gradients
 * and optimizer buffers can be updated in place by the SIMD kernels (issue 4, item 7). The memory
 * never grows: growing would detach every view already handed out.
 */
import { fail, oneOf } from "../../../args";
import { adamModuleBytes } from "./adam-kernel";
import { engineHasFusedMadd, WASM_SCALAR_COUNT, writeWasmConstants, type AdamQuotient } from "./adam-quotient";

const WebAssemblyApi: any = (globalThis as any).WebAssembly;
const PAGE_BYTES = 65536;
/** The scalars the kernels read (ADAM_SCALARS, then adam-kernel.ts's WASM_EXTRA_SCALARS), past the values handed out; a whole number of 16-byte lanes. */
const SCALAR_BYTES = 16 * Math.ceil(WASM_SCALAR_COUNT / 2);
/** 2^32 bytes is wasm32's whole address space; stay one page below it so byte offsets fit an i32 add. */
const MAX_CAPACITY = ((65535 * PAGE_BYTES - SCALAR_BYTES - 8) / 8) | 0;

export interface Arena {
  /** How many float64 values the arena holds in all. */
  readonly capacity: number;
  /** How many are handed out (allocations are rounded up to an even count, for 16-byte alignment). */
  readonly used: number;
  /** Whether the SIMD kernels run on this arena's arrays (false where WebAssembly SIMD is missing). */
  readonly simd: boolean;
  /**
   * How Adam's SIMD kernel gets √v / √(1 − β₂ᵗ), bit for bit the rule's division (adam-quotient.ts):
   * "fused" (relaxed SIMD's fused multiply-add), "residual" (without one), null without SIMD.
   */
  readonly quotient: AdamQuotient | null;
  /** A zero-filled view of length n. */
  alloc(n: number): Float64Array;
  /** A view holding a copy of `values`. */
  from(values: ArrayLike<number>): Float64Array;
}

/** The kernels' exports, bound to one arena's memory. */
export type Kernels = { [name: string]: (...args: number[]) => number };

export interface ArenaInternals {
  kernels: Kernels | null;
  /** Where the kernels read their scalars (ADAM_SCALARS, then WASM_EXTRA_SCALARS): a view, and its byte offset. */
  scalars: Float64Array;
  scalarsOffset: number;
  remaining(): number;
  alloc(n: number): Float64Array;
}

const arenas = new WeakMap<object, ArenaInternals>();
const compiled = new Map<AdamQuotient, any | null>();
let chosen: AdamQuotient | "auto" = "auto";

/**
 * Which quotient form new arenas run: "auto" (the default) takes "fused" where the engine has fused
 * multiply-adds (relaxed SIMD, probed once), else "residual"; tests and the bench name one.
 */
export function useWasmQuotient(quotient: AdamQuotient | "auto"): void {
  oneOf("useWasmQuotient", "quotient", quotient, ["auto", "fused", "residual", "division"] as const);
  if (quotient === "fused" && !engineHasFusedMadd()) {
    fail("useWasmQuotient", "quotient", "\"auto\", \"residual\" or \"division\" on this engine, which has no fused f64x2.relaxed_madd (relaxed SIMD off, or no FMA in this CPU)", quotient);
  }
  chosen = quotient;
}

/** The quotient form a new arena's kernels use. */
function wasmQuotient(): AdamQuotient {
  return chosen !== "auto" ? chosen : engineHasFusedMadd() ? "fused" : "residual";
}

/** The compiled kernel module for `quotient`, or null when this engine lacks WebAssembly SIMD. */
function kernelModule(quotient: AdamQuotient): any | null {
  if (!compiled.has(quotient)) {
    const bytes = adamModuleBytes(quotient);
    compiled.set(quotient, WebAssemblyApi && WebAssemblyApi.validate(bytes) ? new WebAssemblyApi.Module(bytes) : null);
  }
  return compiled.get(quotient);
}

/** A fixed arena of `capacity` float64 values in one WebAssembly memory. */
export function wasmArena(capacity: number): Arena {
  if (typeof capacity !== "number" || !Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) {
    throw new Error(`wasmArena: parameter 'capacity' must be an integer in [1, ${MAX_CAPACITY}], got ${String(capacity)}`);
  }
  if (!WebAssemblyApi) throw new Error(`wasmArena: this engine has no WebAssembly, so no arena of capacity ${capacity} can exist`);
  const scalarsOffset = (capacity + (capacity & 1)) * 8; // 16-byte aligned, after the last value
  const pages = Math.ceil((scalarsOffset + SCALAR_BYTES) / PAGE_BYTES);
  const memory = new WebAssemblyApi.Memory({ initial: pages, maximum: pages });
  const buffer: ArrayBuffer = memory.buffer;
  const quotient = wasmQuotient();
  const mod = kernelModule(quotient);
  const kernels: Kernels | null = mod ? (new WebAssemblyApi.Instance(mod, { env: { memory } }).exports as Kernels) : null;
  let used = 0;
  const alloc = (fn: string, n: number, param = "n", shown: unknown = n): Float64Array => {
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > capacity - used) {
      throw new Error(`${fn}: parameter '${param}' must be ${param === "n" ? "an integer" : "an array of length"} in [0, ${capacity - used}] (the room left in the arena), got ${String(shown)}`);
    }
    const view = new Float64Array(buffer, used * 8, n);
    view.fill(0);
    used = Math.min(capacity, used + n + (n & 1));
    return view;
  };
  const scalars = new Float64Array(buffer, scalarsOffset, WASM_SCALAR_COUNT);
  writeWasmConstants(new Uint32Array(buffer, scalarsOffset, 2 * WASM_SCALAR_COUNT));
  arenas.set(buffer, { kernels, scalars, scalarsOffset, remaining: () => capacity - used, alloc: (n) => alloc("arena.alloc", n) });
  return {
    capacity,
    get used() {
      return used;
    },
    simd: kernels !== null,
    quotient: kernels !== null ? quotient : null,
    alloc: (n) => alloc("arena.alloc", n),
    from(values) {
      const n = values && typeof values.length === "number" ? values.length : NaN;
      const view = alloc("arena.from", n, "values", Number.isNaN(n) ? String(values) : `length ${n}`);
      for (let i = 0; i < n; i++) view[i] = values[i];
      return view;
    },
  };
}

function internals(a: Float64Array): ArenaInternals | undefined {
  return arenas.get(a.buffer);
}

/**
 * The arena holding every one of a, b, c, d (and e, unless null), when it runs the SIMD kernels;
 * null otherwise. One WeakMap look-up and no allocation (separate parameters, not an array): this
 * runs at every step, for arena and plain arrays alike.
 */
export function sharedArena(a: Float64Array, b: Float64Array, c: Float64Array = a, d: Float64Array = a, e: Float64Array | null = null): ArenaInternals | null {
  const first = internals(a);
  if (!first || !first.kernels) return null;
  const buffer = a.buffer;
  if (b.buffer !== buffer || c.buffer !== buffer || d.buffer !== buffer || (e !== null && e.buffer !== buffer)) return null;
  return first;
}

/**
 * Zero buffers of length n in x's arena when x lives in one with room for `count` of them, else
 * null (the caller keeps plain arrays and the JS loop).
 */
export function arenaBuffersLike(x: Float64Array, count: number): Float64Array[] | null {
  const a = internals(x);
  const n = x.length;
  if (!a || a.remaining() < count * (n + (n & 1))) return null;
  const out: Float64Array[] = [];
  for (let i = 0; i < count; i++) out.push(a.alloc(n));
  return out;
}
