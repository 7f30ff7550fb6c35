import type { Rng } from "../rng";

/** A tensor shape: at least one positive integer dimension. */
export type Shape = readonly number[];

export function show(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "function") return "a function";
  if (Array.isArray(v)) return v.length <= 8 ? `[${v.map(show).join(", ")}]` : `an array of length ${v.length}`;
  if (typeof v === "object") return "an object";
  return String(v);
}

/** Throws unless `shape` is an array of `minDims`+ positive integers; returns a copy. */
export function checkShape(fn: string, shape: unknown, minDims: number): number[] {
  const ok =
    Array.isArray(shape) &&
    shape.length >= minDims &&
    shape.every((d) => typeof d === "number" && Number.isInteger(d) && d > 0);
  if (!ok) {
    throw new Error(
      `${fn}: parameter 'shape' must be an array of at least ${minDims} positive integers ([fanOut, fanIn, ...kernel]), got ${show(shape)}`,
    );
  }
  return (shape as number[]).slice();
}

export function checkRng(fn: string, r: unknown): Rng {
  if (typeof r !== "function" || typeof (r as Rng).normal !== "function") {
    throw new Error(`${fn}: parameter 'rng' must be a generator made by rng(seed), got ${show(r)}`);
  }
  return r as Rng;
}

export function checkFinite(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new Error(`${fn}: parameter '${name}' must be a finite number, got ${show(v)}`);
  }
  return v;
}

/** Rows of `rows × cols`, each filled by `draw()` in row-major order (so a seed fixes every entry). */
export function fillMatrix(rows: number, cols: number, draw: () => number): number[][] {
  const out: number[][] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const row = new Array<number>(cols);
    for (let j = 0; j < cols; j++) row[j] = draw();
    out[i] = row;
  }
  return out;
}
