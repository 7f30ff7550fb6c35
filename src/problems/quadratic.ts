import type { Objective, Vec } from "../types";
import { checkedObjective, checkMatrix, checkVector } from "./validate";

/** f(x) = ½xᵀAx − bᵀx with a symmetric A: the local model of every smooth objective (eq. 8.10). */
export function quadratic({ A, b, name = "quadratic" }: { A: number[][]; b: ArrayLike<number>; name?: string }): Objective {
  const fn = "problems.quadratic";
  const M = checkMatrix(fn, "A", A);
  const n = M.length;
  if (M[0].length !== n) throw new Error(`${fn}: parameter 'A' must be square, got ${n}×${M[0].length}`);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++)
      if (M[i][j] !== M[j][i]) throw new Error(`${fn}: parameter 'A' must be symmetric, but A[${i}][${j}] = ${M[i][j]} ≠ A[${j}][${i}] = ${M[j][i]}`);
  const bv = checkVector(fn, "b", b, n);
  const flat = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) flat[i * n + j] = M[i][j];
  const Ax = (x: Vec, out: Vec) => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += flat[i * n + j] * x[j];
      out[i] = s;
    }
    return out;
  };
  return checkedObjective(name, n, {
    f(x) {
      const ax = Ax(x, new Float64Array(n));
      let s = 0;
      for (let i = 0; i < n; i++) s += 0.5 * x[i] * ax[i] - bv[i] * x[i];
      return s;
    },
    grad(x) {
      const g = Ax(x, new Float64Array(n));
      for (let i = 0; i < n; i++) g[i] -= bv[i];
      return g;
    },
    hessian(x) {
      return M.map((r) => r.slice());
    },
  });
}
