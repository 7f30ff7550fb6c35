/** Checks of the normalization layers' tensors (nested arrays of a given rank), worded by src/args.ts. */
import { checkLength, fail, failShown, finite, isArrayLike, positive, show } from "../args";

export { show };

/** A nested number array flattened row-major, with its shape. */
export interface Flat {
  data: Float64Array;
  shape: number[];
}

function rankOf(x: unknown): number {
  let r = 0;
  let cur = x;
  while (isArrayLike(cur)) {
    r++;
    const a = cur as ArrayLike<unknown>;
    if (a.length === 0) break;
    cur = a[0];
  }
  return r;
}

const RANK_NAMES: Record<number, string> = { 1: "a vector", 2: "an N×C matrix", 3: "an N×C×L array" };

/** Flattens a rectangular, finite nested array of one of the allowed ranks (number[]: rank 1, …). */
export function flatten(fn: string, name: string, x: unknown, ranks: number[], what?: string): Flat {
  const rank = rankOf(x);
  const expected = what || ranks.map((r) => RANK_NAMES[r]).join(" or ");
  if (!ranks.includes(rank)) failShown(fn, name, `${expected} of numbers`, rank === 0 ? show(x) : `a ${rank}-D array`);
  const shape: number[] = [];
  let cur = x as ArrayLike<unknown>;
  for (let d = 0; d < rank; d++) {
    if (cur.length === 0) failShown(fn, name, `an array without an empty dimension`, `an empty dimension ${d}`);
    shape.push(cur.length);
    cur = cur[0] as ArrayLike<unknown>;
  }
  const total = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(total);
  let k = 0;
  const walk = (node: unknown, d: number, path: string): void => {
    const a = node as ArrayLike<unknown>;
    if (!isArrayLike(a)) fail(fn, `${name}${path}`, `an array of length ${shape[d]} (rectangular array)`, node);
    checkLength(fn, `${name}${path}`, a, shape[d], " (rectangular array)");
    for (let i = 0; i < a.length; i++) {
      if (d === rank - 1) {
        data[k++] = finite(fn, `${name}${path}[${i}]`, a[i]);
      } else {
        walk(a[i], d + 1, `${path}[${i}]`);
      }
    }
  };
  walk(x, 0, "");
  return { data, shape };
}

/** A finite vector of a given length, or `fallback` filled when omitted. */
export function vector(fn: string, name: string, v: unknown, length: number, fallback?: number): Float64Array {
  if (v === undefined && fallback !== undefined) return new Float64Array(length).fill(fallback);
  const f = flatten(fn, name, v, [1], `a vector of ${length}`);
  checkLength(fn, name, f.data, length);
  return f.data;
}

export function positiveEps(fn: string, eps: unknown): number {
  return positive(fn, "eps", eps === undefined ? 1e-5 : eps);
}

/** The upstream gradient dY of a layer's backward pass, flattened after checking it has the input's shape. */
export function upstreamGradient(fn: string, dY: unknown, shape: number[]): Float64Array {
  const fnBackward = `${fn} backward`;
  const got = flatten(fnBackward, "dY", dY, [shape.length]);
  if (got.shape.length !== shape.length || got.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`${fnBackward}: parameter 'dY' must have shape [${shape.join(", ")}] (the input's), got [${got.shape.join(", ")}]`);
  }
  return got.data;
}

/** Rebuilds a nested number array of `shape` from row-major data. */
export function nest(data: Float64Array, shape: number[]): any {
  const build = (offset: number, d: number): any => {
    const n = shape[d];
    if (d === shape.length - 1) return Array.from(data.subarray(offset, offset + n));
    const stride = shape.slice(d + 1).reduce((a, b) => a * b, 1);
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = build(offset + i * stride, d + 1);
    return out;
  };
  return build(0, 0);
}
