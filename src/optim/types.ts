import type { Vec } from "../types";

/** The gradient at x, or a function that gives the gradient at any point (Nesterov needs the latter). */
export type GradientArg = Vec | ((x: Vec) => Vec);

/**
 * Everything an optimizer carries between steps. It holds no hyperparameter, so a state made by
 * one optimizer can be stepped by another of the same kind with other settings (a hand-made schedule).
 * `children` holds the inner optimizer's and each transform's state for a chain.
 */
export interface OptimizerState {
  kind: string;
  /** Steps taken so far. */
  t: number;
  buffers: { [name: string]: Vec };
  scalars: { [name: string]: number };
  children?: OptimizerState[];
}

export interface Optimizer<H = unknown> {
  name: string;
  /** States are interchangeable between optimizers of the same kind. */
  kind: string;
  /** The validated hyperparameters with every default filled in. */
  hyperparams: H;
  /** The learning rate `step` uses (the book's ε for book rules). */
  lr: number;
  init(x0: Vec): OptimizerState;
  step(x: Vec, grad: GradientArg, state: OptimizerState): void;
  /** `step` with the learning rate replaced by `lr` for this one step (how schedules act). */
  stepWithLr(x: Vec, grad: GradientArg, state: OptimizerState, lr: number): void;
  /** An averaged copy of the iterates, for optimizers that keep one (ASGD, Polyak/EMA averaging). */
  averaged?(state: OptimizerState): Vec;
  /** The look-ahead point θ + αv where Nesterov-type methods evaluate the gradient. */
  lookahead?(x: Vec, state: OptimizerState): Vec;
}

export interface Trajectory {
  /** steps + 1 entries; params[0] = x0. */
  params: Vec[];
  /** objective.f(params[k]). */
  loss: number[];
  /** Averaged parameters aligned with params (ASGD: averaged[0] = 0). */
  averaged?: Vec[];
  /** Look-ahead θ + αv aligned with params (book Nesterov). */
  lookahead?: Vec[];
}
