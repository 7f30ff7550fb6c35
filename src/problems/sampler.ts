import { bool, fail, finite } from "../args";
import { rng as makeRng } from "../rng";

export interface MinibatchSampler {
  /** Indices of the next minibatch; a new seeded permutation starts each epoch. */
  next(): Int32Array;
  /** Completed epochs. */
  readonly epoch: number;
  /** Back to the first batch of epoch 0, same seed. */
  reset(): void;
}


/**
 * Minibatches of size m drawn without replacement within each epoch (section 8.1.3): every example
 * is used once per epoch, in a fresh seeded order. The last batch of an epoch is smaller when m does
 * not divide n, unless dropLast.
 */
export function minibatchSampler({ n, batchSize, seed, dropLast = false }: { n: number; batchSize: number; seed: number; dropLast?: boolean }): MinibatchSampler {
  const fn = "problems.minibatchSampler";
  if (!Number.isInteger(n) || n <= 0) fail(fn, "n", "an integer > 0", n);
  if (!Number.isInteger(batchSize) || batchSize <= 0 || batchSize > n) fail(fn, "batchSize", `an integer in [1, ${n}]`, batchSize);
  finite(fn, "seed", seed);
  bool(fn, "dropLast", dropLast);
  let r = makeRng(seed);
  let order: number[] = [];
  let pos = 0;
  let epoch = 0;
  let started = false;
  const shuffle = () => {
    order = r.shuffle(Array.from({ length: n }, (_, i) => i));
    pos = 0;
  };
  return {
    next() {
      if (!started) {
        shuffle();
        started = true;
      }
      const left = n - pos;
      if (left === 0 || (dropLast && left < batchSize)) {
        epoch += 1;
        shuffle();
      }
      const size = Math.min(batchSize, n - pos);
      const batch = Int32Array.from(order.slice(pos, pos + size));
      pos += size;
      return batch;
    },
    get epoch() {
      return epoch;
    },
    reset() {
      r = makeRng(seed);
      pos = 0;
      epoch = 0;
      started = false;
    },
  };
}
