/**
 * Small, self-contained linear algebra for the checkers' references and case generation, so the
 * checkers stay independent of the library they check.
 */
import { rng, Rng } from "../rng";

export const dot = (a: number[], b: number[]): number => a.reduce((s, ai, i) => s + ai * b[i], 0);
export const norm2 = (a: number[]): number => Math.sqrt(dot(a, a));
export const matVec = (A: number[][], x: number[]): number[] => A.map((row) => dot(row, x));
export const transpose = (A: number[][]): number[][] => A[0].map((_, j) => A.map((row) => row[j]));
export const matMul = (A: number[][], B: number[][]): number[][] => {
  const Bt = transpose(B);
  return A.map((row) => Bt.map((col) => dot(row, col)));
};
export const outer = (a: number[], b: number[]): number[][] => a.map((ai) => b.map((bj) => ai * bj));
export const identity = (n: number): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

/** Solves A x = b by Gaussian elimination with partial pivoting. */
export function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

/** Eigenvalues of a symmetric matrix, ascending (cyclic Jacobi rotations; exact to rounding for small n). */
export function symmetricEigenvalues(S: number[][]): number[] {
  const A = S.map((row) => [...row]);
  const n = A.length;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += A[i][j] * A[i][j];
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (A[p][q] === 0) continue;
        const theta = (A[q][q] - A[p][p]) / (2 * A[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k][p];
          const akq = A[k][q];
          A[k][p] = c * akp - s * akq;
          A[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p][k];
          const aqk = A[q][k];
          A[p][k] = c * apk - s * aqk;
          A[q][k] = s * apk + c * aqk;
        }
      }
    }
  }
  return A.map((row, i) => row[i]).sort((a, b) => a - b);
}

export const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/** A reproducible source of case data: every checker seeds its own stream. */
export function caseRng(seed: number): Rng {
  return rng(seed);
}

export const randomVector = (r: Rng, n: number, scale = 1): number[] =>
  Array.from({ length: n }, () => round(scale * (2 * r() - 1), 3));

export const randomMatrix = (r: Rng, rows: number, cols: number, scale = 1): number[][] =>
  Array.from({ length: rows }, () => randomVector(r, cols, scale));

/** A symmetric positive-definite matrix BᵀB + shift·I with short decimal entries. */
export function randomSpd(r: Rng, n: number, shift = 0.5): number[][] {
  const B = randomMatrix(r, n, n);
  const S = matMul(transpose(B), B);
  return S.map((row, i) => row.map((v, j) => round(v + (i === j ? shift : 0), 4))).map((row, i, M) =>
    row.map((v, j) => (j < i ? M[j][i] : v)),
  );
}
