import type { Objective, Vec } from "../types";
import { fail } from "../args";
import { copyForStepping } from "./registry";
import type { Optimizer, Trajectory } from "./types";

/**
 * Runs `steps` steps of `optimizer` on `objective` from x0, recording every iterate and its loss
 * (and the averaged or look-ahead series when the optimizer has one). The gradient is passed as
 * `objective.grad`, so a minibatch objective makes the run stochastic.
 */
export function run(optimizer: Optimizer, objective: Objective, opts: { x0: ArrayLike<number>; steps: number }): Trajectory {
  const fn = "run";
  if (!optimizer || typeof optimizer.step !== "function") fail(fn, "optimizer", "an optimizer (optim.*, book.* or chain(...))", optimizer);
  if (!objective || typeof objective.f !== "function" || typeof objective.grad !== "function") fail(fn, "objective", "an objective with f and grad", objective);
  if (!opts || typeof opts !== "object") fail(fn, "options", "an object { x0, steps }", opts);
  const { x0, steps } = opts;
  const known = ["x0", "steps"];
  for (const k of Object.keys(opts)) if (!known.includes(k)) fail(fn, k, `one of the known options (${known.join(", ")})`, (opts as Record<string, unknown>)[k]);
  if (!x0 || typeof x0.length !== "number") fail(fn, "x0", "an array of numbers", x0);
  if (typeof objective.dim === "number" && x0.length !== objective.dim) fail(fn, "x0", `an array of length ${objective.dim} (the objective's dimension)`, `length ${x0.length}`);
  if (!Number.isInteger(steps) || steps < 0) fail(fn, "steps", "an integer ≥ 0", steps);
  // A Float64Array: where x0 lives in a wasm arena, in the same arena, so that accelerated steps reach it.
  const x = copyForStepping(x0);
  const state = optimizer.init(x);
  const grad = (p: Vec) => objective.grad(p);
  const params: Vec[] = [x.slice()];
  const loss: number[] = [objective.f(x)];
  const averaged: Vec[] | undefined = optimizer.averaged ? [optimizer.averaged(state)] : undefined;
  const lookahead: Vec[] | undefined = optimizer.lookahead ? [optimizer.lookahead(x, state)] : undefined;
  for (let k = 0; k < steps; k++) {
    optimizer.step(x, grad, state);
    params.push(x.slice());
    loss.push(objective.f(x));
    if (averaged) averaged.push(optimizer.averaged!(state));
    if (lookahead) lookahead.push(optimizer.lookahead!(x, state));
  }
  const out: Trajectory = { params, loss };
  if (averaged) out.averaged = averaged;
  if (lookahead) out.lookahead = lookahead;
  return out;
}
