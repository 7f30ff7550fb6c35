/**
 * The book's example of higher-order effects of one gradient step (§8.7.1): ŷ = x·w₁·w₂···w_l. A step
 * w ← w − εg with g = ∇_w ŷ is predicted by the first-order Taylor series to lower ŷ by ε gᵀg, but the
 * new value multiplies the l updated factors, so terms up to ε^l appear.
 */
import { fail, finite, finiteArray, positive } from "../../args";

export interface ChainStep {
  yBefore: number;
  yAfter: number;
  /** ε gᵀg: the decrease the first-order Taylor expansion predicts. */
  predictedDecrease: number;
  actualDecrease: number;
}

export function linearChainStep(weights: number[], x: number, epsilon: number): ChainStep {
  const fn = "lab.linearChainStep";
  const w = finiteArray(fn, "weights", weights);
  finite(fn, "x", x);
  positive(fn, "epsilon", epsilon);
  if (w.some((v) => v === 0)) fail(fn, "weights", "non-zero numbers", w);
  const y = w.reduce((p, v) => p * v, x);
  // ∂ŷ/∂w_i = ŷ / w_i (all weights are non-zero).
  const g = w.map((v) => y / v);
  const wNew = w.map((v, i) => v - epsilon * g[i]);
  const yAfter = wNew.reduce((p, v) => p * v, x);
  const gg = g.reduce((s, v) => s + v * v, 0);
  return { yBefore: y, yAfter, predictedDecrease: epsilon * gg, actualDecrease: y - yAfter };
}
