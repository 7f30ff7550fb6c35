/**
 * Coordinate descent (GBC §8.7.2) on f = ½xᵀAx − bᵀx: each update sets one x_i to its exact
 * minimizer (b_i − Σ_{j≠i} A_ij x_j)/A_ii, cycling through the coordinates.
 */
import { fail, finiteArray, finiteMatrix, positiveInt } from "../../args";

/** Every intermediate point of `sweeps` cyclic sweeps (n points per sweep), starting with x0. */
export function coordinateDescent(A: number[][], b: number[], x0: number[], sweeps: number): number[][] {
  const fn = "lab.coordinateDescent";
  const M = finiteMatrix(fn, "A", A);
  const n = M.length;
  if (M[0].length !== n) fail(fn, "A", "a square matrix", `${n}×${M[0].length}`);
  M.forEach((row, i) => row[i] > 0 || fail(fn, `A[${i}][${i}]`, "> 0 (each coordinate must have a minimizer)", row[i]));
  const rhs = finiteArray(fn, "b", b);
  if (rhs.length !== n) fail(fn, "b", `a vector of length ${n}`, rhs.length);
  const x = finiteArray(fn, "x0", x0);
  if (x.length !== n) fail(fn, "x0", `a vector of length ${n}`, x.length);
  positiveInt(fn, "sweeps", sweeps);
  const out = [x.slice()];
  for (let s = 0; s < sweeps; s++) {
    for (let i = 0; i < n; i++) {
      let r = rhs[i];
      for (let j = 0; j < n; j++) if (j !== i) r -= M[i][j] * x[j];
      x[i] = r / M[i][i];
      out.push(x.slice());
    }
  }
  return out;
}
