/**
 * The checker engine: runs a reader's function on seeded cases, compares with an independent
 * reference, and explains the first failure (input, expected vs got, the likely mistake).
 */

export interface CheckOptions {
  /** Run the larger hidden set of cases (edge cases) instead of the visible one. */
  hidden?: boolean;
  /** Throw a CheckFailure on failure (default true, so a graded cell fails). */
  throws?: boolean;
  /** Relative tolerance: |got − expected| ≤ tol·(|expected| + 1e-3). */
  tol?: number;
}

export interface CheckResult {
  name: string;
  passed: boolean;
  cases: number;
  failed: number;
  message: string;
}

/** Thrown by a failed check; its stack is only the message, so a notebook shows the hint, not our internals. */
export class CheckFailure extends Error {
  readonly result: CheckResult;
  constructor(result: CheckResult) {
    super(result.message);
    this.name = "CheckFailure";
    this.result = result;
    this.stack = `CheckFailure: ${result.message}`;
  }
}

/** A value a checker compares: a number, a boolean, nested arrays of them, or a record of those. */
export type Value = number | boolean | Value[] | { [key: string]: Value };

export interface Mistake<A extends unknown[]> {
  hint: string;
  wrong: (...args: A) => Value;
}

export interface CheckSpec<A extends unknown[]> {
  name: string;
  /** The book's algorithm/equation, shown on success. */
  cite: string;
  argNames: string[];
  cases(hidden: boolean): A[];
  reference(...args: A): Value;
  mistakes?: Mistake<A>[];
  /** Default relative tolerance for this exercise. */
  tol?: number;
  /** Custom rendering of one argument (for functions and other non-numeric inputs). */
  describeArg?: (name: string, value: unknown, args: A) => string | undefined;
  /** Extra acceptance test: returns a problem description, or null if `got` is acceptable. */
  accept?: (got: Value, args: A, tol: number) => string | null;
}

const NOT_IMPLEMENTED = /not implemented/i;

/** Deep copy of plain data (numbers, arrays, typed arrays, records); functions are passed through. */
export function cloneArg<T>(x: T): T {
  if (Array.isArray(x)) return x.map((v) => cloneArg(v)) as unknown as T;
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number>) as unknown as T;
  if (x !== null && typeof x === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) out[k] = cloneArg(v);
    return out as T;
  }
  return x;
}

function cloneArgs<A extends unknown[]>(args: A): A {
  return args.map((a) => cloneArg(a)) as A;
}

/** Typed arrays become arrays, so a Float64Array answer compares like a number[] one. */
export function toPlain(x: unknown): unknown {
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number>);
  if (Array.isArray(x)) return x.map(toPlain);
  if (x !== null && typeof x === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) out[k] = toPlain(v);
    return out;
  }
  return x;
}

export function formatValue(x: unknown, depth = 0): string {
  if (typeof x === "number") {
    if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
    return Number.isFinite(x) ? String(Number(x.toPrecision(10))) : String(x);
  }
  if (typeof x === "boolean" || x === null || x === undefined) return String(x);
  if (typeof x === "function") return "<function>";
  if (typeof x === "string") return JSON.stringify(x);
  if (ArrayBuffer.isView(x)) return formatValue(toPlain(x), depth);
  if (Array.isArray(x)) {
    const shown = x.slice(0, 8).map((v) => formatValue(v, depth + 1));
    if (x.length > 8) shown.push(`… (${x.length} entries)`);
    return `[${shown.join(", ")}]`;
  }
  if (typeof x === "object") {
    return `{ ${Object.entries(x as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${formatValue(v, depth + 1)}`)
      .join(", ")} }`;
  }
  return String(x);
}

/** First difference between `got` and `expected` (a readable sentence), or null if they agree within tol. */
export function firstDifference(got: unknown, expected: Value, tol: number, path = "result"): string | null {
  got = toPlain(got);
  if (typeof expected === "number") {
    if (typeof got !== "number") return `${path} should be a number, got ${formatValue(got)}`;
    if (Number.isNaN(got)) return `${path} is NaN`;
    if (!(Math.abs(got - expected) <= tol * (Math.abs(expected) + 1e-3))) {
      return `${path}: expected ${formatValue(expected)}, got ${formatValue(got)}`;
    }
    return null;
  }
  if (typeof expected === "boolean") {
    return got === expected ? null : `${path}: expected ${expected}, got ${formatValue(got)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(got)) return `${path} should be an array of length ${expected.length}, got ${formatValue(got)}`;
    if (got.length !== expected.length) {
      return `${path} should have length ${expected.length}, got length ${got.length}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(got[i], expected[i], tol, `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (got === null || typeof got !== "object" || Array.isArray(got)) {
    return `${path} should be an object with fields ${Object.keys(expected).join(", ")}, got ${formatValue(got)}`;
  }
  for (const key of Object.keys(expected)) {
    if (!(key in (got as object))) return `${path} is missing the field '${key}'`;
    const d = firstDifference((got as Record<string, unknown>)[key], expected[key], tol, `${path}.${key}`);
    if (d) return d;
  }
  return null;
}

