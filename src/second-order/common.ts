import { finiteCopy } from "../problems/validate";
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
  return finiteCopy(fn, name, a);
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

/** What both public line searches check first: the objective, the point x and the direction d (copied). */
export function checkLineArgs(fn: string, objective: unknown, x: unknown, d: unknown): { obj: SmoothObjective; x0: Vec; dir: Vec } {
  const obj = checkObjective(fn, objective);
  return { obj, x0: checkStart(fn, obj, x, "x"), dir: checkStart(fn, obj, d, "d") };
}

/** The Wolfe constants 0 < c1 < c2 < 1 (N&W eq. 3.7). */
export function checkWolfeConstants(fn: string, c1: unknown, c2: unknown): void {
  checkInOpenUnit(fn, "c1", c1);
  checkInOpenUnit(fn, "c2", c2);
  if (!((c1 as number) < (c2 as number))) throw new Error(`${fn}: parameter 'c2' must be greater than c1 = ${c1}, got ${c2}`);
}

/** φ'(0) = ∇f(x)ᵀd, after checking that a line search starts where f is finite and d descends. */
export function startSlope(fn: string, f: number, g: Vec, dir: Vec): number {
  if (!Number.isFinite(f)) throw new Error(`${fn}: parameter 'x' must be a point where f is finite, got f = ${f}`);
  const gtd0 = dot(g, dir);
  if (!(gtd0 < 0)) throw new Error(`${fn}: parameter 'd' must be a descent direction (∇f(x)ᵀd < 0), got ∇f(x)ᵀd = ${gtd0}`);
  return gtd0;
}

/** Checks that options is an object whose keys a method reads, so that a typo is not silently ignored. */
export function checkOptions(fn: string, options: unknown, allowed: string[]): void {
  if (!options || typeof options !== "object") throw new Error(`${fn}: parameter 'options' must be an object with x0, got ${String(options)}`);
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) throw new Error(`${fn}: option '${k}' is unknown; allowed options are ${allowed.join(", ")}`);
  }
}

/** How a run ended. */
export interface Stop {
  converged: boolean;
  message: string;
}

export function stopped(message: string): Stop {
  return { converged: false, message };
}

/** Converged at ‖∇f‖∞ ≤ gradTol; null to go on. */
export function gradientStop(gInf: number, gradTol: number): Stop | null {
  return gInf <= gradTol ? { converged: true, message: `converged: ‖∇f‖∞ = ${gInf} ≤ gradTol = ${gradTol}` } : null;
}

/** Stopped when the iteration budget is spent; null to go on. */
export function maxIterStop(iterations: number, maxIter: number, gInf: number): Stop | null {
  return iterations === maxIter ? stopped(`stopped: maxIter = ${maxIter} iterations reached (‖∇f‖∞ = ${gInf})`) : null;
}

/** f below this magnitude means the objective is unbounded below along the path (e.g. the saddle). */
const DIVERGENCE_F = -1e200;

/** The last test of every iteration: f so low that the objective looks unbounded below (e.g. the saddle); null to go on. */
export function divergenceStop(f: number): Stop | null {
  return f < DIVERGENCE_F ? stopped(`diverged: f = ${f} < ${DIVERGENCE_F}, the objective looks unbounded below`) : null;
}

/** Runs a method's loop; a NonFiniteError inside it ends the run as not converged instead of escaping. */
export function untilNonFinite(loop: () => Stop): Stop {
  try {
    return loop();
  } catch (e) {
    if (!(e instanceof NonFiniteError)) throw e;
    return stopped(`stopped: ${e.message}`);
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

  /** Evaluates and records x0, which must be a point where f is finite. */
  start(fn: string, x0: Vec): { f: number; g: Vec } {
    const first = this.evaluate(x0);
    if (!Number.isFinite(first.f)) throw new Error(`${fn}: parameter 'x0' must be a point where f is finite, got f(x0) = ${first.f}`);
    this.accept(x0, first.f, first.g);
    return first;
  }

  accept(x: Vec, f: number, g: Vec): void {
    this.trajectory.push(Float64Array.from(x));
    this.fHistory.push(f);
    this.gradNorms.push(infNorm(g));
    this.evaluationsAt.push(this.evaluations);
  }

  /** The common result at the last accepted point, with a method's own fields added. */
  result<R extends SecondOrderResult>(iterations: number, { converged, message }: Stop, extra: Omit<R, keyof SecondOrderResult>): R {
    const last = this.trajectory.length - 1;
    const common: SecondOrderResult = {
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
    };
    return { ...common, ...extra } as R;
  }
}
