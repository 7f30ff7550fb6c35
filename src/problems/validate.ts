import type { Objective, Vec } from "../types";

/** Throws unless `x` is a vector of length `dim` (the message names the caller). */
export function checkPoint(fn: string, x: ArrayLike<number>, dim: number): void {
  if (!x || typeof x.length !== "number") {
    throw new Error(`${fn}: parameter 'x' must be an array of ${dim} numbers, got ${String(x)}`);
  }
  if (x.length !== dim) {
    throw new Error(`${fn}: parameter 'x' must have length ${dim}, got length ${x.length}`);
  }
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
  if (!Array.isArray(m) || m.length === 0 || !m.every((r) => Array.isArray(r) || ArrayBuffer.isView(r))) {
    throw new Error(`${fn}: parameter '${name}' must be a non-empty matrix (array of rows), got ${describe(m)}`);
  }
  const c = (m[0] as ArrayLike<number>).length;
  const out = (m as ArrayLike<number>[]).map((r, i) => {
    if (r.length !== c) throw new Error(`${fn}: parameter '${name}' row ${i} has length ${r.length}, expected ${c}`);
    return Array.from(r, (v, j) => {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new Error(`${fn}: parameter '${name}'[${i}][${j}] must be a finite number, got ${String(v)}`);
      }
      return v;
    });
  });
  if (rows !== undefined && out.length !== rows) {
    throw new Error(`${fn}: parameter '${name}' must have ${rows} rows, got ${out.length}`);
  }
  if (cols !== undefined && c !== cols) {
    throw new Error(`${fn}: parameter '${name}' must have ${cols} columns, got ${c}`);
  }
  return out;
}

/** Converts to a finite Float64Array copy; names the parameter on error. */
export function checkVector(fn: string, name: string, v: unknown, length?: number): Vec {
  if (!(Array.isArray(v) || ArrayBuffer.isView(v))) {
    throw new Error(`${fn}: parameter '${name}' must be an array of numbers, got ${describe(v)}`);
  }
  const a = v as ArrayLike<number>;
  if (length !== undefined && a.length !== length) {
    throw new Error(`${fn}: parameter '${name}' must have length ${length}, got length ${a.length}`);
  }
  return finiteCopy(fn, name, a);
}

/** A Float64Array copy of `a` after checking every entry is a finite number; names the first bad entry. */
export function finiteCopy(fn: string, name: string, a: ArrayLike<unknown>): Vec {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new Error(`${fn}: parameter '${name}'[${i}] must be a finite number, got ${String(x)}`);
    }
    out[i] = x;
  }
  return out;
}

export function describe(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "object") return `an object (${Object.keys(v as object).join(", ") || "no keys"})`;
  return `${typeof v} ${String(v)}`;
}
