/**
 * Nesterov's "worst function in the world" (Nesterov 2004, §2.1.2): a convex, L-smooth quadratic with no
 * strong convexity to speak of, on which no first-order method beats O(1/k²) for k < n/2, and plain
 * gradient descent shows its O(1/k). Gradients cost O(n) (tridiagonal), so n can be large.
 */
import type { Objective, Vec } from "../../types";
import { fail, positive } from "../../args";

export interface WorstCaseQuadratic extends Objective {
  /** The minimizer: x*_i = 1 − i/(n + 1) for i = 1…n. */
  xStar: Vec;
  /** f(x*) = (L/8)(1/(n + 1) − 1). */
  fStar: number;
  /** The smoothness constant: every Hessian eigenvalue lies in (0, L). */
  L: number;
}

/** f(x) = (L/4)·[½(x₁² + Σ(x_i − x_{i+1})² + x_n²) − x₁]. */
export function nesterovWorstCase(opts: { n: number; L?: number }): WorstCaseQuadratic {
  const fn = "lab.nesterovWorstCase";
  if (!opts || typeof opts !== "object") fail(fn, "options", "an object { n, L? }", opts);
  const { n, L = 1 } = opts;
  if (!Number.isInteger(n) || n < 2) fail(fn, "n", "an integer ≥ 2", n);
  positive(fn, "L", L);
  const check = (where: string, x: Vec) => {
    if (!x || x.length !== n) fail(`${fn}.${where}`, "x", `a vector of length ${n}`, x ? `length ${x.length}` : x);
  };
  // A x with A = tridiag(−1, 2, −1): the Hessian up to the factor L/4.
  const tridiag = (x: Vec, out: Vec) => {
    for (let i = 0; i < n; i++) out[i] = 2 * x[i] - (i > 0 ? x[i - 1] : 0) - (i < n - 1 ? x[i + 1] : 0);
    return out;
  };
  const xStar = Float64Array.from({ length: n }, (_, i) => 1 - (i + 1) / (n + 1));
  return {
    name: `Nesterov's worst-case quadratic (n = ${n}, L = ${L})`,
    dim: n,
    L,
    xStar,
    fStar: (L / 8) * (1 / (n + 1) - 1),
    f(x) {
      check("f", x);
      const ax = tridiag(x, new Float64Array(n));
      let s = 0;
      for (let i = 0; i < n; i++) s += 0.5 * x[i] * ax[i];
      return (L / 4) * (s - x[0]);
    },
    grad(x) {
      check("grad", x);
      const g = tridiag(x, new Float64Array(n));
      g[0] -= 1;
      for (let i = 0; i < n; i++) g[i] *= L / 4;
      return g;
    },
    hessian(x) {
      check("hessian", x);
      return Array.from({ length: n }, (_, i) =>
        Array.from({ length: n }, (_, j) => (L / 4) * (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)),
      );
    },
  };
}
