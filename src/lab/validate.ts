/** Argument checks shared by the lab helpers: every message names the function and the parameter. */
export function fail(fn: string, name: string, allowed: string, got: unknown): never {
  const shown = typeof got === "number" || typeof got === "boolean" ? String(got) : (JSON.stringify(got) ?? String(got));
  throw new Error(`${fn}: parameter '${name}' must be ${allowed}, got ${shown}`);
}

export function positiveInt(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) fail(fn, name, "a positive integer", v);
  return v;
}

export function finite(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) fail(fn, name, "a finite number", v);
  return v;
}

export function positive(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) fail(fn, name, "a finite number > 0", v);
  return v;
}

export function unitInterval(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !(v >= 0 && v < 1)) fail(fn, name, "a number in [0, 1)", v);
  return v;
}

export function finiteArray(fn: string, name: string, v: unknown, minLength = 1): number[] {
  if (!v || typeof (v as ArrayLike<number>).length !== "number" || (v as ArrayLike<number>).length < minLength) {
    fail(fn, name, `an array of at least ${minLength} finite numbers`, v);
  }
  const a = Array.from(v as ArrayLike<number>);
  a.forEach((x, i) => {
    if (typeof x !== "number" || !Number.isFinite(x)) fail(fn, `${name}[${i}]`, "a finite number", x);
  });
  return a;
}

export function finiteMatrix(fn: string, name: string, v: unknown): number[][] {
  if (!Array.isArray(v) || v.length === 0) fail(fn, name, "a non-empty array of rows", v);
  const rows = (v as unknown[]).map((row, i) => finiteArray(fn, `${name}[${i}]`, row));
  rows.forEach((row, i) => row.length === rows[0].length || fail(fn, `${name}[${i}]`, `a row of length ${rows[0].length}`, row.length));
  return rows;
}
