/**
 * Conv2D on wasm: stride-1 float32 convolutions ('valid', 'same' or explicit padding) with a multiple of
 * 4 output channels run as patch products (patches.ts); XNNPACK (tfjs's kernel) keeps the rest. For
 * the bench CNN's layers: 5.6 → 2.5 ms (1 → 16 channels) and 8.9 → 7.5 ms (16 → 32) per batch of 128.
 */
import * as tf from "@tensorflow/tfjs";
import { convolveByPatches, patchPlan } from "./patches";
import { originalWasmKernel, replaceWasmKernel, type Info, type WasmBackend } from "./run";

type Attrs = {
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dilations: number | [number, number];
  dimRoundingMode?: "floor" | "round" | "ceil";
};
type Args = { inputs: { x: Info; filter: Info }; backend: WasmBackend; attrs: Attrs };

function conv2d(args: Args): Info {
  const { inputs, backend, attrs } = args;
  const { x, filter } = inputs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
    attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, false, tf.backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
  const plan = patchPlan(info, [x.dtype, filter.dtype], backend.wasm.asm?.memory);
  return (plan && convolveByPatches(backend, x, filter, plan)) ?? (originalWasmKernel("Conv2D").kernelFunc(args as never) as Info);
}

/** Replaces tfjs's wasm Conv2D (kept for the other convolutions); idempotent. */
export function registerWasmConv2d(): boolean {
  return replaceWasmKernel("Conv2D", conv2d);
}
