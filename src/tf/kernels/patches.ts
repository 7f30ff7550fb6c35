/**
 * Stride-1 convolutions as matrix products of patches (im2col-simd.ts) on long-product-simd's
 * tiles, for the forward pass (Conv2D) and the filter gradient (Conv2DBackpropFilter):
 *
 *   y  [n·oh·ow, co]        = p · W            W read in place as [kh·kw·ci, co]
 *   dW [kh·kw·ci, co]       = pᵀ · dy          dy read in place as [n·oh·ow, co]
 *
 * XNNPACK runs these shapes at 5–12 G multiply-adds/s here (the first layer's 25 multiply-adds per
 * output are its worst case), the tiles at 13–16. The tiles read the patches where they lie in the image
 * (productWalk: a patch row is a run of kw·ci floats, output pixels come in lines of ow) when those lines
 * pair up (ow even for y, kw·ci even for dW); otherwise the patches are built (im2col) a group of images
 * at a time (≤ 32 MB of patches), so a large evaluation batch does not need gigabytes of them, and the
 * filter gradient adds group after group to the same sums, in the order one unbroken loop would.
 * Padding ('same', explicit) is a zero border put around x first (tfjs's PadV2), then the 'valid' case.
 */
import * as tf from "@tensorflow/tfjs";
import { im2col, im2colT1, type PatchShape } from "./im2col-simd";
import { longProduct, productWalk } from "./long-product-simd";
import { outputIf, runKernel, type Info, type WasmBackend } from "./run";

const PATCH_BYTES = 32 << 20;

/** h and w are those of x with its zero border (`pads`: top, bottom, left, right), on which the convolution is 'valid'. */
export type PatchPlan = PatchShape & { oh: number; ow: number; co: number; imagesPerGroup: number; pads: [number, number, number, number] };

/** The plan for x [n, h, w, ci] and a filter [kh, kw, ci, co] where the patch products apply, else null. */
export function patchPlan(info: tf.backend_util.Conv2DInfo, dtypes: tf.DataType[], memory: unknown): PatchPlan | null {
  const { batchSize: n, inChannels: ci, outChannels: co, filterHeight: kh, filterWidth: kw } = info;
  const { top, bottom, left, right } = info.padInfo;
  const h = info.inHeight + top + bottom;
  const w = info.inWidth + left + right;
  const fits =
    memory !== undefined &&
    info.dataFormat === "channelsLast" &&
    info.strideHeight === 1 && info.strideWidth === 1 &&
    info.dilationHeight === 1 && info.dilationWidth === 1 &&
    Math.min(top, bottom, left, right) >= 0 &&
    info.outHeight === h - kh + 1 && info.outWidth === w - kw + 1 &&
    co % 4 === 0 && n * info.outHeight * info.outWidth * co > 0 &&
    dtypes.every((d) => d === "float32");
  if (!fits) return null;
  const oh = info.outHeight;
  const ow = info.outWidth;
  const imagesPerGroup = Math.max(1, Math.min(n, Math.floor(PATCH_BYTES / (oh * ow * kh * kw * ci * 4))));
  return { n, h, w, ci, kh, kw, oh, ow, co, imagesPerGroup, pads: [top, bottom, left, right] };
}

/** Calls `body` with x, or with x inside its zero border when the plan pads (freed afterwards). */
function withBorder<T>(backend: WasmBackend, x: Info, plan: PatchPlan, body: (x: Info) => T): T {
  const [top, bottom, left, right] = plan.pads;
  if (top + bottom + left + right === 0) return body(x);
  const padded = runKernel("PadV2", "wasm", backend, { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 });
  try {
    return body(padded);
  } finally {
    backend.disposeData(padded.dataId);
  }
}

const offsetOf = (backend: WasmBackend, t: Info) => backend.dataIdMap.get(t.dataId).memoryOffset;

/**
 * Calls `each(patches, first, count)` for every group of images, with the group's patches built at
 * byte offset `patches`: p [count·oh·ow, kh·kw·ci], or pᵀ [kh·kw, count·oh·ow] for one input channel.
 * False (nothing built) where the module cannot load.
 */
