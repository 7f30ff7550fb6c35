/**
 * The book's Figure 8.4 in two dimensions (§8.2.7): f(x, y) = 2·exp(−x²/4) − 1.5·exp(−(x − 3)²/2) + ¼y². A
 * ridge along x ≈ 0 separates the global minimum near (3, 0), f ≈ −1.5, from a slope that falls toward an
 * asymptote f → 0 as x → −∞ and has no minimum at all. Descent started left of the ridge walks downhill
 * forever, ever more slowly, and never sees the minimum.
 */
import type { Objective, Vec } from "../../types";
import { fail } from "../../args";

function point(fn: string, x: Vec): void {
  if (!x || x.length !== 2) fail(fn, "x", "a vector of length 2", x ? `length ${x.length}` : x);
}

export function wrongSideOfRidge(): Objective & { ridgeX: number; fStar: number; xStar: number } {
  const name = "wrongSideOfRidge";
  const g = (x: number) => 2 * Math.exp(-(x * x) / 4) - 1.5 * Math.exp(-((x - 3) ** 2) / 2);
  const dg = (x: number) => -x * Math.exp(-(x * x) / 4) + 1.5 * (x - 3) * Math.exp(-((x - 3) ** 2) / 2);
  const d2g = (x: number) => (x * x / 2 - 1) * Math.exp(-(x * x) / 4) + 1.5 * (1 - (x - 3) ** 2) * Math.exp(-((x - 3) ** 2) / 2);
  // The ridge top and the minimum along y = 0: roots of g′ by bisection.
  const root = (lo: number, hi: number) => {
    for (let k = 0; k < 200; k++) {
      const mid = 0.5 * (lo + hi);
      if (Math.sign(dg(mid)) === Math.sign(dg(lo))) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  };
  const ridgeX = root(-1, 1);
  const xStar = root(2, 4);
  return {
    name,
    dim: 2,
    ridgeX,
    xStar,
    fStar: g(xStar),
    f: (x) => (point(`lab.${name}.f`, x), g(x[0]) + 0.25 * x[1] * x[1]),
    grad: (x) => (point(`lab.${name}.grad`, x), Float64Array.of(dg(x[0]), 0.5 * x[1])),
    hessian: (x) => (point(`lab.${name}.hessian`, x), [[d2g(x[0]), 0], [0, 0.5]]),
  };
}
