/**
 * Two tfjs-backend-wasm 4.22 kernels that cost far more than the bytes they move, on every
 * minibatch of a large training set held on the device:
 * - `Slice` copies the WHOLE input out of wasm memory (readSync) before copying the slice: 0.2 s
 *   for 128 rows of the 60,000 × 784 Fashion-MNIST images.
 * - `GatherV2` along the first axis (picking a minibatch's rows) runs a per-element index loop.
 * These copy straight between views of wasm memory: row by row for gathers on axis 0, runs of
 * contiguous elements for slices. Other cases (strings, gathers on other axes or with batch
 * dimensions) keep tfjs's kernels.
 */
import * as tf from "@tensorflow/tfjs";
import { originalWasmKernel, replaceWasmKernel, type Info } from "./run";

type Heap = Float32Array | Int32Array | Uint8Array;
type WasmBackend = tf.KernelBackend & {
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  typedArrayFromHeap(info: Info): Heap;
  readSync(dataId: object): ArrayLike<number>;
};

function gatherV2(args: { inputs: { x: Info; indices: Info }; backend: WasmBackend; attrs: { axis: number; batchDims: number } }): Info {
  const { inputs, backend, attrs } = args;
  const { x, indices } = inputs;
  const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0];
  if (axis !== 0 || (attrs.batchDims ?? 0) !== 0 || x.dtype === "string" || indices.dtype !== "int32") {
    return originalWasmKernel("GatherV2").kernelFunc(args as never) as Info;
  }
  const rows = x.shape[0];
  const row = tf.util.sizeFromShape(x.shape.slice(1));
  const n = tf.util.sizeFromShape(indices.shape);
  const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
  const idx = backend.typedArrayFromHeap(indices) as Int32Array;
  const from = backend.typedArrayFromHeap(x);
  const to = backend.typedArrayFromHeap(out);
  for (let i = 0; i < n; i++) {
    const r = idx[i];
    if (!(r >= 0 && r < rows)) {
      backend.disposeData(out.dataId);
      throw new Error(`GatherV2: the index value ${r} is not in [0, ${rows - 1}]`);
    }
    to.set(from.subarray(r * row, (r + 1) * row), i * row);
  }
  return out;
}

function slice(args: { inputs: { x: Info }; backend: WasmBackend; attrs: { begin: number | number[]; size: number | number[] } }): Info {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  if (x.dtype === "string") return originalWasmKernel("Slice").kernelFunc(args as never) as Info;
  const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin, attrs.size);
  const out = backend.makeOutput(size, x.dtype);
  const from = backend.typedArrayFromHeap(x);
  const to = backend.typedArrayFromHeap(out);
  const total = tf.util.sizeFromShape(size);
  if (total === 0) return out;
  const strides = tf.util.computeStrides(x.shape);
  const rank = x.shape.length;
  // The innermost axes the slice takes whole form one contiguous run; copy run by run.
  let inner = rank - 1;
  let run = rank === 0 ? 1 : size[rank - 1];
  while (inner > 0 && size[inner] === x.shape[inner] && begin[inner] === 0) {
    inner--;
    run *= size[inner];
  }
  const outer = size.slice(0, inner);
  const counter = new Array<number>(outer.length).fill(0);
  const start = (k: number[]) => {
    let off = rank === 0 ? 0 : begin[inner] * (inner < rank - 1 ? strides[inner] : 1);
    for (let a = 0; a < k.length; a++) off += (begin[a] + k[a]) * strides[a];
    return off;
  };
  for (let o = 0; o < total; o += run) {
    const s = start(counter);
    to.set(from.subarray(s, s + run), o);
    for (let a = counter.length - 1; a >= 0; a--) {
      if (++counter[a] < outer[a]) break;
      counter[a] = 0;
    }
  }
  return out;
}


/** Replaces tfjs's wasm GatherV2 and Slice (kept for the cases above); idempotent. */
export function registerWasmGatherSlice(): void {
  replaceWasmKernel("GatherV2", gatherV2);
  replaceWasmKernel("Slice", slice);
}
