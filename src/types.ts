/** A parameter or gradient vector: float64 is the exact reference path. */
export type Vec = Float64Array;

/** A differentiable objective with an exact Hessian (chapter 8's test problems). */
export interface Objective {
  name: string;
  dim: number;
  f(x: Vec): number;
  grad(x: Vec): Vec;
  hessian(x: Vec): number[][];
}
