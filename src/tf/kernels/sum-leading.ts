/**
 * `Sum` over the leading axes of a float32 tensor whose kept (trailing) size is a multiple of 4:
 * every bias gradient (sum of dy over batch and space, per channel). tfjs-wasm transposes the whole
 * tensor to bring the summed axes last and then sums (4.4 ms CPU per bench CNN batch for the first
 * layer); this adds the rows into the output four lanes at a time, as WebAssembly SIMD over tfjs's
 * memory (rows in order, so each output is the same left-to-right float32 sum over the rows).
 * Other reductions keep tfjs's kernel.
 */
import * as tf from "@tensorflow/tfjs";
import { I32, loopFrom0, loopNext, op, simd } from "../../wasm/encoder";
import { originalWasmKernel, perMemory, replaceWasmKernel, type Info, type WasmBackend } from "./run";


// params: x, out, rows, rowBytes; locals: r, off, src
const [X, OUT, ROWS, ROWB, R, OFF, SRC] = [0, 1, 2, 3, 4, 5, 6];

function body(): number[] {
  const get = op.localGet;
  const set = op.localSet;
  const add = op.i32Add;
  const code: number[] = [...get(X), ...set(SRC)];
  code.push(...loopFrom0(R, ROWS), ...loopFrom0(OFF, ROWB));
  // out[off] += x[src + off]
  code.push(...get(OUT), ...get(OFF), ...add, ...get(OUT), ...get(OFF), ...add, ...simd(0x00, 0, 0), ...get(SRC), ...get(OFF), ...add, ...simd(0x00, 0, 0), ...simd(0xe4), ...simd(0x0b, 0, 0));
  code.push(...loopNext(OFF, op.i32Const(16)));
  code.push(...get(SRC), ...get(ROWB), ...add, ...set(SRC), ...loopNext(R));
  return code;
}

type SumFn = (x: number, out: number, rows: number, rowBytes: number) => void;
const instance = perMemory<{ sumRows: SumFn }>(() => [{ exportName: "sumRows", params: [I32, I32, I32, I32], locals: [I32, I32, I32], body: body() }]);

type Args = { inputs: { x: Info }; backend: WasmBackend; attrs: { axis: number | number[]; keepDims: boolean } };

function sum(args: Args): Info {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
  const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
  const kept = x.shape.slice(axes.length);
  const size = tf.util.sizeFromShape(kept);
  const memory = backend.wasm.asm?.memory;
  const fn = memory && x.dtype === "float32" && leading && size % 4 === 0 ? instance(memory)?.sumRows : null;
  if (!fn) return originalWasmKernel("Sum").kernelFunc(args as never) as Info;
  const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
  const out = backend.makeOutput(attrs.keepDims ? [...axes.map(() => 1), ...kept] : kept, "float32");
  backend.typedArrayFromHeap(out).fill(0);
  const at = (t: Info) => backend.dataIdMap.get(t.dataId).memoryOffset;
  fn(at(x), at(out), rows, size * 4);
  return out;
}

/** Replaces tfjs's wasm Sum (kept for the other reductions); idempotent. */
export function registerWasmSumLeading(): boolean {
  return replaceWasmKernel("Sum", sum);
}