function forEachGroup(backend: WasmBackend, x: Info, plan: PatchPlan, each: (patches: number, first: number, count: number, transposed: boolean) => boolean): boolean {
  const memory = backend.wasm.asm!.memory!;
  const { n, h, w, ci, kh, kw, oh, ow, imagesPerGroup } = plan;
  const buffer = backend.makeOutput([imagesPerGroup * oh * ow * kh * kw * ci], "float32");
  try {
    const at = offsetOf(backend, buffer);
    const transposed = ci === 1;
    for (let first = 0; first < n; first += imagesPerGroup) {
      const count = Math.min(imagesPerGroup, n - first);
      const images = offsetOf(backend, x) + first * h * w * ci * 4;
      const shape = { n: count, h, w, ci, kh, kw };
      const built = transposed ? im2colT1(memory, images, at, shape) : im2col(memory, images, at, shape);
      if (!built || !each(at, first, count, transposed)) return false;
    }
    return true;
  } finally {
    backend.disposeData(buffer.dataId);
  }
}

/** y [n, oh, ow, co] = x ⋆ filter (no bias); null (nothing left allocated) where the tiles cannot run. */
export function convolveByPatches(backend: WasmBackend, x: Info, filter: Info, plan: PatchPlan): Info | null {
  return withBorder(backend, x, plan, (xb) => convolveValid(backend, xb, filter, plan));
}

function convolveValid(backend: WasmBackend, x: Info, filter: Info, plan: PatchPlan): Info | null {
  const memory = backend.wasm.asm!.memory!;
  const { n, h, w, oh, ow, co, kh, kw, ci } = plan;
  return outputIf(backend, [n, oh, ow, co], (y) =>
    // Patches read where they lie: output pixels in lines of ow, each patch in runs of kw·ci floats.
    (ow % 2 === 0 && productWalk(memory, {
      m: oh * ow, k: kh * kw * ci, n: co,
      a: offsetOf(backend, x), aRow: ci * 4, lineRows: ow, aLineGap: (w - ow) * ci * 4, aStep: 4, runK: kw * ci, aRunGap: (w - kw) * ci * 4,
      b: offsetOf(backend, filter), c: offsetOf(backend, y),
      images: n, aImage: h * w * ci * 4, cImage: oh * ow * co * 4,
    })) ||
    forEachGroup(backend, x, plan, (patches, first, count, transposed) =>
      longProduct(memory, patches, offsetOf(backend, filter), offsetOf(backend, y) + first * oh * ow * co * 4, {
        m: count * oh * ow, k: kh * kw * ci, n: co, transposeA: transposed,
      }),
    ),
  );
}

/** dW [kh, kw, ci, co] = Σ over the batch of patchesᵀ · dy; null (nothing left allocated) where the tiles cannot run. */
export function filterGradientByPatches(backend: WasmBackend, x: Info, dy: Info, plan: PatchPlan): Info | null {
  return withBorder(backend, x, plan, (xb) => filterGradientValid(backend, xb, dy, plan));
}

function filterGradientValid(backend: WasmBackend, x: Info, dy: Info, plan: PatchPlan): Info | null {
  const memory = backend.wasm.asm!.memory!;
  const { n, h, w, oh, ow, co, kh, kw, ci } = plan;
  return outputIf(backend, [kh, kw, ci, co], (dw) =>
    // pᵀ read where it lies: its rows (a, b, c) in lines of kw·ci floats, one per kernel row; k runs over
    // each image's output pixels in lines of ow.
    ((kw * ci) % 2 === 0 && productWalk(memory, {
      m: kh * kw * ci, k: oh * ow, n: co,
      a: offsetOf(backend, x), aRow: 4, lineRows: kw * ci, aLineGap: (w - kw) * ci * 4, aStep: ci * 4, runK: ow, aRunGap: (w - ow) * ci * 4,
      b: offsetOf(backend, dy), c: offsetOf(backend, dw),
      images: n, aImage: h * w * ci * 4, bImage: oh * ow * co * 4, cImage: 0,
    })) ||
    forEachGroup(backend, x, plan, (patches, first, count, transposed) =>
      longProduct(memory, patches, offsetOf(backend, dy) + first * oh * ow * co * 4, offsetOf(backend, dw), {
        m: kh * kw * ci, k: count * oh * ow, n: co, transposeA: !transposed, accumulate: first > 0,
      }),
    ),
  );
}
