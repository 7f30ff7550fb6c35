/**
 * `Add` of a float32 tensor and a row of its last axis (a bias: shape [c] or [1, …, 1, c]), c a multiple
 * of 4: every layer's bias in a training step, where tfjs leaves the activation unfused. tfjs-wasm's
 * broadcasting add indexes every element through the shapes (1.5 ms per bench CNN batch for the first
 * layer's 128×24×24×16); this adds the row to each row four lanes at a time, as WebAssembly SIMD over
 * tfjs's memory. Each sum is the same float32 addition, so the result is bit-identical. Other additions
 * keep tfjs's kernel.
 */
import * as tf from "@tensorflow/tfjs";
import { I32, loopFrom0, loopNext, op, simd } from "../../wasm/encoder";
import { originalWasmKernel, perMemory, replaceWasmKernel, type Info, type WasmBackend } from "./run";


// params: x, row, out, rows, rowBytes; locals: r, off, src (x's row), dst (out's row)
const [X, ROW, OUT, ROWS, ROWB, R, OFF, SRC, DST] = [0, 1, 2, 3, 4, 5, 6, 7, 8];

function body(): number[] {
  const get = op.localGet;
  const set = op.localSet;
  const add = op.i32Add;
  const code: number[] = [...get(X), ...set(SRC), ...get(OUT), ...set(DST)];
  code.push(...loopFrom0(R, ROWS), ...loopFrom0(OFF, ROWB));
  // out[dst + off] = x[src + off] + row[off]
  code.push(...get(DST), ...get(OFF), ...add, ...get(SRC), ...get(OFF), ...add, ...simd(0x00, 0, 0), ...get(ROW), ...get(OFF), ...add, ...simd(0x00, 0, 0), ...simd(0xe4), ...simd(0x0b, 0, 0));
  code.push(...loopNext(OFF, op.i32Const(16)));
  code.push(...get(SRC), ...get(ROWB), ...add, ...set(SRC), ...get(DST), ...get(ROWB), ...add, ...set(DST));
  code.push(...loopNext(R));
  return code;
}

type AddRowsFn = (x: number, row: number, out: number, rows: number, rowBytes: number) => void;
const instance = perMemory<{ addRows: AddRowsFn }>(() => [{ exportName: "addRows", params: [I32, I32, I32, I32, I32], locals: [I32, I32, I32, I32], body: body() }]);

type Args = { inputs: { a: Info; b: Info }; backend: WasmBackend; attrs: Record<string, never> };

/** True when `row` is a row of `x`'s last axis: [c] or [1, …, 1, c] with c = x's last dimension, rank ≤ x's. */
function isRowOf(row: Info, x: Info): boolean {
  const r = row.shape;
  const c = x.shape[x.shape.length - 1];
  return r.length >= 1 && r.length <= x.shape.length && r[r.length - 1] === c && r.slice(0, -1).every((d) => d === 1);
}

function addKernel(args: Args): Info {
  const { inputs, backend } = args;
  const { a, b } = inputs;
  const [x, row] = isRowOf(b, a) ? [a, b] : isRowOf(a, b) ? [b, a] : [null, null];
  const c = x ? x.shape[x.shape.length - 1] : 0;
  const memory = backend.wasm.asm?.memory;
  const usable = x && row && a.dtype === "float32" && b.dtype === "float32" && c % 4 === 0 && c > 0 && tf.util.sizeFromShape(x.shape) > 0;
  const fn = usable && memory ? instance(memory)?.addRows : null;
  if (!fn || !x || !row) return originalWasmKernel("Add").kernelFunc(args as never) as Info;
  const out = backend.makeOutput(x.shape, "float32");
  const at = (t: Info) => backend.dataIdMap.get(t.dataId).memoryOffset;
  fn(at(x), at(row), at(out), tf.util.sizeFromShape(x.shape) / c, c * 4);
  return out;
}

/** Replaces tfjs's wasm Add (kept for every other addition); idempotent. */
export function registerWasmBiasAdd(): boolean {
  return replaceWasmKernel("Add", addKernel);
}
