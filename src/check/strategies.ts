/** Checkers for §8.7 — optimization strategies: batch normalization, Polyak averaging, coordinate descent. */
import { CheckOptions, CheckResult, runCheck } from "./core";
import { caseRng, dot, randomMatrix, randomSpd, randomVector, solve, transpose } from "./linalg";

type BatchNorm = (X: number[][], gamma: number[], beta: number[], eps: number) => number[][];

function normalizeColumns(X: number[][], gamma: number[], beta: number[], eps: number, opts: { ddof?: number; epsOutside?: boolean } = {}) {
  const cols = transpose(X);
  const m = X.length;
  const stats = cols.map((c) => {
    const mu = c.reduce((s, v) => s + v, 0) / m;
    const variance = c.reduce((s, v) => s + (v - mu) ** 2, 0) / (m - (opts.ddof ?? 0));
    return { mu, sd: opts.epsOutside ? Math.sqrt(variance) + eps : Math.sqrt(variance + eps) };
  });
  return X.map((row) => row.map((v, j) => (gamma[j] * (v - stats[j].mu)) / stats[j].sd + beta[j]));
}

/** Eqs. 8.35–8.37: normalize each column (unit) over the minibatch, then scale by γ and shift by β. */
export function batchNormForward(fn: BatchNorm, options?: CheckOptions): CheckResult {
  return runCheck<Parameters<BatchNorm>>(
    {
      name: "batchNormForward",
      cite: "eqs. 8.35–8.37",
      argNames: ["X", "gamma", "beta", "eps"],
      cases: (hidden) => {
        const r = caseRng(hidden ? 8710 : 871);
        const cases: Parameters<BatchNorm>[] = [[[[1, 10], [3, 20], [5, 60]], [1, 1], [0, 0], 1e-5]];
        for (let k = 0; k < (hidden ? 5 : 2); k++) {
          const m = 2 + r.int(hidden ? 10 : 5);
          const n = 1 + r.int(4);
          cases.push([randomMatrix(r, m, n, 3), randomVector(r, n, 2), randomVector(r, n, 1), [0.5, 0.1, 1e-5, 1, 0.01][k]]);
        }
        return cases;
      },
      reference: (X, g, b, e) => normalizeColumns(X, g, b, e),
      tol: 1e-7,
      mistakes: [
        { hint: "normalize with the biased variance (divide by m, the batch size), as batch norm does in training.", wrong: (X, g, b, e) => normalizeColumns(X, g, b, e, { ddof: 1 }) },
        { hint: "ε goes inside the square root: σ = √(δ + var), eq. 8.37.", wrong: (X, g, b, e) => normalizeColumns(X, g, b, e, { epsOutside: true }) },
        { hint: "normalize each column (one unit across the minibatch), not each row (one example across units).", wrong: (X, g, b, e) => transpose(normalizeColumns(transpose(X), X.map(() => 1), X.map(() => 0), e)).map((row) => row.map((v, j) => g[j] * v + b[j])) },
        { hint: "after normalizing, scale by γ and shift by β: γ·x̂ + β.", wrong: (X, g, b, e) => normalizeColumns(X, g.map(() => 1), b.map(() => 0), e) },
      ],
    },
    fn,
    options,
  );
}

/** §8.7.3 (Polyak & Juditsky 1992): the average of the iterates θ⁽¹⁾…θ⁽ᵗ⁾. */
export function polyakAverage(fn: (trajectory: number[][]) => number[], options?: CheckOptions): CheckResult {
  const mean = (rows: number[][]) => transpose(rows).map((c) => c.reduce((s, v) => s + v, 0) / rows.length);
  return runCheck<[number[][]]>(
    {
      name: "polyakAverage",
      cite: "§8.7.3",
      argNames: ["trajectory"],
      cases: (hidden) => {
        const r = caseRng(hidden ? 8720 : 872);
        const cases: [number[][]][] = [[[[0, 0], [2, 4], [4, 2]]]];
        for (let k = 0; k < (hidden ? 4 : 2); k++) cases.push([randomMatrix(r, 2 + r.int(20), 1 + r.int(4), 5)]);
        if (hidden) cases.push([[[1, 2, 3]]]);
        return cases;
      },
      reference: mean,
      mistakes: [
        { hint: "average ALL iterates, the first one included.", wrong: (T) => mean(T.slice(1)) },
        { hint: "the Polyak average is the mean of the iterates, not the last iterate.", wrong: (T) => [...T[T.length - 1]] },
        { hint: "average each coordinate over the iterates (the columns of `trajectory`), not each iterate over its coordinates.", wrong: (T) => T.map((row) => row.reduce((s, v) => s + v, 0) / row.length) },
      ],
    },
    fn,
    options,
  );
}

