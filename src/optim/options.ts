/** Option resolution shared by every optimizer and transform: defaults, PyTorch's checks and stricter ones. */

export type Check = (value: unknown) => string | null;

export interface OptionSpec {
  /** undefined = required. */
  default?: unknown;
  /** Returns what is allowed when the value is rejected, null when it is accepted. */
  check: Check;
}

function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  if (ArrayBuffer.isView(v)) return `[${Array.from(v as unknown as ArrayLike<number>).join(", ")}]`;
  if (v !== null && typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function fail(fn: string, name: string, allowed: string, got: unknown): never {
  throw new Error(`${fn}: parameter '${name}' must be ${allowed}, got ${show(got)}`);
}

/**
 * Validates `opts` against `spec` and fills in defaults. Unknown names are rejected so that a typo
 * (`learningRate` for `lr`) cannot silently fall back to a default.
 */
export function resolveOptions<T>(fn: string, opts: unknown, spec: { [K in keyof T]: OptionSpec }): T {
  if (opts === undefined || opts === null) opts = {};
  if (typeof opts !== "object" || Array.isArray(opts)) fail(fn, "options", "an object", opts);
  const given = opts as Record<string, unknown>;
  const names = Object.keys(spec);
  for (const key of Object.keys(given)) {
    if (!names.includes(key)) {
      throw new Error(`${fn}: parameter '${key}' must be one of the known options (${names.join(", ")}), got an unknown option '${key}' = ${show(given[key])}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of names) {
    const s = (spec as Record<string, OptionSpec>)[key];
    let v = given[key];
    if (v === undefined) {
      if (s.default === undefined) fail(fn, key, `given (it has no default; ${s.check(undefined) ?? "required"})`, v);
      v = s.default;
    }
    const problem = s.check(v);
    if (problem !== null) fail(fn, key, problem, v);
    out[key] = Array.isArray(v) || ArrayBuffer.isView(v) ? Object.freeze(Array.from(v as ArrayLike<number>)) : v;
  }
  return Object.freeze(out) as T;
}

const isNum = (v: unknown): v is number => typeof v === "number" && !Number.isNaN(v);

/** A finite number ≥ lo (or > lo when `open`). */
export function atLeast(lo: number, open = false): Check {
  const what = `a finite number ${open ? ">" : "≥"} ${lo}`;
  return (v) => (isNum(v) && Number.isFinite(v) && (open ? v > lo : v >= lo) ? null : what);
}

/** A finite number in [lo, hi] or [lo, hi). */
export function inRange(lo: number, hi: number, hiOpen: boolean): Check {
  const what = `a number in [${lo}, ${hi}${hiOpen ? ")" : "]"}`;
  return (v) => (isNum(v) && v >= lo && (hiOpen ? v < hi : v <= hi) ? null : what);
}

export const nonNegative = atLeast(0);
export const unitOpen = inRange(0, 1, true);
export const unitClosed = inRange(0, 1, false);

export const bool: Check = (v) => (typeof v === "boolean" ? null : "true or false");

/** A pair [a, b] of numbers each accepted by `each`. */
export function pair(each: Check, what: string): Check {
  return (v) => {
    if (!(Array.isArray(v) || ArrayBuffer.isView(v)) || (v as ArrayLike<unknown>).length !== 2) return `a pair [a, b] of ${what}`;
    const a = v as ArrayLike<unknown>;
    return each(a[0]) === null && each(a[1]) === null ? null : `a pair [a, b] of ${what}`;
  };
}

export const betasCheck = pair(unitOpen, "numbers in [0, 1)");

/** A scalar or a vector of finite numbers (initial velocity v0). */
export const scalarOrVector: Check = (v) => {
  if (isNum(v) && Number.isFinite(v)) return null;
  if ((Array.isArray(v) || ArrayBuffer.isView(v)) && Array.from(v as ArrayLike<unknown>).every((e) => isNum(e) && Number.isFinite(e))) return null;
  return "a finite number or an array of finite numbers";
};

/** Common to every optimizer: opt-out of the finite-input check (defaults to checking). */
export const checkFiniteSpec: OptionSpec = { default: true, check: bool };
