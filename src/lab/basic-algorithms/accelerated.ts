/**
 * Nesterov's accelerated gradient for convex, not strongly convex problems (Nesterov 1983): Algorithm 8.3
 * with a momentum that grows over time, α_t = t/(t + 3), and ε = 1/L. Its guarantee is
 * f(θ_k) − f* ≤ 2L‖θ₀ − θ*‖²/(k + 1)², against L‖θ₀ − θ*‖²/(2k) for gradient descent with ε = 1/L.
 */
import { book } from "../../optim";
import type { Trajectory } from "../../optim";
import type { Objective } from "../../types";
import { fail, positive } from "../../args";

/** Runs Algorithm 8.3 with α_t = t/(t + 3): one book.nesterov step per t, sharing one state. */
export function acceleratedGradient(objective: Objective, opts: { epsilon: number; x0: ArrayLike<number>; steps: number }): Trajectory {
  const fn = "lab.acceleratedGradient";
  if (!objective || typeof objective.grad !== "function") fail(fn, "objective", "an objective with f and grad", objective);
  if (!opts || typeof opts !== "object") fail(fn, "options", "an object { epsilon, x0, steps }", opts);
  positive(fn, "epsilon", opts.epsilon);
  if (!Number.isInteger(opts.steps) || opts.steps < 0) fail(fn, "steps", "an integer ≥ 0", opts.steps);
  if (!opts.x0 || opts.x0.length !== objective.dim) fail(fn, "x0", `an array of length ${objective.dim}`, opts.x0);
  const x = Float64Array.from(opts.x0);
  // A book.momentum-kind state is independent of α, so each step may use its own α_t.
  const state = book.nesterov({ epsilon: opts.epsilon, alpha: 0 }).init(x);
  const params = [x.slice()];
  const loss = [objective.f(x)];
  const grad = (p: Float64Array) => objective.grad(p);
  for (let t = 0; t < opts.steps; t++) {
    book.nesterov({ epsilon: opts.epsilon, alpha: t / (t + 3) }).step(x, grad, state);
    params.push(x.slice());
    loss.push(objective.f(x));
  }
  return { params, loss };
}