/** §8.7.3: the exponentially decaying running average θ̂ ← αθ̂ + (1 − α)θ. */
export function polyakEma(fn: (average: number[], theta: number[], alpha: number) => number[], options?: CheckOptions): CheckResult {
  return runCheck<[number[], number[], number]>(
    {
      name: "polyakEma",
      cite: "§8.7.3",
      argNames: ["average", "theta", "alpha"],
      cases: (hidden) => {
        const r = caseRng(hidden ? 8730 : 873);
        return [0.9, 0.5, 0.99, 0.75, 0, 0.999].slice(0, hidden ? 6 : 3).map((a) => {
          const n = 1 + r.int(5);
          return [randomVector(r, n, 3), randomVector(r, n, 3), a] as [number[], number[], number];
        });
      },
      reference: (avg, t, a) => avg.map((v, i) => a * v + (1 - a) * t[i]),
      mistakes: [
        { hint: "α weighs the OLD average and (1 − α) the new iterate: are they swapped?", wrong: (avg, t, a) => avg.map((v, i) => (1 - a) * v + a * t[i]) },
        { hint: "the weights must sum to 1: α·θ̂ + (1 − α)·θ.", wrong: (avg, t, a) => avg.map((v, i) => a * v + t[i]) },
      ],
    },
    fn,
    options,
  );
}

type CoordinateStep = (A: number[][], b: number[], x: number[], i: number) => number[];

/** §8.7.2: exact minimization of ½xᵀAx − bᵀx over coordinate i, the others held fixed. */
export function coordinateDescentStep(fn: CoordinateStep, options?: CheckOptions): CheckResult {
  const exact = (A: number[][], b: number[], x: number[], i: number) => {
    const others = dot(A[i], x) - A[i][i] * x[i];
    return x.map((v, j) => (j === i ? (b[i] - others) / A[i][i] : v));
  };
  return runCheck<Parameters<CoordinateStep>>(
    {
      name: "coordinateDescentStep",
      cite: "§8.7.2",
      argNames: ["A", "b", "x", "i"],
      cases: (hidden) => {
        const r = caseRng(hidden ? 8740 : 874);
        const cases: Parameters<CoordinateStep>[] = [[[[2, 1], [1, 3]], [1, 2], [0, 0], 0]];
        for (let k = 0; k < (hidden ? 6 : 3); k++) {
          const n = 2 + r.int(hidden ? 6 : 3);
          cases.push([randomSpd(r, n), randomVector(r, n, 2), randomVector(r, n, 2), r.int(n)]);
        }
        return cases;
      },
      reference: exact,
      mistakes: [
        { hint: "the sum Σ A_ij x_j runs over j ≠ i: leave the coordinate being solved for out.", wrong: (A, b, x, i) => x.map((v, j) => (j === i ? (b[i] - dot(A[i], x)) / A[i][i] : v)) },
        { hint: "coordinate descent MINIMIZES along coordinate i exactly (set ∂f/∂x_i = 0), it does not take a gradient step.", wrong: (A, b, x, i) => x.map((v, j) => (j === i ? v - (dot(A[i], x) - b[i]) : v)) },
        { hint: "only coordinate i changes; the others stay as they were.", wrong: (A, b, x) => x.map((_, j) => exact(A, b, x, j)[j]) },
      ],
    },
    fn,
    options,
  );
}

// ---- 8.7.4 – 8.7.6 ----

type RidgeLayer = (H: number[][], Y: number[][], lambda: number) => number[][];

