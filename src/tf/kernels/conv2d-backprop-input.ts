/**
 * tfjs-backend-wasm 4.22's Conv2DBackpropInput is a plain loop: 165 ms for one batch of the bench
 * CNN's second layer, where the forward convolution of the same size takes 12 ms on XNNPACK. For
 * stride 1 the input gradient is a "full" correlation of dy with the filter flipped in space and
 * with its channel axes swapped,
 *
 *   dx[n, h, w, ci] = Σ_{a, b, co} dyPadded[n, h + a, w + b, co] · W[kh−1−a, kw−1−b, ci, co],
 *
 * dy padded by kh−1−top rows in front (and enough behind to give the input's height), so it runs on
 * the XNNPACK Conv2D. Strided convolutions keep tfjs's kernel.
 */
import * as tf from "@tensorflow/tfjs";
import { Info, runKernel, withTemps } from "./run";

type Attrs = {
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  inputShape: [number, number, number, number];
};
type Args = { inputs: { dy: Info; filter: Info }; backend: tf.KernelBackend; attrs: Attrs };

let original: tf.KernelConfig | undefined;

function conv2dBackpropInput(args: Args): Info {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs;
  const format = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, format,
  );
  const [kh, kw] = [info.filterHeight, info.filterWidth];
  const frontH = kh - 1 - info.padInfo.top;
  const frontW = kw - 1 - info.padInfo.left;
  const backH = info.inHeight - info.outHeight + kh - 1 - frontH;
  const backW = info.inWidth - info.outWidth + kw - 1 - frontW;
  const fast = format === "channelsLast" && info.strideHeight === 1 && info.strideWidth === 1 && Math.min(frontH, frontW, backH, backW) >= 0;
  if (!fast) return original!.kernelFunc(args as never) as Info;
  const run = (name: string, ins: Record<string, Info>, a: object) => runKernel(name, "wasm", backend, ins, a);
  return withTemps(backend, (temp) => {
    const flipped = temp(run("Reverse", { x: filter }, { dims: [0, 1] }));
    const swapped = temp(run("Transpose", { x: flipped }, { perm: [0, 1, 3, 2] })); // [kh, kw, co, ci]
    const pads = [[0, 0], [frontH, backH], [frontW, backW], [0, 0]];
    return run("Conv2D", { x: dy, filter: swapped }, { strides: [1, 1], dilations: [1, 1], pad: pads, dataFormat: "NHWC" });
  });
}

/** Replaces tfjs's wasm kernel (kept for strided convolutions); idempotent. */
export function registerWasmConv2dBackpropInput(): boolean {
  const current = tf.getKernel("Conv2DBackpropInput", "wasm");
  if (!current || current.kernelFunc === (conv2dBackpropInput as unknown as tf.KernelFunc) || !tf.getKernel("Conv2D", "wasm")) return false;
  original = current;
  tf.unregisterKernel("Conv2DBackpropInput", "wasm");
  tf.registerKernel({ ...current, kernelFunc: conv2dBackpropInput as unknown as tf.KernelFunc });
  return true;
}
