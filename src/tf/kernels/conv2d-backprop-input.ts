/**
 * tfjs-backend-wasm 4.22's Conv2DBackpropInput is a plain loop: 165 ms for one batch of the bench
 * CNN's second layer, where the forward convolution of the same size takes 12 ms on XNNPACK. For
 * stride 1 the input gradient is a "full" correlation of dy with the filter flipped in space and
 * with its channel axes swapped,
 *
 *   dx[n, h, w, ci] = Σ_{a, b, co} dyPadded[n, h + a, w + b, co] · W[kh−1−a, kw−1−b, ci, co],
 *
 * dy padded by kh−1−top rows in front (and enough behind to give the input's height), so it runs on
 * the XNNPACK Conv2D. With input channels a multiple of 4 it is cheaper still as cols = dy·Wᵀ (one
 * XNNPACK matrix product, no multiplications by the padding: 2.25× fewer for the bench CNN) and a
 * SIMD col2im (col2im-simd.ts). Strided convolutions keep tfjs's kernel.
 */
import * as tf from "@tensorflow/tfjs";
import { Info, originalWasmKernel, outputIf, replaceWasmKernel, runKernel, withTemps, type WasmBackend } from "./run";
import { col2im, col2imAvailable } from "./col2im-simd";
import { productWalk } from "./long-product-simd";

type Attrs = {
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  inputShape: [number, number, number, number];
};
type Args = { inputs: { dy: Info; filter: Info }; backend: WasmBackend; attrs: Attrs };


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
  if (!fast) return originalWasmKernel("Conv2DBackpropInput").kernelFunc(args as never) as Info;
  const run = (name: string, ins: Record<string, Info>, a: object) => runKernel(name, "wasm", backend, ins, a);
  const memory = backend.wasm.asm?.memory;
  const [n, oh, ow, co] = dy.shape;
  const ci = info.inChannels;
  const at = (t: Info) => backend.dataIdMap.get(t.dataId).memoryOffset;
  const hp = oh + kh - 1;
  const wp = ow + kw - 1;
  const { top, left } = info.padInfo;
  const unpadded = (padded: Info) =>
    top === 0 && left === 0 && hp === info.inHeight && wp === info.inWidth ? padded : withTemps(backend, (temp) => run("Slice", { x: temp(padded) }, { begin: [0, top, left, 0], size: [n, info.inHeight, info.inWidth, ci] }));
  if (memory && ci % 4 === 0 && ow % 2 === 0) {
    // For each kernel offset (a, b): dx[:, i + a, j + b, :] += dy[:, i, j, :] · W[a, b]ᵀ, the product's
    // sums added straight into the padded dx (rows: output pixels in lines of ow; no cols, no col2im).
    const padded = outputIf(backend, [n, hp, wp, ci], (padded) =>
      withTemps(backend, (temp) => {
        const wt = temp(run("Transpose", { x: filter }, { perm: [0, 1, 3, 2] })); // [kh, kw, co, ci]
        backend.typedArrayFromHeap(padded).fill(0);
        let done = true;
        for (let a = 0; a < kh && done; a++) {
          for (let b = 0; b < kw && done; b++) {
            done = productWalk(memory, {
              m: oh * ow, k: co, n: ci,
              a: at(dy), aRow: co * 4, aStep: 4, lineRows: ow,
              b: at(wt) + (a * kw + b) * co * ci * 4,
              c: at(padded) + (a * wp + b) * ci * 4, cLineGap: (wp - ow) * ci * 4,
              images: n, aImage: oh * ow * co * 4, cImage: hp * wp * ci * 4,
              accumulate: true,
            });
          }
        }
        return done;
      }),
    );
    if (padded) return unpadded(padded);
  }
  if (memory && ci % 4 === 0 && col2imAvailable(memory)) {
    // cols = dy · Wᵀ on XNNPACK (n·oh·ow × co times co × kh·kw·ci: no multiplications by padding),
    // then col2im adds each row of cols into the padded dx, and the padding is cut off.
    return withTemps(backend, (temp) => {
      const dy3 = temp(run("Reshape", { x: dy }, { shape: [1, n * oh * ow, co] }));
      const w3 = temp(run("Reshape", { x: filter }, { shape: [1, kh * kw * ci, co] }));
      const cols = temp(run("BatchMatMul", { a: dy3, b: w3 }, { transposeA: false, transposeB: true }));
      const padded = backend.makeOutput([n, hp, wp, ci], "float32");
      backend.typedArrayFromHeap(padded).fill(0);
      col2im(memory, at(cols), at(padded), { n, oh, ow, kh, kw, ci });
      return unpadded(padded);
    });
  }
  return withTemps(backend, (temp) => {
    const flipped = temp(run("Reverse", { x: filter }, { dims: [0, 1] }));
    const swapped = temp(run("Transpose", { x: flipped }, { perm: [0, 1, 3, 2] })); // [kh, kw, co, ci]
    const pads = [[0, 0], [frontH, backH], [frontW, backW], [0, 0]];
    return run("Conv2D", { x: dy, filter: swapped }, { strides: [1, 1], dilations: [1, 1], pad: pads, dataFormat: "NHWC" });
  });
}

/** Replaces tfjs's wasm kernel (kept for strided convolutions); idempotent. */
export function registerWasmConv2dBackpropInput(): boolean {
  return tf.getKernel("Conv2D", "wasm") !== undefined && replaceWasmKernel("Conv2DBackpropInput", conv2dBackpropInput);
}
