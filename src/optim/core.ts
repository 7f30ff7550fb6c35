import type { Vec } from "../types";
import type { GradientArg, Optimizer, OptimizerState } from "./types";
import { acceleratedBuffers, acceleratedStep, acceleratorGeneration, type AcceleratedStep } from "./registry";
import { allFinite, checkFinite, checkParams, checkState, gradientAt, newState } from "./state";

/**
 * What one update rule supplies; `defineOptimizer` adds validation, gradient handling, state, and
 * the accelerated step an installed accelerator registered for this optimizer's name (registry.ts),
 * which computes the rule's bits faster where it applies.
 */
export interface RuleDefinition<H> {
  name: string;
  kind: string;
  hyperparams: H & { checkFinite: boolean };
  /** The learning rate `step` uses (schedules replace it through `stepWithLr`). */
  lr: number;
  buffers: readonly string[];
  scalars?: { [name: string]: number };
  /** Fills fresh buffers from x0 (e.g. the book's initial velocity v0). */
  initBuffers?(state: OptimizerState, x0: Vec): void;
  /** Writes into `out` the point where the gradient is taken, when it is not x (Nesterov). */
  gradientPoint?(x: Vec, state: OptimizerState, out: Vec): void;
  /** The update itself: x, g and state are already checked; must not throw. */
  update(x: Vec, g: Vec, state: OptimizerState, lr: number): void;
  averaged?(state: OptimizerState): Vec;
}

export function defineOptimizer<H>(def: RuleDefinition<H>): Optimizer<H> {
  const fn = `${def.name}.step`;
  const finite = def.hyperparams.checkFinite;
  const baseLr = def.lr;
  let accelerated: AcceleratedStep | null = null;
  let generation = -1;
  const stepWithLr = (x: Vec, grad: GradientArg, state: OptimizerState, lr: number): void => {
    checkParams(fn, x, false);
    const n = x.length;
    checkState(fn, state, def.kind, n);
    let g: Vec;
    if (def.gradientPoint) {
      if (typeof grad !== "function") {
        throw new Error(`${fn}: parameter 'grad' must be a function x => gradient (this method evaluates the gradient at the look-ahead point θ + αv), got ${grad === null ? "null" : typeof grad}`);
      }
      const point = new Float64Array(n);
      def.gradientPoint(x, state, point);
      g = gradientAt(fn, grad, point, n, false);
    } else {
      g = gradientAt(fn, grad, x, n, false);
    }
    // x and g are checked in one pass; nothing has been written yet.
    if (finite && !allFinite(x, g)) {
      checkFinite(fn, "x", x);
      checkFinite(fn, "grad", g);
    }
    if (generation !== acceleratorGeneration()) {
      generation = acceleratorGeneration();
      accelerated = acceleratedStep(def.name, def.hyperparams);
    }
    if (!accelerated || !accelerated(x, g, state, lr)) def.update(x, g, state, lr);
    state.t += 1;
  };
  const opt: Optimizer<H> = {
    name: def.name,
    kind: def.kind,
    hyperparams: def.hyperparams,
    lr: def.lr,
    init(x0: Vec): OptimizerState {
      const x = checkParams(`${def.name}.init`, x0 instanceof Float64Array ? x0 : Float64Array.from(x0 as ArrayLike<number>), false);
      const state = newState(def.kind, x.length, def.buffers, def.scalars, acceleratedBuffers(def.name, x, def.buffers.length));
      if (def.initBuffers) def.initBuffers(state, x);
      return state;
    },
    step(x, grad, state) {
      stepWithLr(x, grad, state, baseLr);
    },
    stepWithLr(x, grad, state, lr) {
      if (typeof lr !== "number" || !(lr >= 0) || !Number.isFinite(lr)) {
        throw new Error(`${fn}: parameter 'lr' must be a finite number ≥ 0, got ${String(lr)}`);
      }
      stepWithLr(x, grad, state, lr);
    },
  };
  if (def.averaged) opt.averaged = def.averaged;
  if (def.gradientPoint) {
    const point = def.gradientPoint;
    opt.lookahead = (x, state) => {
      const out = new Float64Array(x.length);
      point(x, state, out);
      return out;
    };
  }
  return opt;
}
