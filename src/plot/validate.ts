/** The figure-specific argument checks, built on the library's one checking module (src/args.ts). */
import { fail, isArrayLike } from "../args";

export { fail, isArrayLike };

export function requireString(fn: string, name: string, v: unknown): string {
  if (typeof v !== "string" || v.trim() === "") fail(fn, name, "a non-empty string", v);
  return v as string;
}

/** Copies numbers into a plain array (typed arrays would serialize as objects); non-finite values become gaps. */
export function toNumbers(fn: string, name: string, v: unknown, minLength = 1): (number | null)[] {
  if (!isArrayLike(v) || v.length < minLength) fail(fn, name, `an array of at least ${minLength} number(s)`, v);
  const a = v as ArrayLike<unknown>;
  const out: (number | null)[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== "number") fail(fn, `${name}[${i}]`, "a number", x);
    out[i] = Number.isFinite(x as number) ? (x as number) : null;
  }
  return out;
}

export function requireRange(fn: string, name: string, v: unknown): [number, number] {
  if (!isArrayLike(v) || v.length !== 2 || !(Number(v[0]) < Number(v[1])) || !Number.isFinite(v[0]) || !Number.isFinite(v[1])) {
    fail(fn, name, "[lo, hi] with finite lo < hi", v);
  }
  const r = v as ArrayLike<number>;
  return [r[0], r[1]];
}

export function requirePositiveLogValues(fn: string, name: string, values: (number | null)[]): void {
  const bad = values.find((x) => x !== null && x <= 0);
  if (bad !== undefined) fail(fn, name, "positive on a log axis", bad);
}
