import { CholeskyDecomposition, EigenvalueDecomposition, LuDecomposition, Matrix } from "ml-matrix";
import type { Vec } from "../types";

/** Checks that H is a finite dim×dim matrix and returns a copy (objective.hessian is user code). */
export function checkHessian(fn: string, H: unknown, dim: number): number[][] {
  if (!Array.isArray(H) || H.length !== dim) {
    throw new Error(`${fn}: objective.hessian(x) must return a ${dim}×${dim} matrix (array of rows), got ${Array.isArray(H) ? `${H.length} rows` : String(H)}`);
  }
  return H.map((row: unknown, i: number) => {
    const r = row as ArrayLike<number>;
    if (!r || r.length !== dim) throw new Error(`${fn}: objective.hessian(x) row ${i} must have length ${dim}, got ${r ? r.length : String(r)}`);
    return Array.from(r);
  });
}

/** H + α·I as a new matrix. */
export function shifted(H: number[][], alpha: number): number[][] {
  return H.map((row, i) => row.map((v, j) => (i === j ? v + alpha : v)));
}

/** Eigenvalues of the symmetric part of H, ascending (ml-matrix's symmetric QL algorithm). */
export function symmetricEigenvalues(H: number[][]): number[] {
  const sym = H.map((row, i) => row.map((v, j) => 0.5 * (v + H[j][i])));
  return new EigenvalueDecomposition(new Matrix(sym), { assumeSymmetric: true }).realEigenvalues.slice().sort((a, b) => a - b);
}

/** Solves A·x = b by LU with partial pivoting; null when A is singular to working precision. */
export function luSolve(A: number[][], b: Vec): Vec | null {
  const lu = new LuDecomposition(new Matrix(A));
  if (lu.isSingular()) return null;
  const x = Float64Array.from(lu.solve(Matrix.columnVector(Array.from(b))).getColumn(0));
  return x.every(Number.isFinite) ? x : null;
}

/** Solves A·x = b for symmetric positive definite A by Cholesky; null when A is not positive definite. */
export function choleskySolve(A: number[][], b: Vec): Vec | null {
  const sym = A.map((row, i) => row.map((v, j) => 0.5 * (v + A[j][i])));
  const chol = new CholeskyDecomposition(new Matrix(sym));
  if (!chol.isPositiveDefinite()) return null;
  const x = Float64Array.from(chol.solve(Matrix.columnVector(Array.from(b))).getColumn(0));
  return x.every(Number.isFinite) ? x : null;
}

/** The kind of stationary point a Hessian's eigenvalues indicate (second-order conditions, GBC §4.3). */
export function classifyStationaryPoint(eigenvalues: number[]): "minimum" | "maximum" | "saddle" | "degenerate" {
  const scale = Math.max(...eigenvalues.map(Math.abs), Number.MIN_VALUE);
  const tol = 1e-12 * scale * eigenvalues.length;
  const pos = eigenvalues.some((l) => l > tol);
  const neg = eigenvalues.some((l) => l < -tol);
  if (pos && neg) return "saddle";
  if (eigenvalues.some((l) => Math.abs(l) <= tol)) return "degenerate";
  return pos ? "minimum" : "maximum";
}
