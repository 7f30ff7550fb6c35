/**
 * tfjs-backend-wasm 4.22's MaxPoolGrad rescans every window around every input pixel (34 ms for one
 * batch of the bench CNN's first pooling layer). This one finds each window's maximum once, with
 * tfjs's rule (the first strictly greater element in row-major window order, so a tie goes to the
 * first), and adds dy there: one pass over the input, in JavaScript on the backend's own memory;
 * the usual 2×2 stride-2 pooling runs as WebAssembly SIMD (max-pool-grad-simd.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { replaceWasmKernel, type Info, type WasmBackend } from "./run";
import { maxPool2x2GradSimd } from "./max-pool-grad-simd";

type Attrs = {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: "valid" | "same" | number;
  dimRoundingMode?: "floor" | "round" | "ceil";
};

function maxPoolGrad(args: { inputs: { dy: Info; input: Info; output: Info }; backend: WasmBackend; attrs: Attrs }): Info {
  const { inputs, backend, attrs } = args;
  const { dy, input } = inputs;
  const c = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const out = backend.makeOutput(input.shape, "float32");
  const memory = backend.wasm.asm?.memory;
  const plain2x2 = c.filterHeight === 2 && c.filterWidth === 2 && c.strideHeight === 2 && c.strideWidth === 2 && c.dilationHeight === 1 && c.dilationWidth === 1 && c.padInfo.top === 0 && c.padInfo.left === 0;
  const at = (t: Info) => backend.dataIdMap.get(t.dataId).memoryOffset;
  if (plain2x2 && memory && maxPool2x2GradSimd(memory, { x: at(input), dy: at(dy), dx: at(out) }, input.shape)) return out;
  // Views after the allocation: growing the wasm memory detaches older ones.
  const dx = backend.typedArrayFromHeap(out);
  const x = backend.typedArrayFromHeap(input);
  const g = backend.typedArrayFromHeap(dy);
  dx.fill(0);
  const { batchSize, inHeight, inWidth, inChannels: depth, outHeight, outWidth, strideHeight, strideWidth } = c;
  const { filterHeight, filterWidth, dilationHeight, dilationWidth } = c;
  const top = c.padInfo.top;
  const left = c.padInfo.left;
  const rowStride = inWidth * depth;
  const imageStride = inHeight * rowStride;
  let gi = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * imageStride;
    for (let r = 0; r < outHeight; r++) {
      const r0 = r * strideHeight - top;
      for (let q = 0; q < outWidth; q++) {
        const c0 = q * strideWidth - left;
        for (let d = 0; d < depth; d++, gi++) {
          let best = -Infinity;
          let at = -1;
          for (let i = 0; i < filterHeight; i++) {
            const row = r0 + i * dilationHeight;
            if (row < 0 || row >= inHeight) continue;
            const base = image + row * rowStride + d;
            for (let j = 0; j < filterWidth; j++) {
              const col = c0 + j * dilationWidth;
              if (col < 0 || col >= inWidth) continue;
              const k = base + col * depth;
              if (x[k] > best) (best = x[k]), (at = k);
            }
          }
          if (at >= 0) dx[at] += g[gi];
        }
      }
    }
  }
  return out;
}

/** Replaces tfjs's wasm MaxPoolGrad (float32 only, like tfjs's); idempotent. */
export function registerWasmMaxPoolGrad(): boolean {
  return replaceWasmKernel("MaxPoolGrad", maxPoolGrad);
}
