import { fail } from "../args";
import type { Rng } from "../rng";

/** A tensor shape: at least one positive integer dimension. */
export type Shape = readonly number[];

/** Throws unless `shape` is an array of `minDims`+ positive integers; returns a copy. */
export function checkShape(fn: string, shape: unknown, minDims: number): number[] {
  const ok =
    Array.isArray(shape) &&
    shape.length >= minDims &&
    shape.every((d) => typeof d === "number" && Number.isInteger(d) && d > 0);
  if (!ok) fail(fn, "shape", `an array of at least ${minDims} positive integers ([fanOut, fanIn, ...kernel])`, shape);
  return (shape as number[]).slice();
}

export function checkRng(fn: string, r: unknown): Rng {
  if (typeof r !== "function" || typeof (r as Rng).normal !== "function") fail(fn, "rng", "a generator made by rng(seed)", r);
  return r as Rng;
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
