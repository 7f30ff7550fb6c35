/**
 * The online problems on which Adam fails to converge (Reddi, Kale & Kumar 2018, "On the Convergence
 * of Adam and Beyond", §3 and Fig. 1): linear losses f_t(x) = c_t·x on the feasible set [−1, 1] whose
 * average slope is positive, so the best fixed point is x = −1.
 */
import { rng } from "../../rng";
import { fail, positive, positiveInt } from "../../args";

/** Slope of f_t: `big` once every `period` steps (t mod period = 0), `small` otherwise (§3: big = C, small = −1, period 3). */
export function periodicSlope(options: { big: number; small: number; period: number }): (t: number) => number {
  const fn = "lab.periodicSlope";
  positive(fn, "big", options.big);
  if (typeof options.small !== "number" || !(options.small < 0)) fail(fn, "small", "a negative number", options.small);
  positiveInt(fn, "period", options.period);
  const { big, small, period } = options;
  return (t: number) => (t % period === 0 ? big : small);
}

/**
 * Stochastic version: slope `big` with probability p, `small` otherwise, drawn once per step from a
 * seeded stream (the same t always gives the same slope for a seed).
 */
export function randomSlope(options: { big: number; small: number; probability: number; seed: number }): (t: number) => number {
  const fn = "lab.randomSlope";
  positive(fn, "big", options.big);
  if (typeof options.small !== "number" || !(options.small < 0)) fail(fn, "small", "a negative number", options.small);
  const p = options.probability;
  if (typeof p !== "number" || !(p > 0 && p < 1)) fail(fn, "probability", "a number in (0, 1)", p);
  const random = rng(options.seed);
  const drawn: number[] = [];
  return (t: number) => {
    if (!Number.isInteger(t) || t < 0) fail(fn, "t", "an integer ≥ 0", t);
    while (drawn.length <= t) drawn.push(random() < p ? options.big : options.small);
    return drawn[t];
  };
}
