import { finite } from "../args";
import type { Objective } from "../types";
import { checkedObjective } from "./validate";

/** f(x, y) = (a − x)² + b(y − x²)²: a curved valley, minimum at (a, a²). */
export function rosenbrock({ a = 1, b = 100 }: { a?: number; b?: number } = {}): Objective {
  finite("problems.rosenbrock", "a", a);
  finite("problems.rosenbrock", "b", b);
  return checkedObjective("rosenbrock", 2, {
    f(x) {
      const u = a - x[0];
      const w = x[1] - x[0] * x[0];
      return u * u + b * w * w;
    },
    grad(x) {
      const w = x[1] - x[0] * x[0];
      return Float64Array.of(-2 * (a - x[0]) - 4 * b * x[0] * w, 2 * b * w);
    },
    hessian(x) {
      return [
        [2 - 4 * b * x[1] + 12 * b * x[0] * x[0], -4 * b * x[0]],
        [-4 * b * x[0], 2 * b],
      ];
    },
  });
}
