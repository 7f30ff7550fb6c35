/**
 * Option resolution shared by every optimizer and transform: defaults, PyTorch's checks and stricter
 * ones, as specs over the rules of src/args.ts (which also words every error).
 */
import { atLeast as atLeastRule, fail, inRange as inRangeRule, knownOptions, rules, type Rule } from "../args";

export type Check = (value: unknown) => string | null;

export interface OptionSpec {
  /** undefined = required. */
  default?: unknown;
  /** Returns what is allowed when the value is rejected, null when it is accepted. */
  check: Check;
}

/**
 * Who resolves the options: the function the errors name, or that with option names left out of the
 * spec (`omit`) and others the caller handles itself (`alsoKnown`, listed among the known ones).
 * The tfjs optimizers resolve through the float64 rules this way, under their own names.
 */
export type Caller = string | { fn: string; omit?: readonly string[]; alsoKnown?: readonly string[] };

export function callerName(caller: Caller): string {
  return typeof caller === "string" ? caller : caller.fn;
}

/**
 * Validates `opts` against `spec` and fills in defaults. Unknown names are rejected so that a typo
 * (`learningRate` for `lr`) cannot silently fall back to a default.
 */
export function resolveOptions<T>(caller: Caller, opts: unknown, spec: { [K in keyof T]: OptionSpec }): T {
  const fn = callerName(caller);
  const { omit = [], alsoKnown = [] } = typeof caller === "string" ? {} : caller;
  const names = Object.keys(spec).filter((name) => !omit.includes(name));
  const given = knownOptions(fn, opts, [...names, ...alsoKnown]);
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

/** A spec check from one of args.ts's rules: null when accepted, else what is allowed. */
export function ruleCheck(rule: Rule): Check {
  return (v) => (rule.test(v) ? null : rule.allowed);
}

/** A finite number ≥ lo (or > lo when `open`). */
export const atLeast = (lo: number, open = false): Check => ruleCheck(atLeastRule(lo, open));
export const nonNegative = ruleCheck(rules.nonNegative);
/** [0, 1) */
export const unitOpen = ruleCheck(rules.unitInterval);
/** [0, 1] */
export const unitClosed = ruleCheck(rules.closedUnitInterval);
export const bool = ruleCheck(rules.bool);
export const inRange = (lo: number, hi: number, hiOpen: boolean): Check => ruleCheck(inRangeRule(lo, hi, hiOpen));

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
  if (rules.finite.test(v)) return null;
  if ((Array.isArray(v) || ArrayBuffer.isView(v)) && Array.from(v as ArrayLike<unknown>).every(rules.finite.test)) return null;
  return "a finite number or an array of finite numbers";
};

/** Common to every optimizer: opt-out of the finite-input check (defaults to checking). */
export const checkFiniteSpec: OptionSpec = { default: true, check: bool };
