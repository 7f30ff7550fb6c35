/**
 * Hyperparameter checking for the tfjs optimizers: PyTorch's defaults and allowed ranges, unknown
 * names rejected (a typo must not fall back to a default silently).
 */
import { checkExtraOptions, ExtraOptions } from "./base";

export type Check = (v: unknown) => boolean;
export interface Spec {
  default?: unknown;
  check: Check;
  allowed: string;
}

const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
export const nonNegative: Spec["check"] = (v) => num(v) && v >= 0;
export const positive: Spec["check"] = (v) => num(v) && v > 0;
export const unitOpen: Spec["check"] = (v) => num(v) && v >= 0 && v < 1;
export const unitClosed: Spec["check"] = (v) => num(v) && v >= 0 && v <= 1;
export const bool: Spec["check"] = (v) => typeof v === "boolean";
export const pairOf = (each: Check): Check => (v) => Array.isArray(v) && v.length === 2 && each(v[0]) && each(v[1]);

const extraNames = ["schedule", "clipNorm", "clipValue", "average"];

/** Splits options into the rule's hyperparameters (validated, defaults filled) and the extras. */
export function resolve<H>(fn: string, opts: unknown, spec: { [K in keyof H]: Spec }): { h: H; extra: ExtraOptions } {
  if (opts === undefined) opts = {};
  if (opts === null || typeof opts !== "object" || Array.isArray(opts)) {
    throw new Error(`${fn}: parameter 'options' must be an object, got ${String(opts)}`);
  }
  const given = opts as Record<string, unknown>;
  const names = Object.keys(spec);
  for (const key of Object.keys(given)) {
    if (!names.includes(key) && !extraNames.includes(key)) {
      throw new Error(`${fn}: parameter '${key}' must be one of the known options (${[...names, ...extraNames].join(", ")}), got an unknown option '${key}'`);
    }
  }
  const h: Record<string, unknown> = {};
  for (const key of names) {
    const s = (spec as Record<string, Spec>)[key];
    const v = given[key] === undefined ? s.default : given[key];
    if (v === undefined) throw new Error(`${fn}: parameter '${key}' must be given (${s.allowed}), got undefined`);
    if (!s.check(v)) throw new Error(`${fn}: parameter '${key}' must be ${s.allowed}, got ${JSON.stringify(v)}`);
    h[key] = v;
  }
  const extra: ExtraOptions = {};
  for (const key of extraNames) if (given[key] !== undefined) (extra as Record<string, unknown>)[key] = given[key];
  checkExtraOptions(fn, extra);
  return { h: Object.freeze(h) as H, extra };
}

export const lrSpec = (def?: number): Spec => ({ default: def, check: nonNegative, allowed: "a finite number ≥ 0" });
export const nonNegSpec = (def: number): Spec => ({ default: def, check: nonNegative, allowed: "a finite number ≥ 0" });
export const boolSpec = (def = false): Spec => ({ default: def, check: bool, allowed: "true or false" });
export const betasSpec = (def: [number, number]): Spec => ({ default: def, check: pairOf(unitOpen), allowed: "a pair [a, b] of numbers in [0, 1)" });
