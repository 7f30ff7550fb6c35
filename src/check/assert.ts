/** Ad-hoc assertions for hidden tests: they throw a CheckFailure with expected vs got. */
import { CheckFailure, Value, firstDifference, formatValue } from "./core";

/** Passes when `got` matches `expected` within a relative tolerance (numbers, arrays, matrices, records). */
export function close(got: unknown, expected: Value, options: { name?: string; tol?: number } = {}): true {
  const name = options.name ?? "value";
  const tol = options.tol ?? 1e-8;
  if (!(tol > 0)) throw new Error(`check.close: parameter 'tol' must be a positive number, got ${formatValue(tol)}`);
  const problem = firstDifference(got, expected, tol, name);
  if (problem === null) return true;
  const message = `✘ check.close — ${problem}\n  expected: ${formatValue(expected)}\n  got:      ${formatValue(got)}`;
  throw new CheckFailure({ name: "close", passed: false, cases: 1, failed: 1, message });
}

/** Passes when `condition` is true; otherwise fails with `message`. */
export function that(condition: boolean, message: string): true {
  if (condition === true) return true;
  throw new CheckFailure({ name: "that", passed: false, cases: 1, failed: 1, message: `✘ ${message}` });
}
