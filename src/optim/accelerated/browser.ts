/**
 * The accelerators for the browser bundle, installed by src/browser.ts: the wasm arena's SIMD
 * kernels and the JS loops specialised for V8 (no Node built-in, no native code). `nativeKernels()`
 * answers as in Node, so a notebook that asks runs unchanged.
 */
import { installAccelerator } from "../registry";
import type { NativeKernelsStatus } from "./native/native-kernels";
import { jsAdamAccelerator } from "./js-adam";
import { jsFiniteAccelerator } from "./js-finite";
import { wasmAccelerator } from "./wasm/wasm-accelerator";

export function installBrowserAccelerators(): void {
  installAccelerator(wasmAccelerator);
  installAccelerator(jsAdamAccelerator);
  installAccelerator(jsFiniteAccelerator);
}

/** Node's status (native-kernels.ts), answered for the browser. */
export function nativeKernels(): NativeKernelsStatus {
  return { available: false, isa: null, file: null, minLength: Infinity, reason: "a browser runs no native code: the wasm and JavaScript paths run" };
}

export type { NativeKernelsStatus };
export { wasmArena } from "./wasm/arena";
export type { Arena } from "./wasm/arena";
