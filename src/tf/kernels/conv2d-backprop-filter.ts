/**
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so no convolutional network can train
 * on wasm ("Kernel 'Conv2DBackpropFilter' not registered"). The filter gradient is itself a
 * convolution: with the batch axis moved to the channel position,
 *
 *   dW[kh, kw, ci, co] = Σ_{n, i, j} x[n, kh + s·i − top, kw + s·j − left, ci] · dy[n, i, j, co]
 *                     = conv(xᵀ[ci, ·, ·, n], dyᵀ[i, j, n, co], stride 1, dilation s)[ci, kh, kw, co],
 *
 * so it runs on the backend's own XNNPACK Conv2D (the fast path the forward pass uses), between
 * three Transpose kernels. Padding of the forward pass becomes explicit padding of this convolution;
 * rows the forward pass never reached (a stride that does not divide the input) are cut off.
 * Stride 1, a multiple of 4 output channels (any padding): patchesᵀ · dy on our tiles instead (patches.ts;
 * 14.5 → 8.5 ms for the bench CNN's second layer, 6.7 → 2.9 ms for its one-channel first layer).
 */
import * as tf from "@tensorflow/tfjs";
import { Info, runKernel, withTemps, type WasmBackend } from "./run";
import { filterGradientByPatches, patchPlan } from "./patches";

type Attrs = {
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  filterShape: [number, number, number, number];
};


function conv2dBackpropFilter(args: { inputs: { x: Info; dy: Info }; backend: WasmBackend; attrs: Attrs }): Info {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== "channelsLast") throw new Error(`Conv2DBackpropFilter (wasm): parameter 'dataFormat' must be NHWC, got ${dataFormat}`);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, format,
  );
  const plan = patchPlan(info, [x.dtype, dy.dtype], backend.wasm.asm?.memory);
  const byPatches = plan && filterGradientByPatches(backend, x, dy, plan);
  if (byPatches) return byPatches;
  const [kh, kw] = [info.filterHeight, info.filterWidth];
  const [sh, sw] = [info.strideHeight, info.strideWidth];
  const { top, left } = info.padInfo;
  // Extent the dilated dy covers from the padded top-left corner: (out − 1)·s + k rows.
  const bottom = Math.max(0, (info.outHeight - 1) * sh + kh - top - info.inHeight);
  const right = Math.max(0, (info.outWidth - 1) * sw + kw - left - info.inWidth);
  const run = (name: string, ins: Record<string, Info>, a: object) => runKernel(name, "wasm", backend, ins, a);
  return withTemps(backend, (temp) => {
    const xT = temp(run("Transpose", { x }, { perm: [3, 1, 2, 0] })); // [ci, h, w, n]
    const dyT = temp(run("Transpose", { x: dy }, { perm: [1, 2, 0, 3] })); // [oh, ow, n, co]
    const pads = [[0, 0], [top, bottom], [left, right], [0, 0]];
    let g = temp(run("Conv2D", { x: xT, filter: dyT }, { strides: [1, 1], dilations: [sh, sw], pad: pads, dataFormat: "NHWC" }));
    if (g.shape[1] !== kh || g.shape[2] !== kw) g = temp(run("Slice", { x: g }, { begin: [0, 0, 0, 0], size: [g.shape[0], kh, kw, g.shape[3]] }));
    return run("Transpose", { x: g }, { perm: [1, 2, 0, 3] }); // [kh, kw, ci, co]
  });
}

/** Registers the kernel on wasm when tfjs has none (a later tfjs that ships one keeps its own). */
export function registerWasmConv2dBackpropFilter(): boolean {
  if (tf.getKernel("Conv2DBackpropFilter", "wasm") || !tf.getKernel("Conv2D", "wasm")) return false;
  tf.registerKernel({ kernelName: "Conv2DBackpropFilter", backendName: "wasm", kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc });
  return true;
}