function mapNumbers(x: Value, f: (v: number) => number): Value {
  if (typeof x === "number") return f(x);
  if (typeof x === "boolean") return x;
  if (Array.isArray(x)) return x.map((v) => mapNumbers(v, f));
  const out: { [key: string]: Value } = {};
  for (const [k, v] of Object.entries(x)) out[k] = mapNumbers(v, f);
  return out;
}

function hasNaN(x: unknown): boolean {
  if (typeof x === "number") return Number.isNaN(x);
  if (Array.isArray(x)) return x.some(hasNaN);
  if (x !== null && typeof x === "object") return Object.values(x as object).some(hasNaN);
  return false;
}

function genericHint(got: unknown, expected: Value, tol: number): string {
  if (got === undefined) return "your function returned nothing: is a `return` missing?";
  if (hasNaN(got)) return "NaN appeared: a division by zero, the square root of a negative number, or an undefined entry (index out of range)?";
  const same = (target: Value) => firstDifference(got, target, tol) === null;
  if (same(mapNumbers(expected, (v) => -v))) return "the sign is flipped: check the direction of the step (descent subtracts).";
  if (same(mapNumbers(expected, (v) => 2 * v))) return "twice the expected value: an extra factor of 2 or a missing ½?";
  if (same(mapNumbers(expected, (v) => v / 2))) return "half the expected value: a missing factor of 2 or an extra ½?";
  return "compare your formula with the book term by term on this input.";
}

function describeInput<A extends unknown[]>(spec: CheckSpec<A>, args: A): string {
  return args
    .map((a, i) => {
      const name = spec.argNames[i] ?? `arg${i}`;
      const custom = spec.describeArg?.(name, a, args);
      return `${name} = ${custom ?? formatValue(a)}`;
    })
    .join(", ");
}

function result(name: string, passed: boolean, cases: number, failed: number, message: string): CheckResult {
  const res: CheckResult = { name, passed, cases, failed, message };
  // The verdict is already printed: a check cell's value shows no second copy (Descent kernel).
  Object.defineProperty(res, "toMimeBundle", { value: () => null, enumerable: false });
  return res;
}

function finish(res: CheckResult, options: CheckOptions): CheckResult {
  if (res.passed) {
    console.log(res.message);
    return res;
  }
  if (options.throws === false) {
    console.log(res.message);
    return res;
  }
  throw new CheckFailure(res);
}

/** Runs `spec` against the reader's `candidate`; prints a pass mark, or throws/returns a specific hint. */
export function runCheck<A extends unknown[]>(spec: CheckSpec<A>, candidate: unknown, options: CheckOptions = {}): CheckResult {
  const label = `check.${spec.name}`;
  if (options !== null && typeof options !== "object") {
    throw new Error(`${label}: parameter 'options' must be an object { hidden?, throws?, tol? }, got ${formatValue(options)}`);
  }
  const tol = options.tol ?? spec.tol ?? 1e-8;
  if (!(tol > 0)) throw new Error(`${label}: parameter 'options.tol' must be a positive number, got ${formatValue(tol)}`);
  const cases = spec.cases(options.hidden === true);
  if (typeof candidate !== "function") {
    return finish(
      result(spec.name, false, cases.length, cases.length, `✘ ${label}: pass your function itself (e.g. ${label}(myFunction)); got ${formatValue(candidate)}.`),
      options,
    );
  }
  const fn = candidate as (...args: unknown[]) => unknown;
  for (let k = 0; k < cases.length; k++) {
    const args = cases[k];
    const where = `case ${k + 1} of ${cases.length}${options.hidden ? " (hidden)" : ""}`;
    let got: unknown;
    try {
      got = fn(...cloneArgs(args));
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const text = NOT_IMPLEMENTED.test(msg)
        ? `✘ ${label}: not implemented yet — replace the \`throw new Error("not implemented")\` stub with your code.`
        : `✘ ${label} — ${where}: your function threw an error.\n  input:  ${describeInput(spec, args)}\n  error:  ${msg}`;
      return finish(result(spec.name, false, cases.length, cases.length - k, text), options);
    }
    const expected = spec.reference(...cloneArgs(args));
    const problem = spec.accept ? spec.accept(toPlain(got) as Value, args, tol) : firstDifference(got, expected, tol);
    if (problem === null) continue;
    let hint: string | undefined;
    for (const m of spec.mistakes ?? []) {
      try {
        if (firstDifference(got, m.wrong(...cloneArgs(args)), tol) === null) {
          hint = m.hint;
          break;
        }
      } catch {
        // a mistake model that cannot run on this input simply does not match
      }
    }
    const text = [
      `✘ ${label} — ${where} failed (${spec.cite}).`,
      `  input:    ${describeInput(spec, args)}`,
      `  expected: ${formatValue(expected)}`,
      `  got:      ${formatValue(got)}`,
      `  problem:  ${problem}`,
      `  hint:     ${hint ?? genericHint(got, expected, tol)}`,
    ].join("\n");
    return finish(result(spec.name, false, cases.length, 1, text), options);
  }
  const text = `✔ ${label} — ${cases.length}/${cases.length} ${options.hidden ? "hidden " : ""}cases pass (${spec.cite})`;
  return finish(result(spec.name, true, cases.length, 0, text), options);
}
