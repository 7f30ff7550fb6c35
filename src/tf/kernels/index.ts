/**
 * Kernels Descent adds to or replaces in tfjs-backend-wasm 4.22, for training speed and, for
 * Conv2DBackpropFilter, for training convolutional networks at all. Each is tested against tfjs's own
 * kernel (cpu backend) on random inputs and by finite differences (tests/tf-wasm-kernels.test.ts).
 * DESCENT_WASM_KERNELS=native keeps tfjs's kernels as shipped (only the missing one is added), to
 * measure what these save.
 */
import { registerWasmConv2d } from "./conv2d";
import { registerWasmConv2dBackpropFilter } from "./conv2d-backprop-filter";
import { registerWasmConv2dBackpropInput } from "./conv2d-backprop-input";
import { registerWasmMaxPoolGrad } from "./max-pool-grad";
import { registerWasmGatherSlice } from "./gather-slice";
import { registerAdamKernels } from "./adam";
import { registerWasmSumLeading } from "./sum-leading";
import { registerWasmBiasAdd } from "./bias-add";
import { registerWasmIdentity } from "./identity";

const asShipped = () => typeof process !== "undefined" && process.env?.DESCENT_WASM_KERNELS === "native";

/** Registers the wasm kernels; call after @tensorflow/tfjs-backend-wasm is loaded. Idempotent. */
export function registerWasmKernels(): void {
  registerWasmConv2dBackpropFilter();
  if (asShipped()) return;
  registerWasmConv2d();
  registerWasmConv2dBackpropInput();
  registerWasmMaxPoolGrad();
  registerWasmGatherSlice();
  registerWasmSumLeading();
  registerWasmBiasAdd();
  registerWasmIdentity();
  registerAdamKernels();
}
