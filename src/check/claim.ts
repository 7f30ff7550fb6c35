/**
 * Executable prose: a quantitative sentence of a notebook is followed by `d.check.claim(...)`, which
 * measures what the sentence says, prints a one-line verdict ("✔ claim — …: measured 9.3, stated 5 to 15")
 * and throws a CheckFailure (failing the notebook run) when the sentence stops being true.
 */
import { fail, finite } from "../args";
import { CheckFailure, CheckResult } from "./core";

/** What a sentence states about a measured number; several bounds may be combined (all must hold). */
export interface ClaimSpec {
  /** The measured value the sentence is about. */
  value?: number;
  /** The stated value: |value − approx| ≤ rel·|approx| (+ abs). */
  approx?: number;
  /** Relative tolerance for `approx` (default 0.05: "about"). */
  rel?: number;
  /** Absolute tolerance for `approx` (default 0). */
  abs?: number;
  /** value > above. */
  above?: number;
  /** value < below. */
  below?: number;
  /** value ≥ atLeast. */
  atLeast?: number;
  /** value ≤ atMost. */
  atMost?: number;
  /** [lo, hi]: lo ≤ value ≤ hi. */
  between?: [number, number];
  /** A non-numeric statement: a boolean computed by the cell. */
  holds?: boolean;
  /** Digits shown for the measured value (default 4 significant). */
  digits?: number;
}

const KEYS = ["value", "approx", "rel", "abs", "above", "below", "atLeast", "atMost", "between", "holds", "digits"];

function fmt(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(Math.max(0, digits - 1));
  return String(Number(x.toPrecision(digits)));
}

/**
 * Checks one quantitative statement. `statement` is the sentence's claim in a few words (shown in the
 * verdict); `spec` says what was measured and what the prose states about it.
 */
export function claim(statement: string, spec: ClaimSpec): CheckResult {
  const fn = "check.claim";
  if (typeof statement !== "string" || statement.trim() === "") fail(fn, "statement", "a non-empty string", statement);
  if (spec === null || typeof spec !== "object") fail(fn, "spec", "an object such as { value, approx, rel } or { holds }", spec);
  for (const key of Object.keys(spec)) if (!KEYS.includes(key)) fail(fn, key, `one of ${KEYS.join(", ")}`, `an unknown option '${key}'`);
  const digits = spec.digits ?? 4;
  const stated: string[] = [];
  const broken: string[] = [];
  if (spec.holds !== undefined) {
    if (typeof spec.holds !== "boolean") fail(fn, "holds", "a boolean", spec.holds);
    if (!spec.holds) broken.push("the stated condition is false");
  }
  const numeric = ["approx", "above", "below", "atLeast", "atMost", "between"].some((k) => (spec as Record<string, unknown>)[k] !== undefined);
  if (numeric && spec.value === undefined) fail(fn, "value", "the measured number (a bound was given)", spec.value);
  if (!numeric && spec.holds === undefined) fail(fn, "spec", "a bound (approx, above, below, atLeast, atMost, between) or holds", spec);
  let measured = "";
  if (spec.value !== undefined) {
    if (typeof spec.value !== "number" || Number.isNaN(spec.value)) fail(fn, "value", "a number", spec.value);
    const v = spec.value;
    measured = fmt(v, digits);
    if (spec.approx !== undefined) {
      const target = finite(fn, "approx", spec.approx);
      const rel = spec.rel ?? (spec.abs !== undefined ? 0 : 0.05);
      const abs = spec.abs ?? 0;
      if (!(rel >= 0)) fail(fn, "rel", "a number ≥ 0", spec.rel);
      if (!(abs >= 0)) fail(fn, "abs", "a number ≥ 0", spec.abs);
      const tol = rel * Math.abs(target) + abs;
      const tolText = rel > 0 ? `±${fmt(rel * 100, 3)}%` + (abs > 0 ? ` ±${fmt(abs, 3)}` : "") : `±${fmt(abs, 3)}`;
      stated.push(`≈ ${fmt(target, digits)} (${tolText})`);
      if (!(Math.abs(v - target) <= tol)) broken.push(`not within ${tolText} of ${fmt(target, digits)}`);
    }
    const bound = (key: string, sym: string, ok: (b: number) => boolean) => {
      const b = (spec as Record<string, unknown>)[key];
      if (b === undefined) return;
      finite(fn, key, b);
      stated.push(`${sym} ${fmt(b as number, digits)}`);
      if (!ok(b as number)) broken.push(`not ${sym} ${fmt(b as number, digits)}`);
    };
    bound("above", ">", (b) => v > b);
    bound("below", "<", (b) => v < b);
    bound("atLeast", "≥", (b) => v >= b);
    bound("atMost", "≤", (b) => v <= b);
    if (spec.between !== undefined) {
      const r = spec.between;
      if (!Array.isArray(r) || r.length !== 2 || !(r[0] <= r[1])) fail(fn, "between", "[lo, hi] with lo ≤ hi", r);
      stated.push(`in [${fmt(r[0], digits)}, ${fmt(r[1], digits)}]`);
      if (!(v >= r[0] && v <= r[1])) broken.push(`outside [${fmt(r[0], digits)}, ${fmt(r[1], digits)}]`);
    }
  }
  const passed = broken.length === 0;
  const numbers = measured ? `: measured ${measured}${stated.length ? `, stated ${stated.join(" and ")}` : ""}` : "";
  const message = passed ? `✔ claim — ${statement}${numbers}` : `✘ claim — ${statement}${numbers}: ${broken.join("; ")}`;
  const res: CheckResult = { name: "claim", passed, cases: 1, failed: passed ? 0 : 1, message };
  // The verdict is printed here: a cell ending in a claim shows no second copy (Descent kernel).
  Object.defineProperty(res, "toMimeBundle", { value: () => null, enumerable: false });
  if (!passed) throw new CheckFailure(res);
  console.log(message);
  return res;
}
