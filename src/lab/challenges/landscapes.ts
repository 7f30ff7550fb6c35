/** Two-dimensional landscapes for §8.2: a strict saddle between two minima, and a cliff (Fig. 8.3). */
import { sigmoid } from "../../math";
import type { Objective, Vec } from "../../types";
import { fail } from "../../args";

function point(fn: string, x: Vec): void {
  if (!x || x.length !== 2) fail(fn, "x", "a vector of length 2", x ? `length ${x.length}` : x);
}

/**
 * f(x, y) = ½x² + ¼y⁴ − ½y²: a strict saddle at the origin (Hessian eigenvalues 1 and −1) between the
 * minima (0, ±1) (eigenvalues 1 and 2), f* = −¼. Gradient descent started on the x-axis never leaves it.
 */
export function strictSaddle(): Objective & { fStar: number } {
  const name = "strictSaddle";
  return {
    name,
    dim: 2,
    fStar: -0.25,
    f: (x) => (point(`lab.${name}.f`, x), 0.5 * x[0] * x[0] + 0.25 * x[1] ** 4 - 0.5 * x[1] * x[1]),
    grad: (x) => (point(`lab.${name}.grad`, x), Float64Array.of(x[0], x[1] ** 3 - x[1])),
    hessian: (x) => (point(`lab.${name}.hessian`, x), [[1, 0], [0, 3 * x[1] * x[1] - 1]]),
  };
}


/**
 * A gentle valley toward (4, 0) with a cliff: f = 0.05(x − 4)² + ½y² + h·(1 − σ(s(x − 1))). Crossing x = 1 the
 * cost drops by h over a width ≈ 1/s, where the gradient reaches h·s/4 — the step that lands there is flung away.
 */
export function cliffValley(opts: { height?: number; sharpness?: number } = {}): Objective {
  const name = "cliffValley";
  const h = opts.height ?? 10;
  const s = opts.sharpness ?? 20;
  if (typeof h !== "number" || !(h > 0)) fail(`lab.${name}`, "height", "a number > 0", h);
  if (typeof s !== "number" || !(s > 0)) fail(`lab.${name}`, "sharpness", "a number > 0", s);
  return {
    name,
    dim: 2,
    f: (x) => (point(`lab.${name}.f`, x), 0.05 * (x[0] - 4) ** 2 + 0.5 * x[1] * x[1] + h * (1 - sigmoid(s * (x[0] - 1)))),
    grad: (x) => {
      point(`lab.${name}.grad`, x);
      const p = sigmoid(s * (x[0] - 1));
      return Float64Array.of(0.1 * (x[0] - 4) - h * s * p * (1 - p), x[1]);
    },
    hessian: (x) => {
      point(`lab.${name}.hessian`, x);
      const p = sigmoid(s * (x[0] - 1));
      return [[0.1 - h * s * s * p * (1 - p) * (1 - 2 * p), 0], [0, 1]];
    },
  };
}
