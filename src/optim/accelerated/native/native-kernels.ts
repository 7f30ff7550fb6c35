/**
 * The native float64 kernels of kernels.c (Adam/AdamW and the finite-input check), when
 * kernel-setup/native.sh could build them, as an accelerator for src/optim/registry.ts. When they
 * are missing, disabled (DESCENT_NATIVE=0) or the arrays are short, the next accelerator or the
 * rule's own loop runs, so results never depend on which path ran: the kernels are bit-identical
 * to the reference loops.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { Accelerator, AcceleratedRule } from "../../registry";
import type { AdamOptions } from "../../torch/adam";
import { ADAM_SCALARS, adamVariantCode, adamVariantOf, writeAdamScalars } from "../adam-layout";

/** Below this length the call into native code (≈ 0.6 µs) costs about what it saves (measured: 64 entries 0.87 µs JS vs 0.73 native; 256: 2.1 vs 0.9). */
export const NATIVE_MIN_LENGTH = 256;

export interface NativeKernelsStatus {
  /** Whether the native kernels are in use for arrays of at least `minLength` entries. */
  available: boolean;
  /** The instruction set the binary runs with (avx512f, avx2, default), or null. */
  isa: string | null;
  /** The binary's path, or null when none was found. */
  file: string | null;
  minLength: number;
  /** Why they are (not) in use, in words. */
  reason: string;
}

interface Binding {
  adam(x: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, vmax: Float64Array, variant: number, scalars: Float64Array): number;
  allFinite(a: Float64Array, b: Float64Array): boolean;
  isa(): string;
}

const SOURCE_DIR = path.join("src", "optim", "accelerated", "native");
/** What the binary is built from, in the order their bytes enter its name's hash (native.sh hashes the same). */
export const NATIVE_SOURCES = ["kernels.c", "adam-layout.h"].map((f) => path.join(SOURCE_DIR, f));
let loaded: { binding: Binding | null; status: NativeKernelsStatus } | undefined;
let enabled = true;

/** The file name native.sh gives the binary built from `sources` (NATIVE_SOURCES' bytes; the two must agree: tested). */
export function nativeBinaryName(sources: Uint8Array[]): string {
  const sha = crypto.createHash("sha256");
  for (const source of sources) sha.update(source);
  const hash = sha.digest("hex").slice(0, 16);
  return `descent-${hash}-${process.platform}-${process.arch}.node`;
}

/** The project root: the first directory above this file holding the C source (src/ or the notebooks' cached build). */
function projectRoot(): string | null {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, NATIVE_SOURCES[0]))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

function load(): { binding: Binding | null; status: NativeKernelsStatus } {
  const status = (file: string | null, reason: string, binding: Binding | null = null) => ({
    binding,
    status: { available: binding !== null, isa: binding ? binding.isa() : null, file, minLength: NATIVE_MIN_LENGTH, reason },
  });
  if (process.env.DESCENT_NATIVE === "0") return status(null, "disabled by DESCENT_NATIVE=0");
  const root = projectRoot();
  if (!root) return status(null, `${NATIVE_SOURCES[0]} not found above ${__dirname}`);
  const file = path.join(root, "build", "native", nativeBinaryName(NATIVE_SOURCES.map((f) => fs.readFileSync(path.join(root, f)))));
  if (!fs.existsSync(file)) return status(null, `not built for this source: run bash kernel-setup/native.sh (needs gcc and Node's headers) to make ${path.relative(root, file)}`);
  try {
    const mod: { exports: Binding } = { exports: {} as Binding };
    process.dlopen(mod, file);
    return status(file, "built from the current kernels.c and loaded", mod.exports);
  } catch (e) {
    return status(file, `could not load ${file}: ${(e as Error).message}`);
  }
}

function native(): Binding | null {
  if (!enabled) return null;
  if (!loaded) loaded = load();
  return loaded.binding;
}

/** Where the native kernels stand: whether they run, with which instruction set, and why (not). */
export function nativeKernels(): NativeKernelsStatus {
  if (!loaded) loaded = load();
  const s = loaded.status;
  return enabled ? { ...s } : { ...s, available: false, reason: `switched off by useNativeKernels(false); otherwise: ${s.reason}` };
}

/** Switches the native kernels off or back on in this process (tests and benchmarks compare paths). */
export function useNativeKernels(on: boolean): void {
  if (typeof on !== "boolean") throw new Error(`useNativeKernels: parameter 'on' must be a boolean, got ${String(on)}`);
  enabled = on;
}

/** Whether every entry of a and b is finite; null when the native kernels are not in use for arrays this long. */
export function allFiniteNative(a: Float64Array, b: Float64Array): boolean | null {
  if (a.length < NATIVE_MIN_LENGTH || a.length !== b.length) return null;
  const binding = native();
  return binding ? binding.allFinite(a, b) : null;
}

/**
 * The Adam step of src/optim/torch/adam.ts in native code; returns how many elements it updated
 * (x.length, or 0 when it did not run). `variant` is adamVariantCode's, `scalars` laid out as ADAM_SCALARS.
 */
export function adamStepNative(
  x: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, vmax: Float64Array, variant: number, scalars: Float64Array,
): number {
  if (x.length < NATIVE_MIN_LENGTH) return 0;
  const binding = native();
  return binding ? binding.adam(x, g, m, v, vmax, variant, scalars) : 0;
}

/** Adam and AdamW by the native kernel, for the registry. */
function adamRule(name: "adam" | "adamw"): AcceleratedRule {
  return {
    step(hyperparams) {
      const h = hyperparams as AdamOptions;
      const variant = adamVariantCode(adamVariantOf(name, h));
      const scalars = new Float64Array(ADAM_SCALARS.length);
      return (x, g, state, lr) => {
        if (x.length < NATIVE_MIN_LENGTH || !native()) return false;
        const b = state.buffers;
        writeAdamScalars(scalars, h, lr, state.t + 1);
        return adamStepNative(x, g, b.expAvg, b.expAvgSq, b.maxExpAvgSq, variant, scalars) === x.length;
      };
    },
  };
}

/** The native kernels as an accelerator: Adam, AdamW and the finite-input check for long arrays. */
export const nativeAccelerator: Accelerator = {
  name: "native",
  rules: { adam: adamRule("adam"), adamw: adamRule("adamw") },
  allFinite: allFiniteNative,
};
