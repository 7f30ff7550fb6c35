import { finite, show } from "../args";
import { checkShape, fillMatrix } from "./validate";

/** A bias-style vector for a number or `[n]`, else a matrix (conv shapes flattened to [out, rest]). */
export function constant(shape: number | readonly [number], value: number): number[];
export function constant(shape: readonly number[], value: number): number[][];
export function constant(shape: number | readonly number[], value: number): number[] | number[][] {
  const fn = "init.constant";
  const v = finite(fn, "value", value);
  if (typeof shape === "number") {
    if (!Number.isInteger(shape) || shape <= 0) {
      throw new Error(`${fn}: parameter 'shape' must be a positive integer or an array of them, got ${show(shape)}`);
    }
    return new Array<number>(shape).fill(v);
  }
  const s = checkShape(fn, shape, 1);
  if (s.length === 1) return new Array<number>(s[0]).fill(v);
  let cols = 1;
  for (let i = 1; i < s.length; i++) cols *= s[i];
  return fillMatrix(s[0], cols, () => v);
}

/** Zeros: the usual bias initialization (book §8.4). */
export function zeros(shape: number | readonly [number]): number[];
export function zeros(shape: readonly number[]): number[][];
export function zeros(shape: number | readonly number[]): number[] | number[][] {
  try {
    return constant(shape as readonly number[], 0);
  } catch (e) {
    throw new Error((e as Error).message.replace(/^init\.constant/, "init.zeros"));
  }
}
