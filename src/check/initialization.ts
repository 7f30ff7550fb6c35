/** Checkers for §8.4 — parameter initialization (Glorot, He, orthogonal). */
import { CheckOptions, CheckResult, runCheck } from "./core";
import { caseRng, dot, identity, matMul, randomMatrix, transpose } from "./linalg";

const fans = (hidden: boolean): [number, number][] =>
  hidden ? [[1, 1], [784, 10], [3, 4096], [512, 512], [7, 13]] : [[100, 50], [256, 256], [10, 1000]];

/** Eq. 8.24 (Glorot & Bengio 2010): W ~ U(−√(6/(m + n)), √(6/(m + n))). */
export function glorotBound(fn: (fanIn: number, fanOut: number) => number, options?: CheckOptions): CheckResult {
  return runCheck<[number, number]>(
    {
      name: "glorotBound",
      cite: "eq. 8.24",
      argNames: ["fanIn", "fanOut"],
      cases: fans,
      reference: (m, n) => Math.sqrt(6 / (m + n)),
      mistakes: [
        { hint: "√(2/(m + n)) is the standard deviation of Glorot's normal variant; the uniform bound is √(6/(m + n)).", wrong: (m, n) => Math.sqrt(2 / (m + n)) },
        { hint: "1/√m is the older heuristic of eq. 8.23; the normalized initialization uses both fans.", wrong: (m) => 1 / Math.sqrt(m) },
        { hint: "take the square root: the bound is √(6/(m + n)).", wrong: (m, n) => 6 / (m + n) },
      ],
    },
    fn,
    options,
  );
}

/** He et al. (2015): ReLU layers keep their activation variance with std √(2/fanIn). */
export function heStd(fn: (fanIn: number) => number, options?: CheckOptions): CheckResult {
  return runCheck<[number]>(
    {
      name: "heStd",
      cite: "§8.4, He et al. 2015",
      argNames: ["fanIn"],
      cases: (hidden) => (hidden ? [[1], [3], [4096], [10]] : [[100], [784], [2]]),
      reference: (m) => Math.sqrt(2 / m),
      mistakes: [
        { hint: "√(1/fanIn) is LeCun's scale; ReLU zeroes half the inputs, so He doubles the variance: √(2/fanIn).", wrong: (m) => Math.sqrt(1 / m) },
        { hint: "2/fanIn is the variance; the standard deviation is its square root.", wrong: (m) => 2 / m },
      ],
    },
    fn,
    options,
  );
}

function frobenius(M: number[][]): number {
  return Math.sqrt(M.reduce((s, row) => s + dot(row, row), 0));
}

const gramError = (W: number[][]) => {
  const G = matMul(transpose(W), W);
  const I = identity(G.length);
  return G.map((row, i) => row.map((v, j) => v - I[i][j]));
};

/** A rotation by `angle` (an exactly orthogonal matrix, up to rounding). */
const rotation = (a: number) => [[Math.cos(a), -Math.sin(a)], [Math.sin(a), Math.cos(a)]];

/** §8.4 (Saxe et al. 2013): how far W is from having orthonormal columns, ‖WᵀW − I‖_F. */
export function orthogonalityError(fn: (W: number[][]) => number, options?: CheckOptions): CheckResult {
  return runCheck<[number[][]]>(
    {
      name: "orthogonalityError",
      cite: "§8.4, orthogonal initialization",
      argNames: ["W"],
      cases: (hidden) => {
        const r = caseRng(hidden ? 8410 : 841);
        const cases: [number[][]][] = [[[[1, 2], [3, 4], [5, 6]]], [rotation(0.3)]];
        for (let k = 0; k < (hidden ? 5 : 2); k++) cases.push([randomMatrix(r, 3 + k, 2 + (k % 2))]);
        return cases;
      },
      reference: (W) => frobenius(gramError(W)),
      mistakes: [
        { hint: "use WᵀW (columns against columns), not WWᵀ: for a tall W, WWᵀ can never be the identity.", wrong: (W) => frobenius(matMul(W, transpose(W)).map((row, i) => row.map((v, j) => v - (i === j ? 1 : 0)))) },
        { hint: "the Frobenius norm is the square root of the sum of squares.", wrong: (W) => frobenius(gramError(W)) ** 2 },
        { hint: "the Frobenius norm sums the squares of all entries, not the largest absolute entry.", wrong: (W) => Math.max(...gramError(W).map((row) => Math.max(...row.map(Math.abs)))) },
      ],
    },
    fn,
    options,
  );
}

/** Q with orthonormal columns spanning A's columns, A = QR with diag(R) > 0 (so Q is unique). */
function orthonormalColumns(A: number[][], normalize = true): number[][] {
  const cols = transpose(A);
  const q: number[][] = [];
  for (const c of cols) {
    const u = [...c];
    for (const p of q) {
      const proj = dot(u, p) / (normalize ? 1 : dot(p, p));
      for (let i = 0; i < u.length; i++) u[i] -= proj * p[i];
    }
    const n = Math.sqrt(dot(u, u));
    q.push(normalize ? u.map((v) => v / n) : u);
  }
  return transpose(q);
}

/** §8.4: Gram–Schmidt orthonormalization, the core of orthogonal initialization. */
export function gramSchmidt(fn: (A: number[][]) => number[][], options?: CheckOptions): CheckResult {
  return runCheck<[number[][]]>(
    {
      name: "gramSchmidt",
      cite: "§8.4, orthogonal initialization (Gram–Schmidt)",
      argNames: ["A"],
      cases: (hidden) => {
        const r = caseRng(hidden ? 8420 : 842);
        const cases: [number[][]][] = [[[[3, 1], [4, 2]]]];
        for (let k = 0; k < (hidden ? 5 : 2); k++) cases.push([randomMatrix(r, 3 + k, 2 + (k % 3))]);
        return cases;
      },
      reference: (A) => orthonormalColumns(A),
      tol: 1e-7,
      mistakes: [
        { hint: "the columns are orthogonal but not unit length: divide each by its norm.", wrong: (A) => orthonormalColumns(A, false) },
        { hint: "orthonormalize the columns of A (return an m×n matrix Q with QᵀQ = I), not its rows.", wrong: (A) => transpose(orthonormalColumns(transpose(A))) },
      ],
    },
    fn,
    options,
  );
}
