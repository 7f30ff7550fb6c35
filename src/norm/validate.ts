/** A nested number array flattened row-major, with its shape. */
export interface Flat {
  data: Float64Array;
  shape: number[];
}

export function show(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return `an array of length ${(v as ArrayLike<unknown>).length}`;
  if (typeof v === "object") return "an object";
  return String(v);
}

function rankOf(x: unknown): number {
  let r = 0;
  let cur = x;
  while (Array.isArray(cur) || ArrayBuffer.isView(cur)) {
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
  if (!ranks.includes(rank)) {
    throw new Error(`${fn}: parameter '${name}' must be ${expected} of numbers, got ${rank === 0 ? show(x) : `a ${rank}-D array`}`);
  }
  const shape: number[] = [];
  let cur = x as ArrayLike<unknown>;
  for (let d = 0; d < rank; d++) {
    if (cur.length === 0) throw new Error(`${fn}: parameter '${name}' must not have an empty dimension (dim ${d})`);
    shape.push(cur.length);
    cur = cur[0] as ArrayLike<unknown>;
  }
  const total = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(total);
  let k = 0;
  const walk = (node: unknown, d: number, path: string): void => {
    const a = node as ArrayLike<unknown>;
    if (!(Array.isArray(a) || ArrayBuffer.isView(a)) || a.length !== shape[d]) {
      throw new Error(`${fn}: parameter '${name}'${path} must have length ${shape[d]} (rectangular array), got ${show(node)}`);
    }
    for (let i = 0; i < a.length; i++) {
      if (d === rank - 1) {
        const v = a[i];
        if (typeof v !== "number" || !Number.isFinite(v)) {
          throw new Error(`${fn}: parameter '${name}'${path}[${i}] must be a finite number, got ${show(v)}`);
        }
        data[k++] = v;
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
  if (f.data.length !== length) {
    throw new Error(`${fn}: parameter '${name}' must have length ${length}, got length ${f.data.length}`);
  }
  return f.data;
}

export function positiveEps(fn: string, eps: unknown): number {
  const e = eps === undefined ? 1e-5 : eps;
  if (typeof e !== "number" || !Number.isFinite(e) || e <= 0) {
    throw new Error(`${fn}: parameter 'eps' must be a finite number > 0, got ${show(e)}`);
  }
  return e;
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
