import { checkLength, fail, failShown, isArrayLike, knownOptions, openUnitInterval } from "../args";
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

/** Checks the objective (f, grad, and the optional extras a method needs) before anything runs. */
export function checkObjective(fn: string, objective: unknown, needs: ("hessian" | "hvp")[] = []): SmoothObjective {
  const o = objective as SmoothObjective;
  if (!o || typeof o !== "object" || typeof o.f !== "function" || typeof o.grad !== "function") {
    fail(fn, "objective", "an object with f(x) and grad(x) methods", objective);
  }
  for (const need of needs) {
    if (typeof o[need] !== "function") failShown(fn, "objective", `an objective with a ${need} method (${fn} needs it)`, "an objective without one");
  }
  return o;
}

/** Copies x0 to a Float64Array after checking that it is finite and matches objective.dim. */
export function checkStart(fn: string, objective: SmoothObjective, x0: unknown, name = "x0"): Vec {
  if (!isArrayLike(x0)) fail(fn, name, "an array of finite numbers", x0);
  const a = x0 as ArrayLike<unknown>;
  if (a.length === 0) fail(fn, name, "a non-empty array", a);
  if (typeof objective.dim === "number") checkLength(fn, name, a, objective.dim, " (objective.dim)");
  return finiteCopy(fn, name, a);
}

/** What both public line searches check first: the objective, the point x and the direction d (copied). */
export function checkLineArgs(fn: string, objective: unknown, x: unknown, d: unknown): { obj: SmoothObjective; x0: Vec; dir: Vec } {
  const obj = checkObjective(fn, objective);
  return { obj, x0: checkStart(fn, obj, x, "x"), dir: checkStart(fn, obj, d, "d") };
}

/** The Wolfe constants 0 < c1 < c2 < 1 (N&W eq. 3.7). */
export function checkWolfeConstants(fn: string, c1: unknown, c2: unknown): void {
  openUnitInterval(fn, "c1", c1);
  openUnitInterval(fn, "c2", c2);
  if (!((c1 as number) < (c2 as number))) fail(fn, "c2", `greater than c1 = ${c1}`, c2);
}

/** φ'(0) = ∇f(x)ᵀd, after checking that a line search starts where f is finite and d descends. */
export function startSlope(fn: string, f: number, g: Vec, dir: Vec): number {
  if (!Number.isFinite(f)) failShown(fn, "x", "a point where f is finite", `f = ${f}`);
  const gtd0 = dot(g, dir);
  if (!(gtd0 < 0)) failShown(fn, "d", "a descent direction (∇f(x)ᵀd < 0)", `∇f(x)ᵀd = ${gtd0}`);
  return gtd0;
}

/** Checks that options is an object whose keys a method reads, so that a typo is not silently ignored. */
export function checkOptions(fn: string, options: unknown, allowed: string[]): void {
  if (!options || typeof options !== "object") fail(fn, "options", "an object with x0", options);
  knownOptions(fn, options, allowed);
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

/**
 * The iteration loop of bfgs, conjugateGradient, newton and hessianFree: before every iteration it
 * stops on ‖∇f‖∞ ≤ gradTol or once maxIter iterations are done (`now` reads the method's current
 * gradient and count); `iteration` does one and returns a Stop to end the run, null to go on. A
 * NonFiniteError inside ends the run as not converged.
 */
export function iterate(now: () => { g: Vec; iterations: number }, gradTol: number, maxIter: number, iteration: (gInf: number) => Stop | null): Stop {
  return untilNonFinite(() => {
    for (;;) {
      const { g, iterations } = now();
      const gInf = infNorm(g);
      const stop = gradientStop(gInf, gradTol) ?? maxIterStop(iterations, maxIter, gInf) ?? iteration(gInf);
      if (stop) return stop;
    }
  });
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
    if (!Number.isFinite(first.f)) failShown(fn, "x0", "a point where f is finite", `f(x0) = ${first.f}`);
    this.accept(x0, first.f, first.g);
    return first;
  }

  /** Records an accepted iterate; returns a Stop when f is so low that the objective looks unbounded below. */
  acceptStep(x: Vec, f: number, g: Vec): Stop | null {
    this.accept(x, f, g);
    return divergenceStop(f);
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
