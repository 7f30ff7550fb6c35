/**
 * Measuring SGD's excess error f(θ_k) − f* (§8.3.1): with ε_k ∝ 1/√k the excess error of a convex problem
 * decays like O(1/√k); with strong convexity and ε_k ∝ 1/k it decays like O(1/k) (Bottou 2012).
 */
import { chain, scheduleLr } from "../../optim";
import type { Optimizer } from "../../optim";
import type { Schedule } from "../../schedules";
import type { Objective } from "../../types";
import { fail, positive, positiveInt } from "../../args";

function schedule(description: string, rule: (k: number) => number): Schedule {
  return Object.assign((k: number) => rule(k), { description }) as Schedule;
}

/** ε_k = ε₀/√(1 + k/k₀): the step size of the convex analysis, Σε_k = ∞ and ε_k → 0. */
export function inverseSqrtSchedule(opts: { epsilon0: number; k0?: number }): Schedule {
  const fn = "lab.inverseSqrtSchedule";
  if (!opts || typeof opts !== "object") fail(fn, "options", "an object { epsilon0, k0? }", opts);
  const e0 = positive(fn, "epsilon0", opts.epsilon0);
  const k0 = positive(fn, "k0", opts.k0 ?? 1);
  return schedule(`ε₀/√(1 + k/k₀), ε₀ = ${e0}, k₀ = ${k0}`, (k) => e0 / Math.sqrt(1 + k / k0));
}

/**
 * Mean over seeds of f(θ_k) − f* at the steps `at` (each seed: its own minibatch order). The full loss is
 * evaluated only at those steps, so long runs on large sums stay cheap.
 */
export function meanExcessLoss(opts: {
  /** The stochastic objective for one seed; its f must be the full (deterministic) loss. */
  objective: (seed: number) => Objective;
  optimizer: Optimizer;
  schedule?: Schedule;
  x0: ArrayLike<number>;
  steps: number;
  seeds: number;
  fStar: number;
  at: number[];
}): number[] {
  const fn = "lab.meanExcessLoss";
  if (!opts || typeof opts !== "object") fail(fn, "options", "an object", opts);
  positiveInt(fn, "seeds", opts.seeds);
  positiveInt(fn, "steps", opts.steps);
  if (typeof opts.objective !== "function") fail(fn, "objective", "a function seed → objective", opts.objective);
  opts.at.forEach((k, i) => (Number.isInteger(k) && k >= 0 && k <= opts.steps) || fail(fn, `at[${i}]`, `an integer in [0, ${opts.steps}]`, k));
  const sums = opts.at.map(() => 0);
  const optimizer = opts.schedule ? chain(opts.optimizer, scheduleLr(opts.schedule)) : opts.optimizer;
  const wanted = new Map<number, number[]>();
  opts.at.forEach((k, i) => wanted.set(k, [...(wanted.get(k) ?? []), i]));
  for (let s = 0; s < opts.seeds; s++) {
    const objective = opts.objective(s);
    const x = Float64Array.from(opts.x0);
    const state = optimizer.init(x);
    const grad = (p: Float64Array) => objective.grad(p);
    for (let k = 0; k <= opts.steps; k++) {
      const slots = wanted.get(k);
      if (slots) {
        const excess = objective.f(x) - opts.fStar;
        slots.forEach((i) => (sums[i] += excess));
      }
      if (k < opts.steps) optimizer.step(x, grad, state);
    }
  }
  return sums.map((v) => v / opts.seeds);
}
