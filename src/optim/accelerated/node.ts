/**
 * The accelerators for Node, installed by src/index.ts: the native C kernels (when
 * kernel-setup/native.sh built them), then the wasm arena's SIMD kernels, then the JS loops
 * specialised for V8 (Adam's common variants, the unrolled finite check); it turns on V8's relaxed
 * SIMD first where Node keeps it behind a flag (wasm/relaxed-simd-node.ts). Also the helpers the Node entry exports (d.nativeKernels(), d.wasmArena).
 */
import { installAccelerator } from "../registry";
import { jsAdamAccelerator } from "./js-adam";
import { jsFiniteAccelerator } from "./js-finite";
import { nativeAccelerator } from "./native/native-kernels";
import { enableRelaxedSimd } from "./wasm/relaxed-simd-node";
import { wasmAccelerator } from "./wasm/wasm-accelerator";

export function installNodeAccelerators(): void {
  enableRelaxedSimd();
  installAccelerator(nativeAccelerator);
  installAccelerator(wasmAccelerator);
  installAccelerator(jsAdamAccelerator);
  installAccelerator(jsFiniteAccelerator);
}

export { nativeKernels } from "./native/native-kernels";
export type { NativeKernelsStatus } from "./native/native-kernels";
export { wasmArena } from "./wasm/arena";
export type { Arena } from "./wasm/arena";
