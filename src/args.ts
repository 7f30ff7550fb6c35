/**
 * The one argument-checking module of the library. Every message has the same shape,
 * "<function>: parameter '<name>' must be <what is allowed>, got <value>", so a reader always learns
 * which call, which argument, what it was and what would have been accepted.
 */

/** A short, readable rendering of a received value for an error message. */
export function show(v: unknown): string {
  try {
    if (typeof v === "string") return JSON.stringify(v);
    if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
    if (v === undefined) return "undefined";
    if (typeof v === "function") return "a function";
    if (ArrayBuffer.isView(v)) {
      const a = v as unknown as ArrayLike<number>;
      return a.length <= 8 ? `[${Array.from(a).join(", ")}]` : `${v.constructor.name} of length ${a.length}`;
    }
    if (Array.isArray(v)) return v.length <= 8 ? `[${v.map(show).join(", ")}]` : `an array of length ${v.length}`;
    return JSON.stringify(v) ?? String(v);
  } catch {
    return typeof v;
  }
}

export function fail(fn: string, name: string, allowed: string, got: unknown): never {
  throw new Error(`${fn}: parameter '${name}' must be ${allowed}, got ${show(got)}`);
}

export function finite(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) fail(fn, name, "a finite number", v);
  return v;
}

export function positive(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) fail(fn, name, "a finite number > 0", v);
  return v;
}

export function nonNegative(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) fail(fn, name, "a finite number ≥ 0", v);
  return v;
}

export function positiveInt(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) fail(fn, name, "a positive integer", v);
  return v;
}

export function nonNegativeInt(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) fail(fn, name, "an integer ≥ 0", v);
  return v;
}

/** A number in [0, 1). */
export function unitInterval(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !(v >= 0 && v < 1)) fail(fn, name, "a number in [0, 1)", v);
  return v;
}

/** A number in (0, 1). */
export function openUnitInterval(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !(v > 0 && v < 1)) fail(fn, name, "a number in (0, 1)", v);
  return v;
}

export function oneOf<T extends string>(fn: string, name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== "string" || !allowed.includes(v as T)) fail(fn, name, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`, v);
  return v as T;
}

export function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

export function finiteArray(fn: string, name: string, v: unknown, minLength = 1): number[] {
  if (!isArrayLike(v) || v.length < minLength) fail(fn, name, `an array of at least ${minLength} finite numbers`, v);
  const a = Array.from(v as ArrayLike<unknown>);
  a.forEach((x, i) => {
    if (typeof x !== "number" || !Number.isFinite(x)) fail(fn, `${name}[${i}]`, "a finite number", x);
  });
  return a as number[];
}

export function finiteMatrix(fn: string, name: string, v: unknown): number[][] {
  if (!Array.isArray(v) || v.length === 0) fail(fn, name, "a non-empty array of rows", v);
  const rows = (v as unknown[]).map((row, i) => finiteArray(fn, `${name}[${i}]`, row));
  rows.forEach((row, i) => row.length === rows[0].length || fail(fn, `${name}[${i}]`, `a row of length ${rows[0].length}`, row.length));
  return rows;
}

/** Rejects option names that are not in `allowed`, so a typo cannot silently fall back to a default. */
export function knownOptions(fn: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object" || Array.isArray(options)) fail(fn, "options", "an object", options);
  for (const key of Object.keys(options as object)) {
    if (!allowed.includes(key)) fail(fn, key, `one of the known options (${allowed.join(", ")})`, `an unknown option '${key}'`);
  }
  return options as Record<string, unknown>;
}
