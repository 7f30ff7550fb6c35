import { checkLength, fail, failShown, finite, isArrayLike } from "../args";
import type { Objective, Vec } from "../types";

/** Throws unless `x` is a vector of length `dim` (the message names the caller). */
export function checkPoint(fn: string, x: ArrayLike<number>, dim: number): void {
  if (!isArrayLike(x)) fail(fn, "x", `an array of ${dim} numbers`, x);
  checkLength(fn, "x", x, dim);
}

/** The objective `name` of dimension `dim` whose f, grad and hessian first check x (errors name `name.f`, …). */
export function checkedObjective(name: string, dim: number, parts: Pick<Objective, "f" | "grad" | "hessian">): Objective {
  return {
    name,
    dim,
    f(x) {
      checkPoint(`${name}.f`, x, dim);
      return parts.f(x);
    },
    grad(x) {
      checkPoint(`${name}.grad`, x, dim);
      return parts.grad(x);
    },
    hessian(x) {
      checkPoint(`${name}.hessian`, x, dim);
      return parts.hessian(x);
    },
  };
}

/** Converts a rectangular number[][] to a checked copy; names the parameter on error. */
export function checkMatrix(fn: string, name: string, m: unknown, rows?: number, cols?: number): number[][] {
  if (!Array.isArray(m) || m.length === 0 || !m.every(isArrayLike)) fail(fn, name, "a non-empty matrix (array of rows)", m);
  const c = (m[0] as ArrayLike<number>).length;
  const out = (m as ArrayLike<number>[]).map((r, i) => {
    if (r.length !== c) failShown(fn, `${name}[${i}]`, `a row of length ${c}`, `length ${r.length}`);
    return Array.from(r, (v, j) => finite(fn, `${name}[${i}][${j}]`, v));
  });
  if (rows !== undefined && out.length !== rows) failShown(fn, name, `a matrix of ${rows} rows`, `${out.length} rows`);
  if (cols !== undefined && c !== cols) failShown(fn, name, `a matrix of ${cols} columns`, `${c} columns`);
  return out;
}

/** Converts to a finite Float64Array copy; names the parameter on error. */
export function checkVector(fn: string, name: string, v: unknown, length?: number): Vec {
  if (!isArrayLike(v)) fail(fn, name, "an array of numbers", v);
  const a = v as ArrayLike<unknown>;
  if (length !== undefined) checkLength(fn, name, a, length);
  return finiteCopy(fn, name, a);
}

/** A Float64Array copy of `a` after checking every entry is a finite number; names the first bad entry. */
export function finiteCopy(fn: string, name: string, a: ArrayLike<unknown>): Vec {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = finite(fn, `${name}[${i}]`, a[i]);
  return out;
}