/** Column by column: (HᵀH + λI) w_c = Hᵀy_c, solved by elimination (the reader may use any exact method). */
function ridge(H: number[][], Y: number[][], lambda: number, opts: { addToRhs?: boolean } = {}): number[][] {
  const Ht = transpose(H);
  const k = Ht.length;
  const A = Ht.map((row, i) => Ht.map((col, j) => dot(row, col) + (i === j && !opts.addToRhs ? lambda : 0)));
  const columns = transpose(Y).map((y) => solve(A, Ht.map((row) => dot(row, y) + (opts.addToRhs ? lambda : 0))));
  return Array.from({ length: k }, (_, i) => columns.map((c) => c[i]));
}

/**
 * §8.7.4: in greedy supervised pretraining each stage trains a new output layer on top of frozen features;
 * with a squared loss and weight decay λ that layer has the closed form W = (HᵀH + λI)⁻¹HᵀY.
 */
export function ridgeOutputLayer(fn: RidgeLayer, options?: CheckOptions): CheckResult {
  return runCheck<Parameters<RidgeLayer>>(
    {
      name: "ridgeOutputLayer",
      cite: "§8.7.4, a new output layer on frozen features",
      argNames: ["H", "Y", "lambda"],
      cases: (hidden) => {
        const r = caseRng(hidden ? 8740 : 874);
        const cases: Parameters<RidgeLayer>[] = [[[[1, 0], [0, 1], [1, 1]], [[1], [2], [3]], 1]];
        for (let k = 0; k < (hidden ? 5 : 2); k++) {
          const features = 1 + r.int(4);
          const m = features + 1 + r.int(6);
          cases.push([randomMatrix(r, m, features, 2), randomMatrix(r, m, 1 + r.int(3), 1), [0.1, 2, 0.5, 5, 1e-3][k]]);
        }
        return cases;
      },
      reference: (H, Y, lambda) => ridge(H, Y, lambda),
      tol: 1e-7,
      mistakes: [
        { hint: "weight decay adds λ to the diagonal of HᵀH: W = (HᵀH + λI)⁻¹HᵀY.", wrong: (H, Y) => ridge(H, Y, 0) },
        { hint: "λ belongs on the diagonal of HᵀH, not added to HᵀY.", wrong: (H, Y, lambda) => ridge(H, Y, lambda, { addToRhs: true }) },
        { hint: "return W with one row per feature (columns of H) and one column per output (columns of Y): k × c, not c × k.", wrong: (H, Y, lambda) => transpose(ridge(H, Y, lambda)) },
      ],
    },
    fn,
    options,
  );
}

type ResidualForward = (h: number[], Ws: number[][][]) => number[];

const relu = (v: number[]) => v.map((x) => Math.max(0, x));
const matVec = (W: number[][], v: number[]) => W.map((row) => dot(row, v));

/** §8.7.5: h_l = h_{l−1} + W_l relu(h_{l−1}), the residual blocks of the gradient-flow experiment. */
export function residualForward(fn: ResidualForward, options?: CheckOptions): CheckResult {
  return runCheck<Parameters<ResidualForward>>(
    {
      name: "residualForward",
      cite: "§8.7.5, residual blocks",
      argNames: ["h", "Ws"],
      cases: (hidden) => {
        const r = caseRng(hidden ? 8750 : 875);
        const cases: Parameters<ResidualForward>[] = [[[1, -2], [[[0.5, 0], [1, 1]]]]];
        for (let k = 0; k < (hidden ? 5 : 2); k++) {
          const width = 1 + r.int(5);
          const depth = 1 + r.int(hidden ? 6 : 3);
          cases.push([randomVector(r, width, 2), Array.from({ length: depth }, () => randomMatrix(r, width, width, 0.8))]);
        }
        if (hidden) cases.push([[-1, -3, 2], []]);
        return cases;
      },
      reference: (h, Ws) => Ws.reduce((x, W) => matVec(W, relu(x)).map((v, i) => x[i] + v), h),
      mistakes: [
        { hint: "keep the skip connection: h_l = h_{l−1} + W_l relu(h_{l−1}), not W_l relu(h_{l−1}).", wrong: (h, Ws) => Ws.reduce((x, W) => matVec(W, relu(x)), h) },
        { hint: "the ReLU acts inside the branch, on h_{l−1}; the sum h_{l−1} + W_l relu(h_{l−1}) is not passed through it.", wrong: (h, Ws) => Ws.reduce((x, W) => relu(matVec(W, relu(x)).map((v, i) => x[i] + v)), h) },
        { hint: "the branch applies the ReLU before W_l: W_l relu(h_{l−1}), not W_l h_{l−1}.", wrong: (h, Ws) => Ws.reduce((x, W) => matVec(W, x).map((v, i) => x[i] + v), h) },
      ],
    },
    fn,
    options,
  );
}

