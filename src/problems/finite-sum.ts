import type { Objective, Vec } from "../types";
import { minibatchSampler, type MinibatchSampler } from "./sampler";
import { checkPoint } from "./validate";

/** A finite-sum objective (1/n)Σ L(x; example i) + penalty whose `grad` is a minibatch gradient. */
export interface MinibatchObjective extends Objective {
  /** Number of examples. */
  n: number;
  batchSize: number;
  /** The deterministic full-batch objective (f, grad, hessian over all examples). */
  full: Objective;
  /** Mean loss over the examples `idx` (plus the penalty). */
  batchLoss(x: Vec, idx: ArrayLike<number>): number;
  /** Mean gradient over the examples `idx` (plus the penalty's). */
  batchGrad(x: Vec, idx: ArrayLike<number>): Vec;
  sampler: MinibatchSampler;
}

/** The per-example pieces a finite sum needs; sums over idx, the caller divides and adds the penalty. */
export interface FiniteSumTerms {
  name: string;
  n: number;
  dim: number;
  lossSum(x: Vec, idx: ArrayLike<number>): number;
  gradSum(x: Vec, idx: ArrayLike<number>, out: Vec): void;
  penalty(x: Vec): number;
  penaltyGrad(x: Vec, out: Vec): void;
  hessian(x: Vec): number[][];
}

/**
 * Builds the minibatch objective: f and hessian are full-batch (what one monitors), grad(x) draws
 * the next minibatch from a seeded sampler, so plain `run(optim.sgd(...), obj, ...)` is real SGD (8.1.3).
 */
export function finiteSum(terms: FiniteSumTerms, opts: { batchSize: number; seed: number; dropLast?: boolean }): MinibatchObjective {
  const { name, n, dim } = terms;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const batchLoss = (x: Vec, idx: ArrayLike<number>) => {
    checkPoint(`${name}.batchLoss`, x, dim);
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k];
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new Error(`${name}.batchLoss: parameter 'idx' must hold example indices in [0, ${n}), got ${i}`);
    }
    if (idx.length === 0) throw new Error(`${name}.batchLoss: parameter 'idx' must be non-empty, got length 0`);
    return terms.lossSum(x, idx) / idx.length + terms.penalty(x);
  };
  const batchGrad = (x: Vec, idx: ArrayLike<number>) => {
    checkPoint(`${name}.batchGrad`, x, dim);
    if (idx.length === 0) throw new Error(`${name}.batchGrad: parameter 'idx' must be non-empty, got length 0`);
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k];
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new Error(`${name}.batchGrad: parameter 'idx' must hold example indices in [0, ${n}), got ${i}`);
    }
    const g = new Float64Array(dim);
    terms.gradSum(x, idx, g);
    for (let j = 0; j < dim; j++) g[j] /= idx.length;
    terms.penaltyGrad(x, g);
    return g;
  };
  const full: Objective = {
    name,
    dim,
    f: (x) => batchLoss(x, all),
    grad: (x) => batchGrad(x, all),
    hessian: (x) => {
      checkPoint(`${name}.hessian`, x, dim);
      return terms.hessian(x);
    },
  };
  const sampler = minibatchSampler({ n, batchSize: opts.batchSize, seed: opts.seed, dropLast: opts.dropLast ?? false });
  return {
    name: `${name} (minibatch ${opts.batchSize})`,
    dim,
    n,
    batchSize: opts.batchSize,
    full,
    f: full.f,
    grad: (x) => batchGrad(x, sampler.next()),
    hessian: full.hessian,
    batchLoss,
    batchGrad,
    sampler,
  };
}
