import type { Vec } from "../../types";
import type { OptimizerState } from "../types";

/** Sets the initial velocity v from the option v0 (a scalar for every coordinate, or a vector). */
export function initVelocity(fn: string, v0: number | readonly number[], state: OptimizerState, x0: Vec): void {
  const v = state.buffers.v;
  if (typeof v0 === "number") {
    v.fill(v0);
    return;
  }
  if (v0.length !== x0.length) {
    throw new Error(`${fn}: parameter 'v0' must be a number or have the parameters' length ${x0.length}, got length ${v0.length}`);
  }
  for (let i = 0; i < v.length; i++) v[i] = v0[i];
}

/** The interim point θ + αv of Algorithms 8.3 and 8.6. */
export function lookaheadPoint(alpha: number) {
  return (theta: Vec, s: OptimizerState, out: Vec): void => {
    const v = s.buffers.v;
    for (let i = 0; i < theta.length; i++) out[i] = theta[i] + alpha * v[i];
  };
}
