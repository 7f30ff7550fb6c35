import type { Vec } from "../types";

/** What a first-order-information method needs: f and ∇f (a Hessian is optional). */
export interface SmoothObjective {
  name?: string;
  dim?: number;
  f(x: Vec): number;
  grad(x: Vec): Vec;
  hessian?(x: Vec): number[][];
  /** Hessian-vector product H(x)·v; Hessian-free methods fall back to finite differences without it. */
  hvp?(x: Vec, v: Vec): Vec;
}

/** The common result of every method in this folder (shared/API.md). */
export interface SecondOrderResult {
  x: Vec;
  f: number;
  iterations: number;
  /** Points at which f and ∇f were evaluated (one evaluation = one point). */
  evaluations: number;
  /** Accepted iterates, trajectory[0] = x0. */
  trajectory: Vec[];
  converged: boolean;
  message: string;
  /** f at each trajectory point. */
  fHistory: number[];
  /** ‖∇f‖∞ at each trajectory point. */
  gradNorms: number[];
  /** Cumulative evaluations when each trajectory point was accepted (for "evaluations to accuracy"). */
  evaluationsAt: number[];
}
