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
 * One input channel, stride 1, 'valid': the transposed im2col (col2im-simd.ts) and one matrix product
 * (long-product-simd.ts, which reads dy in place).
 */
import * as tf from "@tensorflow/tfjs";
import { Info, runKernel, withTemps, type WasmBackend } from "./run";
import { im2colT1 } from "./col2im-simd";
import { longProduct } from "./long-product-simd";

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
  const [kh, kw] = [info.filterHeight, info.filterWidth];
  const [sh, sw] = [info.strideHeight, info.strideWidth];
  const { top, left } = info.padInfo;
  // Extent the dilated dy covers from the padded top-left corner: (out − 1)·s + k rows.
  const bottom = Math.max(0, (info.outHeight - 1) * sh + kh - top - info.inHeight);
  const right = Math.max(0, (info.outWidth - 1) * sw + kw - left - info.inWidth);
  const run = (name: string, ins: Record<string, Info>, a: object) => runKernel(name, "wasm", backend, ins, a);
  const memory = backend.wasm.asm?.memory;
  const [n, h, w, ci] = x.shape;
  const co = filterShape[3];
  if (memory && ci === 1 && sh === 1 && sw === 1 && top === 0 && left === 0 && info.outHeight === h - kh + 1 && info.outWidth === w - kw + 1) {
    // One input channel (a grayscale first layer): XNNPACK's convolution is slow on this shape (M =
    // kh·kw output pixels); pᵀ (im2col, transposed: kh·kw × n·oh·ow) times dy is one matrix product.
    const pt = backend.makeOutput([1, kh * kw, n * info.outHeight * info.outWidth], "float32");
    const at = (t: Info) => backend.dataIdMap.get(t.dataId).memoryOffset;
    if (im2colT1(memory, at(x), at(pt), { n, h, w, kh, kw })) {
      // pᵀ · dy without packing dy (long-product-simd.ts) when co is a multiple of 4; else on XNNPACK.
      const g = backend.makeOutput([kh, kw, 1, co], "float32");
      if (longProduct(memory, at(pt), at(dy), at(g), { m: kh * kw, k: n * info.outHeight * info.outWidth, n: co })) {
        backend.disposeData(pt.dataId);
        return g;
      }
      backend.disposeData(g.dataId);
      return withTemps(backend, (temp) => {
        temp(pt);
        const dy3 = temp(run("Reshape", { x: dy }, { shape: [1, n * info.outHeight * info.outWidth, co] }));
        const g = temp(run("BatchMatMul", { a: pt, b: dy3 }, { transposeA: false, transposeB: false })); // [1, kh·kw, co]
        return run("Reshape", { x: g }, { shape: [kh, kw, 1, co] });
      });
    }
    backend.disposeData(pt.dataId);
  }
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
