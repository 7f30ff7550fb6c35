/**
 * Measuring SGD's excess error f(θ_k) − f* (§8.3.1): with ε_k ∝ 1/√k the excess error of a convex problem
 * decays like O(1/√k); with strong convexity and ε_k ∝ 1/k it decays like O(1/k) (Bottou 2012).
 */
import { chain, run, scheduleLr } from "../../optim";
import type { Optimizer } from "../../optim";
import type { Schedule } from "../../schedules";
import type { Objective } from "../../types";
import { fail, positive, positiveInt } from "./validate";

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

/** Mean over seeds of f(θ_k) − f* at the steps `at` (each seed: its own minibatch order). */
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
  for (let s = 0; s < opts.seeds; s++) {
    const t = run(optimizer, opts.objective(s), { x0: opts.x0, steps: opts.steps });
    opts.at.forEach((k, i) => (sums[i] += t.loss[k] - opts.fStar));
  }
  return sums.map((v) => v / opts.seeds);
}
