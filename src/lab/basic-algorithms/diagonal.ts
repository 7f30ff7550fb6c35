/**
 * f(θ) = ½ Σ λ_i θ_i²: a quadratic in its eigenbasis, with O(n) gradients so n can be in the thousands.
 * With eigenvalues spread evenly down to ≈ 0 it is convex but (practically) not strongly convex (§8.3.3).
 */
import type { Objective } from "../../types";
import { fail, finiteArray } from "../../args";

export function diagonalQuadratic(eigenvalues: ArrayLike<number>): Objective {
  const fn = "lab.diagonalQuadratic";
  const lambda = Float64Array.from(finiteArray(fn, "eigenvalues", eigenvalues));
  lambda.forEach((l, i) => l >= 0 || fail(fn, `eigenvalues[${i}]`, "≥ 0 (a convex quadratic)", l));
  const n = lambda.length;
  const check = (where: string, x: Float64Array) => {
    if (!x || x.length !== n) fail(`${fn}.${where}`, "x", `a vector of length ${n}`, x ? `length ${x.length}` : x);
  };
  return {
    name: `diagonal quadratic (n = ${n})`,
    dim: n,
    f(x) {
      check("f", x);
      let s = 0;
      for (let i = 0; i < n; i++) s += 0.5 * lambda[i] * x[i] * x[i];
      return s;
    },
    grad(x) {
      check("grad", x);
      return lambda.map((l, i) => l * x[i]);
    },
    hessian(x) {
      check("hessian", x);
      return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? lambda[i] : 0)));
    },
  };
}
