/**
 * Block coordinate descent on sparse coding (GBC §8.7.2): J(H, W) = ½‖X − HW‖²_F + λ‖H‖₁ + ½μ‖W‖²_F,
 * minimized alternately over the codes H (proximal gradient / ISTA, convex in H) and the dictionary W
 * (ridge least squares, exact). Each block step cannot increase J.
 */
import { rng } from "../../rng";
import { fail, finiteMatrix, positive, positiveInt } from "../../args";

type M = number[][];
const matmul = (A: M, B: M): M => A.map((row) => B[0].map((_, j) => row.reduce((s, a, k) => s + a * B[k][j], 0)));
const transpose = (A: M): M => A[0].map((_, j) => A.map((row) => row[j]));

/** J(H, W) as defined above. */
export function sparseCodingObjective(X: M, H: M, W: M, lambda: number, mu: number): number {
  const R = matmul(H, W);
  let fit = 0;
  X.forEach((row, i) => row.forEach((v, j) => (fit += (v - R[i][j]) ** 2)));
  const l1 = H.reduce((s, row) => s + row.reduce((r, v) => r + Math.abs(v), 0), 0);
  const w2 = W.reduce((s, row) => s + row.reduce((r, v) => r + v * v, 0), 0);
  return 0.5 * fit + lambda * l1 + 0.5 * mu * w2;
}

/** Solves S Z = B for symmetric positive definite S (Cholesky), B with several columns. */
function solveSpd(S: M, B: M): M {
  const n = S.length;
  const L = S.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = S[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
    }
  }
  return B[0].map((_, c) => {
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = B[i][c];
      for (let k = 0; k < i; k++) s -= L[i][k] * y[k];
      y[i] = s / L[i][i];
    }
    const z = new Array<number>(n).fill(0);
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i];
      for (let k = i + 1; k < n; k++) s -= L[k][i] * z[k];
      z[i] = s / L[i][i];
    }
    return z;
  }).reduce<M>((cols, z, c) => {
    z.forEach((v, i) => (cols[i][c] = v));
    return cols;
  }, S.map(() => new Array<number>(B[0].length).fill(0)));
}

/** The exact W-step: W = (HᵀH + μI)⁻¹ HᵀX. */
export function dictionaryStep(X: M, H: M, mu: number): M {
  const Ht = transpose(H);
  const S = matmul(Ht, H).map((row, i) => row.map((v, j) => (i === j ? v + mu : v)));
  return solveSpd(S, matmul(Ht, X));
}

/** `iterations` ISTA steps on H with step 1/L, L = ‖WWᵀ‖_F ≥ its largest eigenvalue. */
export function codeStep(X: M, H: M, W: M, lambda: number, iterations: number): M {
  const WWt = matmul(W, transpose(W));
  const L = Math.sqrt(WWt.reduce((s, row) => s + row.reduce((r, v) => r + v * v, 0), 0)) || 1;
  let Hc = H.map((row) => row.slice());
  for (let it = 0; it < iterations; it++) {
    const R = matmul(Hc, W).map((row, i) => row.map((v, j) => v - X[i][j]));
    const G = matmul(R, transpose(W));
    Hc = Hc.map((row, i) =>
      row.map((v, k) => {
        const z = v - G[i][k] / L;
        return Math.sign(z) * Math.max(0, Math.abs(z) - lambda / L);
      }),
    );
  }
  return Hc;
}

export interface SparseCodingRun {
  /** J after the start and after every block step: [J₀, J after H-step 1, J after W-step 1, …]. */
  objective: number[];
  /** "start", then alternately "H" and "W". */
  block: string[];
  H: M;
  W: M;
}

/** Alternating minimization from a seeded random start. */
export function sparseCodingAlternating(X: number[][], options: { atoms: number; lambda: number; mu?: number; rounds: number; istaSteps?: number; seed?: number }): SparseCodingRun {
  const fn = "lab.sparseCodingAlternating";
  const data = finiteMatrix(fn, "X", X);
  const k = positiveInt(fn, "atoms", options.atoms);
  const lambda = options.lambda;
  if (typeof lambda !== "number" || !(lambda >= 0) || !Number.isFinite(lambda)) fail(fn, "lambda", "a finite number ≥ 0", lambda);
  const mu = positive(fn, "mu", options.mu ?? 1e-3);
  const rounds = positiveInt(fn, "rounds", options.rounds);
  const ista = positiveInt(fn, "istaSteps", options.istaSteps ?? 20);
  const random = rng(options.seed ?? 0);
  let W = Array.from({ length: k }, () => data[0].map(() => random.normal()));
  let H = data.map(() => new Array<number>(k).fill(0));
  const objective = [sparseCodingObjective(data, H, W, lambda, mu)];
  const block = ["start"];
  for (let r = 0; r < rounds; r++) {
    H = codeStep(data, H, W, lambda, ista);
    objective.push(sparseCodingObjective(data, H, W, lambda, mu));
    block.push("H");
    W = dictionaryStep(data, H, mu);
    objective.push(sparseCodingObjective(data, H, W, lambda, mu));
    block.push("W");
  }
  return { objective, block, H, W };
}
