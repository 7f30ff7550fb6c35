import type { Objective } from "../types";
import { checkPoint } from "./validate";

/** f(x, y) = x² − y²: a strict saddle at the origin, unbounded below along y. */
export function saddle(): Objective {
  const name = "saddle";
  return {
    name,
    dim: 2,
    f(x) {
      checkPoint(`${name}.f`, x, 2);
      return x[0] * x[0] - x[1] * x[1];
    },
    grad(x) {
      checkPoint(`${name}.grad`, x, 2);
      return Float64Array.of(2 * x[0], -2 * x[1]);
    },
    hessian(x) {
      checkPoint(`${name}.hessian`, x, 2);
      return [
        [2, 0],
        [0, -2],
      ];
    },
  };
}
