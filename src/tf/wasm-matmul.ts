/**
 * The wasm BatchMatMul kernel, wrapped once. Products of one float32 matrix pair whose output has a
 * multiple of 4 columns run on long-product-simd's tiles, which read both operands in place (see
 * productInPlace). The others go to tfjs-backend-wasm 4.22's kernel, which multiplies a transposed operand
 * in a naive loop, 5–7× slower than its XNNPACK path: transposing first with the (cheap) Transpose kernel
 * and then calling the original kernel gives the same numbers on the fast path.
 */
import * as tf from "@tensorflow/tfjs";
import { registerWasmKernels } from "./kernels";
import { longProduct } from "./kernels/long-product-simd";
import { originalWasmKernel, outputIf, replaceWasmKernel, runKernel, type WasmBackend } from "./kernels/run";

type KernelArgs = { inputs: { a: tf.TensorInfo; b: tf.TensorInfo }; backend: tf.KernelBackend; attrs: { transposeA?: boolean; transposeB?: boolean } };

/** Swaps the last two axes of `x` with the backend's own Transpose kernel. */
function swapLastAxes(x: tf.TensorInfo, backend: tf.KernelBackend): tf.TensorInfo {
  const r = x.shape.length;
  const perm = Array.from({ length: r }, (_, i) => (i < r - 2 ? i : i === r - 2 ? r - 1 : r - 2));
  return runKernel("Transpose", "wasm", backend, { x }, { perm });
}

/**
 * One float32 product (batch of 1) whose output has a multiple of 4 columns, on long-product-simd's
 * tiles, which read b in place: in training the weights change every step, and XNNPACK packs b anew for
 * each product (1.4 ms for a 784×256 layer, about as long as the product); the tiles also ran faster
 * than XNNPACK's kernel here (18–20 vs 13–15 G multiply-adds/s). A transposed a is read with strides; a
 * transposed b is transposed first. Null where the shapes or types do not fit.
 */
function productInPlace(args: KernelArgs): tf.TensorInfo | null {
  const { inputs, attrs } = args;
  const backend = args.backend as WasmBackend;
  const { a, b } = inputs;
  const memory = backend.wasm?.asm?.memory;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const single = (shape: number[]) => shape.slice(0, -2).every((d) => d === 1);
  if (!memory || a.dtype !== "float32" || b.dtype !== "float32" || ra < 2 || rb < 2 || !single(a.shape) || !single(b.shape)) return null;
  const [m, k] = attrs.transposeA ? [a.shape[ra - 1], a.shape[ra - 2]] : [a.shape[ra - 2], a.shape[ra - 1]];
  const n = attrs.transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (n % 4 !== 0 || m * n * k === 0) return null;
  const batch = (ra >= rb ? a.shape : b.shape).slice(0, -2);
  const bb = attrs.transposeB ? swapLastAxes(b, backend) : b;
  const at = (t: tf.TensorInfo) => backend.dataIdMap.get(t.dataId).memoryOffset;
  try {
    return outputIf(backend, [...batch, m, n], (out) => longProduct(memory, at(a), at(bb), at(out), { m, k, n, transposeA: attrs.transposeA }));
  } finally {
    if (bb !== b) backend.disposeData(bb.dataId);
  }
}

function batchMatMul(args: KernelArgs): tf.TensorInfo {
  const { inputs, backend, attrs } = args;
  const inPlace = productInPlace(args);
  if (inPlace) return inPlace;
  const original = originalWasmKernel("BatchMatMul");
  if (!attrs.transposeA && !attrs.transposeB) return original.kernelFunc(args as never) as tf.TensorInfo;
  const a = attrs.transposeA ? swapLastAxes(inputs.a, backend) : inputs.a;
  const b = attrs.transposeB ? swapLastAxes(inputs.b, backend) : inputs.b;
  try {
    return original.kernelFunc({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } } as never) as tf.TensorInfo;
  } finally {
    if (a !== inputs.a) backend.disposeData(a.dataId);
    if (b !== inputs.b) backend.disposeData(b.dataId);
  }
}

/** Registers src/tf/kernels and replaces the wasm BatchMatMul kernel (above); idempotent, before the backend starts. */
export function patchWasmBatchMatMul(): void {
  // The kernels tfjs-wasm lacks (Conv2DBackpropFilter) and the faster replacements of src/tf/kernels.
  registerWasmKernels();
  // DESCENT_WASM_MATMUL=native keeps tfjs's kernel as shipped (to measure what this saves).
  if (typeof process !== "undefined" && process.env?.DESCENT_WASM_MATMUL === "native") return;
  if (tf.getKernel("Transpose", "wasm")) replaceWasmKernel("BatchMatMul", batchMatMul);
}