type Blurred = (x: number, sigma: number, curvature: number, center: number, amplitudes: number[], frequencies: number[]) => number;

function blurred(x: number, sigma: number, c: number, m: number, a: number[], w: number[], opts: { noVariance?: boolean; damping?: (wk: number) => number } = {}): number {
  const damp = opts.damping ?? ((wk: number) => Math.exp(-(wk * wk * sigma * sigma) / 2));
  return c * ((x - m) ** 2 + (opts.noVariance ? 0 : sigma * sigma)) - a.reduce((s, ak, k) => s + ak * damp(w[k]) * Math.cos(w[k] * x), 0);
}

/**
 * §8.7.6: the Gaussian blur J_σ(x) = E_{z~N(0,1)} J(x + σz) of J(x) = c(x − m)² − Σ a_k cos(w_k x), which is
 * c((x − m)² + σ²) − Σ a_k e^{−w_k²σ²/2} cos(w_k x). Reference: that closed form.
 */
export function blurredObjective(fn: Blurred, options?: CheckOptions): CheckResult {
  return runCheck<Parameters<Blurred>>(
    {
      name: "blurredObjective",
      cite: "§8.7.6, continuation by blurring",
      argNames: ["x", "sigma", "curvature", "center", "amplitudes", "frequencies"],
      cases: (hidden) => {
        const r = caseRng(hidden ? 8760 : 876);
        const cases: Parameters<Blurred>[] = [[0.5, 1, 0.1, 2, [1, 0.5], [3, 7]], [0.5, 0, 0.1, 2, [1, 0.5], [3, 7]]];
        for (let k = 0; k < (hidden ? 6 : 2); k++) {
          const terms = 1 + r.int(3);
          cases.push([4 * r() - 2, [0.3, 0.7, 1.5, 0.1, 2, 0.5][k], 0.05 + r(), 2 * r() - 1, randomVector(r, terms, 1), Array.from({ length: terms }, () => 0.5 + r.int(5))]);
        }
        return cases;
      },
      reference: (x, s, c, m, a, w) => blurred(x, s, c, m, a, w),
      tol: 1e-9,
      mistakes: [
        { hint: "blurring the quadratic adds its curvature times the variance: E[c(x + σz − m)²] = c((x − m)² + σ²).", wrong: (x, s, c, m, a, w) => blurred(x, s, c, m, a, w, { noVariance: true }) },
        { hint: "the damping factor is e^{−w²σ²/2}: the frequency is squared, E[cos(w(x + σz))] = e^{−w²σ²/2} cos(wx).", wrong: (x, s, c, m, a, w) => blurred(x, s, c, m, a, w, { damping: (wk) => Math.exp(-(wk * s * s) / 2) }) },
        { hint: "the exponent has a factor ½: e^{−w²σ²/2}, the characteristic function of N(0, σ²) at w.", wrong: (x, s, c, m, a, w) => blurred(x, s, c, m, a, w, { damping: (wk) => Math.exp(-(wk * wk * s * s)) }) },
        { hint: "blurring damps each cosine: a·cos(wx) becomes a·e^{−w²σ²/2}·cos(wx).", wrong: (x, s, c, m, a, w) => blurred(x, s, c, m, a, w, { damping: () => 1 }) },
      ],
    },
    fn,
    options,
  );
}
