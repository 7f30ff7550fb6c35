import type { Vec } from "../types";
import type { SecondOrderResult, SmoothObjective } from "./types";

export function dot(a: Vec, b: Vec): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function infNorm(a: Vec): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (!(v <= m)) m = v; // NaN propagates so that callers notice it
  }
  return m;
}

export function norm2(a: Vec): number {
  return Math.sqrt(dot(a, a));
}

/** x + t·d as a new vector. */
export function along(x: Vec, t: number, d: Vec): Vec {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] + t * d[i];
  return out;
}

export function allFinite(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

function describe(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a typed array of length ${(v as unknown as ArrayLike<number>).length}`;
  if (typeof v === "function") return "a function";
  if (typeof v === "object") return `an object with keys (${Object.keys(v as object).join(", ")})`;
  return `${typeof v} ${String(v)}`;
}

/** Checks the objective (f, grad, and the optional extras a method needs) before anything runs. */
export function checkObjective(fn: string, objective: unknown, needs: ("hessian" | "hvp")[] = []): SmoothObjective {
  const o = objective as SmoothObjective;
  if (!o || typeof o !== "object" || typeof o.f !== "function" || typeof o.grad !== "function") {
    throw new Error(`${fn}: parameter 'objective' must be an object with f(x) and grad(x) methods, got ${describe(objective)}`);
  }
  for (const need of needs) {
    if (typeof o[need] !== "function") {
      throw new Error(`${fn}: parameter 'objective' must have a ${need} method (${fn} needs it), got an objective without one`);
    }
  }
  return o;
}

/** Copies x0 to a Float64Array after checking that it is finite and matches objective.dim. */
export function checkStart(fn: string, objective: SmoothObjective, x0: unknown, name = "x0"): Vec {
  if (!(Array.isArray(x0) || ArrayBuffer.isView(x0))) {
    throw new Error(`${fn}: parameter '${name}' must be an array of finite numbers, got ${describe(x0)}`);
  }
  const a = x0 as ArrayLike<unknown>;
  if (a.length === 0) throw new Error(`${fn}: parameter '${name}' must be a non-empty array, got an empty array`);
  if (typeof objective.dim === "number" && a.length !== objective.dim) {
    throw new Error(`${fn}: parameter '${name}' must have length ${objective.dim} (objective.dim), got length ${a.length}`);
  }
  const x = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${fn}: parameter '${name}'[${i}] must be a finite number, got ${String(v)}`);
    }
    x[i] = v;
  }
  return x;
}

export function checkPositiveInt(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new Error(`${fn}: parameter '${name}' must be a positive integer, got ${String(v)}`);
  }
  return v;
}

export function checkNonNegative(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new Error(`${fn}: parameter '${name}' must be a finite number ≥ 0, got ${String(v)}`);
  }
  return v;
}

export function checkInOpenUnit(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !(v > 0 && v < 1)) {
    throw new Error(`${fn}: parameter '${name}' must be a number in (0, 1), got ${String(v)}`);
  }
  return v;
}

/** Rejects option keys that no method reads, so that a typo is not silently ignored. */
export function checkKeys(fn: string, options: object, allowed: string[]): void {
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) throw new Error(`${fn}: option '${k}' is unknown; allowed options are ${allowed.join(", ")}`);
  }
}

/** Thrown inside a run when f or ∇f stops being finite; turned into a non-converged result. */
export class NonFiniteError extends Error {}

/**
 * Counts evaluations (one point = f and ∇f) and records accepted iterates, so that every
 * method reports trajectories and "evaluations to reach an accuracy" the same way.
 */
export class Recorder {
  evaluations = 0;
  readonly trajectory: Vec[] = [];
  readonly fHistory: number[] = [];
  readonly gradNorms: number[] = [];
  readonly evaluationsAt: number[] = [];

  constructor(private readonly objective: SmoothObjective) {}

  /** f and ∇f at x; a non-finite gradient ends the run (a non-finite f is left to the caller: line searches treat it as +∞). */
  evaluate(x: Vec): { f: number; g: Vec } {
    this.evaluations++;
    const f = this.objective.f(x);
    const g = Float64Array.from(this.objective.grad(x));
    if (g.length !== x.length) throw new Error(`objective.grad returned length ${g.length} for a point of length ${x.length}`);
    if (typeof f !== "number") throw new Error(`objective.f must return a number, got ${typeof f}`);
    if (Number.isFinite(f) && !allFinite(g)) throw new NonFiniteError(`∇f is not finite at x = [${Array.from(x).join(", ")}]`);
    return { f, g };
  }

  accept(x: Vec, f: number, g: Vec): void {
    this.trajectory.push(Float64Array.from(x));
    this.fHistory.push(f);
    this.gradNorms.push(infNorm(g));
    this.evaluationsAt.push(this.evaluations);
  }

  result(iterations: number, converged: boolean, message: string, extra: object = {}): SecondOrderResult & Record<string, unknown> {
    const last = this.trajectory.length - 1;
    return {
      x: Float64Array.from(this.trajectory[last]),
      f: this.fHistory[last],
      iterations,
      evaluations: this.evaluations,
      trajectory: this.trajectory,
      converged,
      message,
      fHistory: this.fHistory,
      gradNorms: this.gradNorms,
      evaluationsAt: this.evaluationsAt,
      ...extra,
    };
  }
}

/** f below this magnitude means the objective is unbounded below along the path (e.g. the saddle). */
export const DIVERGENCE_F = -1e200;
