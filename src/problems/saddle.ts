import type { Objective } from "../types";
import { checkedObjective } from "./validate";

/** f(x, y) = x² − y²: a strict saddle at the origin, unbounded below along y. */
export function saddle(): Objective {
  return checkedObjective("saddle", 2, {
    f(x) {
      return x[0] * x[0] - x[1] * x[1];
    },
    grad(x) {
      return Float64Array.of(2 * x[0], -2 * x[1]);
    },
    hessian(x) {
      return [
        [2, 0],
        [0, -2],
      ];
    },
  });
}
