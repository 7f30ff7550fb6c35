/**
 * The one argument-checking module of the library. Every message has the same shape,
 * "<function>: parameter '<name>' must be <what is allowed>, got <value>", so a reader always learns
 * which call, which argument, what it was and what would have been accepted.
 *
 * Each check is a `Rule` (a test and the words for what it allows) used two ways: directly, as
 * `positive(fn, name, v)`, and by the option specs of src/optim/options.ts (`ruleCheck(rules.positive)`).
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
  failShown(fn, name, allowed, show(got));
}

/** `fail` with the received value already put in words (e.g. "length 3", "a matrix of 2 rows"). */
export function failShown(fn: string, name: string, allowed: string, shown: string): never {
  throw new Error(`${fn}: parameter ${quoted(name)} must be ${allowed}, got ${shown}`);
}

/** The parameter's name in quotes, an entry's indices after them: 'X'[0][1]. */
function quoted(name: string): string {
  const at = name.indexOf("[");
  return at < 0 ? `'${name}'` : `'${name.slice(0, at)}'${name.slice(at)}`;
}

/** What a check allows, in words, and the test itself. */
export interface Rule {
  allowed: string;
  test(v: unknown): boolean;
}

const isNumber = (v: unknown): v is number => typeof v === "number";

/** A finite number ≥ lo (> lo when `open`). */
export function atLeast(lo: number, open = false): Rule {
  return { allowed: `a finite number ${open ? ">" : "≥"} ${lo}`, test: (v) => isNumber(v) && Number.isFinite(v) && (open ? v > lo : v >= lo) };
}

/** A number in [lo, hi] or [lo, hi). */
export function inRange(lo: number, hi: number, hiOpen: boolean): Rule {
  return { allowed: `a number in [${lo}, ${hi}${hiOpen ? ")" : "]"}`, test: (v) => isNumber(v) && v >= lo && (hiOpen ? v < hi : v <= hi) };
}

export const rules = {
  finite: { allowed: "a finite number", test: (v: unknown) => isNumber(v) && Number.isFinite(v) },
  positive: atLeast(0, true),
  nonNegative: atLeast(0),
  positiveInt: { allowed: "a positive integer", test: (v: unknown) => isNumber(v) && Number.isInteger(v) && v > 0 },
  nonNegativeInt: { allowed: "an integer ≥ 0", test: (v: unknown) => isNumber(v) && Number.isInteger(v) && v >= 0 },
  /** [0, 1) */
  unitInterval: inRange(0, 1, true),
  /** [0, 1] */
  closedUnitInterval: inRange(0, 1, false),
  /** (0, 1) */
  openUnitInterval: { allowed: "a number in (0, 1)", test: (v: unknown) => isNumber(v) && v > 0 && v < 1 },
  bool: { allowed: "true or false", test: (v: unknown) => typeof v === "boolean" },
} satisfies { [name: string]: Rule };

/** Returns v when `rule` accepts it; otherwise throws the message naming fn, name, v and what is allowed. */
export function check<T>(fn: string, name: string, v: unknown, rule: Rule): T {
  if (!rule.test(v)) fail(fn, name, rule.allowed, v);
  return v as T;
}

export const finite = (fn: string, name: string, v: unknown): number => check(fn, name, v, rules.finite);
export const positive = (fn: string, name: string, v: unknown): number => check(fn, name, v, rules.positive);
export const nonNegative = (fn: string, name: string, v: unknown): number => check(fn, name, v, rules.nonNegative);
export const positiveInt = (fn: string, name: string, v: unknown): number => check(fn, name, v, rules.positiveInt);
export const nonNegativeInt = (fn: string, name: string, v: unknown): number => check(fn, name, v, rules.nonNegativeInt);
/** A number in [0, 1). */
export const unitInterval = (fn: string, name: string, v: unknown): number => check(fn, name, v, rules.unitInterval);
/** A number in (0, 1). */
export const openUnitInterval = (fn: string, name: string, v: unknown): number => check(fn, name, v, rules.openUnitInterval);
export const bool = (fn: string, name: string, v: unknown): boolean => check(fn, name, v, rules.bool);

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
  a.forEach((x, i) => finite(fn, `${name}[${i}]`, x));
  return a as number[];
}

/** Throws unless `v` has `length` entries: "… must have length 3, got length 2". */
export function checkLength(fn: string, name: string, v: ArrayLike<unknown>, length: number, why = ""): void {
  if (v.length !== length) throw new Error(`${fn}: parameter ${quoted(name)} must have length ${length}${why}, got length ${v.length}`);
}

/** A Float64Array copy of an array of finite numbers, of length `length` when given; names the first bad entry. */
export function finiteVector(fn: string, name: string, v: unknown, length?: number): Float64Array {
  if (!isArrayLike(v)) fail(fn, name, length === undefined ? "an array of finite numbers" : `an array of ${length} finite numbers`, v);
  const a = v as ArrayLike<unknown>;
  if (length !== undefined) checkLength(fn, name, a, length);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = finite(fn, `${name}[${i}]`, a[i]);
  return out;
}

/** A rectangular matrix of finite numbers (rows; typed-array rows accepted), copied; `rows`/`cols` when given. */
export function finiteMatrix(fn: string, name: string, v: unknown, rows?: number, cols?: number): number[][] {
  if (!Array.isArray(v) || v.length === 0) fail(fn, name, "a non-empty array of rows", v);
  const out = (v as unknown[]).map((row, i) => finiteArray(fn, `${name}[${i}]`, row));
  out.forEach((row, i) => row.length === out[0].length || failShown(fn, `${name}[${i}]`, `a row of length ${out[0].length}`, `length ${row.length}`));
  if (rows !== undefined && out.length !== rows) failShown(fn, name, `a matrix of ${rows} rows`, `${out.length} rows`);
  if (cols !== undefined && out[0].length !== cols) failShown(fn, name, `a matrix of ${cols} columns`, `${out[0].length} columns`);
  return out;
}

/** Rejects option names that are not in `allowed`, so a typo cannot silently fall back to a default. */
export function knownOptions(fn: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object" || Array.isArray(options)) fail(fn, "options", "an object", options);
  for (const key of Object.keys(options as object)) {
    if (!allowed.includes(key)) {
      failShown(fn, key, `one of the known options (${allowed.join(", ")})`, `an unknown option '${key}' = ${show((options as Record<string, unknown>)[key])}`);
    }
  }
  return options as Record<string, unknown>;
}
