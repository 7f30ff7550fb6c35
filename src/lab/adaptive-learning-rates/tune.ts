/**
 * A fair race between optimizers (§8.5.4: "the choice … depends largely on the user's familiarity
 * with the algorithm", so each gets its best learning rate from the same grid before comparing).
 */
import type { Objective } from "../../types";
import { run, type Optimizer, type Trajectory } from "../../optim";
import { fail, finiteArray, positiveInt } from "../../args";

export interface TunedRun {
  lr: number;
  trajectory: Trajectory;
  /** The final loss of every grid value (Infinity where the run diverged). */
  finalLoss: number[];
}

/** Runs `make(lr)` for every lr of the grid and keeps the one with the lowest final loss (ties: the smaller lr). */
export function bestLearningRate(
  make: (lr: number) => Optimizer,
  objective: Objective,
  options: { x0: ArrayLike<number>; steps: number; lrs: number[] },
): TunedRun {
  const fn = "lab.bestLearningRate";
  if (typeof make !== "function") fail(fn, "make", "a function lr => optimizer", make);
  const lrs = finiteArray(fn, "lrs", options.lrs);
  lrs.forEach((lr, i) => lr > 0 || fail(fn, `lrs[${i}]`, "> 0", lr));
  positiveInt(fn, "steps", options.steps);
  let best: TunedRun | null = null;
  const finalLoss: number[] = [];
  for (const lr of lrs) {
    let trajectory: Trajectory;
    try {
      trajectory = run(make(lr), objective, { x0: options.x0, steps: options.steps });
    } catch (e) {
      // A diverging run stops on a non-finite gradient: it loses the race, it does not end it.
      if (/finite/.test((e as Error).message)) {
        finalLoss.push(Infinity);
        continue;
      }
      throw e;
    }
    const last = trajectory.loss[trajectory.loss.length - 1];
    const score = Number.isFinite(last) ? last : Infinity;
    finalLoss.push(score);
    const bestLoss: number = best ? best.trajectory.loss[best.trajectory.loss.length - 1] : Infinity;
    if (!best || score < bestLoss) best = { lr, trajectory, finalLoss };
  }
  if (!best) fail(fn, "lrs", "a grid with at least one learning rate that does not diverge", lrs);
  return { ...best, finalLoss };
}
