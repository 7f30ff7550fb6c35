import type { Vec } from "../../types";
import type { OptimizerState } from "../types";

/**
 * A piece that composes with any optimizer through `chain(optimizer, ...transforms)`, the one
 * mechanism for schedules, clipping, gradient noise and iterate averaging. A transform may act at
 * three points of a step, in chain order: on a private copy of the gradient (`gradient`), on the
 * learning rate (`lr`), and on the new iterate after the optimizer moved (`afterStep`). Its state is
 * an OptimizerState (t = steps taken), so it saves and restores with the optimizer's.
 */
export interface Transform {
  name: string;
  buffers?: readonly string[];
  scalars?: { [name: string]: number };
  initState?(state: OptimizerState, x0: Vec): void;
  gradient?(g: Vec, x: Vec, state: OptimizerState): void;
  lr?(lr: number, state: OptimizerState): number;
  afterStep?(x: Vec, state: OptimizerState): void;
  averaged?(state: OptimizerState): Vec;
}
