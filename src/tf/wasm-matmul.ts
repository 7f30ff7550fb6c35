/**
 * tfjs-backend-wasm 4.22 multiplies with a transposed operand (matMul(a, b, transposeA, transposeB),
 * which every Dense layer's backward pass does twice) in a naive loop, 5–7× slower than its XNNPACK
 * path for untransposed operands. Transposing first with the (cheap) Transpose kernel and then calling
 * the original kernel gives the same numbers on the fast path. This wraps the wasm kernel once.
 */
import * as tf from "@tensorflow/tfjs";
import { registerWasmKernels } from "./kernels";

let patched = false;

type KernelArgs = { inputs: { a: tf.TensorInfo; b: tf.TensorInfo }; backend: tf.KernelBackend; attrs: { transposeA?: boolean; transposeB?: boolean } };

/** Swaps the last two axes of `x` with the backend's own Transpose kernel. */
function swapLastAxes(x: tf.TensorInfo, backend: tf.KernelBackend): tf.TensorInfo {
  const transpose = tf.getKernel("Transpose", "wasm")!;
  const r = x.shape.length;
  const perm = Array.from({ length: r }, (_, i) => (i < r - 2 ? i : i === r - 2 ? r - 1 : r - 2));
  return transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } as unknown as tf.NamedAttrMap }) as tf.TensorInfo;
}

/** Replaces the wasm BatchMatMul kernel by one that transposes explicitly; idempotent, before the backend starts. */
export function patchWasmBatchMatMul(): void {
  // The kernels tfjs-wasm lacks (Conv2DBackpropFilter) and the faster replacements of src/tf/kernels.
  registerWasmKernels();
  // DESCENT_WASM_MATMUL=native keeps tfjs's kernel as shipped (to measure what this saves).
  if (patched || (typeof process !== "undefined" && process.env?.DESCENT_WASM_MATMUL === "native")) return;
  const original = tf.getKernel("BatchMatMul", "wasm");
  if (!original || !tf.getKernel("Transpose", "wasm")) return;
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { inputs, backend, attrs } = args;
    if (!attrs.transposeA && !attrs.transposeB) return original.kernelFunc(args as never) as tf.TensorInfo;
    const a = attrs.transposeA ? swapLastAxes(inputs.a, backend) : inputs.a;
    const b = attrs.transposeB ? swapLastAxes(inputs.b, backend) : inputs.b;
    try {
      return original.kernelFunc({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } } as never) as tf.TensorInfo;
    } finally {
      if (a !== inputs.a) backend.disposeData(a.dataId);
      if (b !== inputs.b) backend.disposeData(b.dataId);
    }
  };
  tf.unregisterKernel("BatchMatMul", "wasm");
  tf.registerKernel({ ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  patched = true;
}
