/**
 * Checkers for the units of §8.2 beyond ill-conditioning and cliffs: weight-space symmetry (8.2.2), the index
 * of a critical point (8.2.3), backpropagation through a chain (8.2.5), an unbiased gradient estimator (8.2.6),
 * the length of a descent path (8.2.7) and exhaustive search (8.2.8).
 */
import { CheckOptions, CheckResult, formatValue, runCheck, Value } from "./core";
import { caseRng, matVec, norm2, randomMatrix, randomVector, symmetricEigenvalues, transpose } from "./linalg";

type Layer = { W1: number[][]; b1: number[]; w2: number[] };
type Flip = (W1: number[][], b1: number[], w2: number[], j: number) => Layer;

/** §8.2.2: tanh is odd, so negating unit j's incoming weights, bias and outgoing weight leaves the function unchanged. */
export function flipHiddenUnit(fn: Flip, options?: CheckOptions): CheckResult {
  const flip = (W1: number[][], b1: number[], w2: number[], j: number, parts: { W?: boolean; b?: boolean; out?: boolean }): Layer => ({
    W1: W1.map((row, i) => (i === j && parts.W ? row.map((v) => -v) : row.slice())),
    b1: b1.map((v, i) => (i === j && parts.b ? -v : v)),
    w2: w2.map((v, i) => (i === j && parts.out ? -v : v)),
  });
  return runCheck<Parameters<Flip>>(
    {
      name: "flipHiddenUnit",
      cite: "§8.2.2, weight-space symmetry",
      argNames: ["W1", "b1", "w2", "j"],
      cases: (hidden) => {
        const r = caseRng(hidden ? 8220 : 822);
        const out: Parameters<Flip>[] = [[[[1, 2], [3, 4]], [0.5, -1], [2, -3], 0]];
        for (let k = 0; k < (hidden ? 6 : 2); k++) {
          const n = 2 + r.int(4);
          const d = 1 + r.int(3);
          out.push([randomMatrix(r, n, d), randomVector(r, n), randomVector(r, n), r.int(n)]);
        }
        return out;
      },
      reference: (W1, b1, w2, j) => flip(W1, b1, w2, j, { W: true, b: true, out: true }) as unknown as Value,
      mistakes: [
        { hint: "flip the bias too: tanh(−(wᵀx + b)) = −tanh(wᵀx + b) needs −w and −b.", wrong: (W1, b1, w2, j) => flip(W1, b1, w2, j, { W: true, out: true }) as unknown as Value },
        { hint: "negate the outgoing weight as well, so the two sign changes cancel in the output.", wrong: (W1, b1, w2, j) => flip(W1, b1, w2, j, { W: true, b: true }) as unknown as Value },
        { hint: "unit j is row j of W1 (its incoming weights), not column j.", wrong: (W1, b1, w2, j) => ({ ...flip(W1, b1, w2, j, { b: true, out: true }), W1: W1.map((row) => row.map((v, c) => (c === j ? -v : v))) }) as unknown as Value },
      ],
    },
    fn,
    options,
  );
}

/** §8.2.3: the index of a critical point — the share of the Hessian's eigenvalues that are negative. */
export function saddleIndex(fn: (H: number[][]) => number, options?: CheckOptions): CheckResult {
  const eig = symmetricEigenvalues;
  return runCheck<[number[][]]>(
    {
      name: "saddleIndex",
      cite: "§8.2.3, Dauphin et al. 2014",
      argNames: ["H"],
      cases: (hidden) => {
        const out: [number[][]][] = [[[[1, 0], [0, -1]]], [[[2, 0, 0], [0, 3, 0], [0, 0, 1]]], [[[0, 2], [2, 0]]]];
        const r = caseRng(hidden ? 8230 : 823);
        for (let k = 0; k < (hidden ? 6 : 2); k++) {
          const n = 2 + r.int(5);
          const A = randomMatrix(r, n, n);
          out.push([A.map((row, i) => row.map((v, j) => 0.5 * (v + A[j][i])))]);
        }
        if (hidden) out.push([[[-1, 0], [0, -2]]]);
        return out;
      },
      reference: (H) => eig(H).filter((l) => l < 0).length / H.length,
      tol: 1e-9,
      mistakes: [
        { hint: "return the share of negative eigenvalues (count / n), not their count.", wrong: (H) => eig(H).filter((l) => l < 0).length },
        { hint: "the index counts the negative eigenvalues (directions of descent), not the positive ones.", wrong: (H) => eig(H).filter((l) => l > 0).length / H.length },
        { hint: "use the eigenvalues of H, not the signs of its diagonal entries.", wrong: (H) => H.filter((row, i) => row[i] < 0).length / H.length },
      ],
    },
    fn,
    options,
  );
}

type Backprop = (W: number[][], gradOut: number[], t: number) => number[];

/** §8.2.5: the gradient reaching h₀ through t steps of hₖ = W hₖ₋₁ is (Wᵀ)ᵗ ∂L/∂h_t. */
export function backpropThroughChain(fn: Backprop, options?: CheckOptions): CheckResult {
  const power = (M: number[][], g: number[], t: number) => {
    let v = g.slice();
    for (let k = 0; k < t; k++) v = matVec(M, v);
    return v;
  };
  return runCheck<Parameters<Backprop>>(
    {
      name: "backpropThroughChain",
      cite: "§8.2.5, eq. 8.11",
      argNames: ["W", "gradOut", "t"],
      cases: (hidden) => {
        const out: Parameters<Backprop>[] = [[[[1, 2], [0, 1]], [1, 0], 3], [[[0.5, 0], [1, 0.5]], [1, 1], 2]];
        const r = caseRng(hidden ? 8250 : 825);
        for (let k = 0; k < (hidden ? 5 : 2); k++) {
          const n = 2 + r.int(3);
          out.push([randomMatrix(r, n, n, 0.7), randomVector(r, n), 1 + r.int(6)]);
        }
        if (hidden) out.push([[[2, 1], [1, 3]], [1, -1], 0]);
        return out;
      },
      reference: (W, g, t) => power(transpose(W), g, t),
      tol: 1e-9,
      mistakes: [
        { hint: "backpropagation multiplies by the transpose: ∂L/∂hₖ₋₁ = Wᵀ ∂L/∂hₖ.", wrong: (W, g, t) => power(W, g, t) },
        { hint: "t steps of the chain mean t multiplications by Wᵀ (one per step), not t − 1.", wrong: (W, g, t) => power(transpose(W), g, t - 1) },
        { hint: "t steps of the chain mean t multiplications by Wᵀ, not t + 1.", wrong: (W, g, t) => power(transpose(W), g, t + 1) },
      ],
    },
    fn,
    options,
  );
}

type Estimator = (grads: number[][], probs: number[], i: number) => number[];

/** §8.2.6: drawing example i with probability pᵢ, ĝ = gᵢ/(m·pᵢ) is an unbiased estimate of (1/m)Σⱼ gⱼ. */
export function importanceWeightedGradient(fn: Estimator, options?: CheckOptions): CheckResult {
  return runCheck<Parameters<Estimator>>(
    {
      name: "importanceWeightedGradient",
      cite: "§8.2.6, unbiased estimates",
      argNames: ["grads", "probs", "i"],
      cases: (hidden) => {
        const out: Parameters<Estimator>[] = [[[[1, 0], [0, 2], [4, 4]], [0.5, 0.25, 0.25], 1]];
        const r = caseRng(hidden ? 8260 : 826);
        for (let k = 0; k < (hidden ? 6 : 2); k++) {
          const m = 2 + r.int(5);
          const raw = Array.from({ length: m }, () => 0.1 + r());
          const sum = raw.reduce((s, v) => s + v, 0);
          out.push([randomMatrix(r, m, 1 + r.int(3)), raw.map((v) => v / sum), r.int(m)]);
        }
        return out;
      },
      reference: (grads, probs, i) => grads[i].map((v) => v / (grads.length * probs[i])),
      mistakes: [
        { hint: "gᵢ alone is biased toward the examples drawn often: divide by m·pᵢ.", wrong: (grads, probs, i) => grads[i].slice() },
        { hint: "the target is the mean (1/m)Σⱼ gⱼ, so the weight is 1/(m·pᵢ), not 1/pᵢ.", wrong: (grads, probs, i) => grads[i].map((v) => v / probs[i]) },
        { hint: "divide by the probability, do not multiply: E[gᵢ·w(i)] needs w(i) = 1/(m·pᵢ).", wrong: (grads, probs, i) => grads[i].map((v) => v * probs[i]) },
      ],
    },
    fn,
    options,
  );
}

/** §8.2.7: the length Σₖ ‖θₖ₊₁ − θₖ‖ of the path a descent method travels. */
export function pathLength(fn: (trajectory: number[][]) => number, options?: CheckOptions): CheckResult {
  const steps = (p: number[][]) => p.slice(1).map((x, k) => norm2(x.map((v, i) => v - p[k][i])));
  return runCheck<[number[][]]>(
    {
      name: "pathLength",
      cite: "§8.2.7",
      argNames: ["trajectory"],
      cases: (hidden) => {
        const out: [number[][]][] = [[[[0, 0], [3, 4], [3, 0]]], [[[1], [2], [0]]]];
        const r = caseRng(hidden ? 8270 : 827);
        for (let k = 0; k < (hidden ? 5 : 2); k++) out.push([randomMatrix(r, 2 + r.int(8), 1 + r.int(3))]);
        if (hidden) out.push([[[5, 5]]]);
        return out;
      },
      reference: (p) => steps(p).reduce((s, v) => s + v, 0),
      mistakes: [
        { hint: "that is the distance from start to end; the path length adds the length of every step.", wrong: (p) => norm2(p[p.length - 1].map((v, i) => v - p[0][i])) },
        { hint: "add the step lengths ‖θₖ₊₁ − θₖ‖, not their squares.", wrong: (p) => steps(p).reduce((s, v) => s + v * v, 0) },
      ],
    },
    fn,
    options,
  );
}

type Loss = ((w: number[]) => number) & { description?: string };
type Search = (loss: (w: number[]) => number, values: number[], dim: number) => number[];

const described = (description: string, f: (w: number[]) => number): Loss => Object.assign(f, { description });

/** Every vector in values^dim, lexicographically (the reference's enumeration). */
function* grid(values: number[], dim: number): Generator<number[]> {
  const idx = new Array<number>(dim).fill(0);
  for (;;) {
    yield idx.map((k) => values[k]);
    let p = dim - 1;
    while (p >= 0 && ++idx[p] === values.length) idx[p--] = 0;
    if (p < 0) return;
  }
}

/** §8.2.8: exhaustive search over a finite grid of parameter values finds a global minimum (at exponential cost). */
export function exhaustiveMinimum(fn: Search, options?: CheckOptions): CheckResult {
  const best = (loss: Loss, values: number[], dim: number) => {
    let arg: number[] = [];
    let low = Infinity;
    for (const w of grid(values, dim)) {
      const v = loss(w);
      if (v < low) [low, arg] = [v, w];
    }
    return arg;
  };
  // A common shortcut that is wrong for coupled losses: minimize one coordinate at a time, once.
  const coordinatewise = (loss: Loss, values: number[], dim: number) => {
    const w = new Array<number>(dim).fill(values[0]);
    for (let i = 0; i < dim; i++) {
      let low = Infinity;
      let pick = values[0];
      for (const v of values) {
        w[i] = v;
        const l = loss(w);
        if (l < low) [low, pick] = [l, v];
      }
      w[i] = pick;
    }
    return w;
  };
  return runCheck<Parameters<Search>>(
    {
      name: "exhaustiveMinimum",
      cite: "§8.2.8",
      argNames: ["loss", "values", "dim"],
      cases: (hidden) => {
        const out: Parameters<Search>[] = [
          [described("(w₀ − 0.4)² + (w₁ + 0.9)²", (w) => (w[0] - 0.4) ** 2 + (w[1] + 0.9) ** 2), [-1, 0, 1], 2],
          [described("(w₀ + w₁ + w₂ − 1)² + 3(w₀ − w₁)² + w₂²·0.1 (coupled)", (w) => (w[0] + w[1] + w[2] - 1) ** 2 + 3 * (w[0] - w[1]) ** 2 + 0.1 * w[2] ** 2), [-1, -0.5, 0, 0.5, 1], 3],
          [described("(w₀w₁ − 1)² + 0.1(w₀ − 2)² (non-convex)", (w) => (w[0] * w[1] - 1) ** 2 + 0.1 * (w[0] - 2) ** 2), [-2, -1, 0, 1, 2], 2],
        ];
        if (hidden) {
          const r = caseRng(8280);
          const A = randomMatrix(r, 4, 4);
          const c = randomVector(r, 4);
          out.push([described("‖Aw − c‖² for a random 4×4 A", (w) => A.reduce((s, row, i) => s + (row.reduce((a, v, j) => a + v * w[j], 0) - c[i]) ** 2, 0)), [-1, -0.5, 0, 0.5, 1], 4]);
          out.push([described("Σ cos(3wᵢ) + 0.2Σwᵢ² (many local minima)", (w) => w.reduce((s, v) => s + Math.cos(3 * v) + 0.2 * v * v, 0)), [-2, -1, 0, 1, 2], 3]);
        }
        return out;
      },
      reference: (loss, values, dim) => best(loss, values, dim),
      accept: (got, [loss, values, dim], tol) => {
        if (!Array.isArray(got) || got.length !== dim) return `result should be an array of length ${dim}, got ${formatValue(got)}`;
        const w = got as number[];
        const off = w.findIndex((v) => typeof v !== "number" || !values.includes(v));
        if (off >= 0) return `result[${off}] = ${formatValue(w[off])} is not one of the allowed values ${formatValue(values)}`;
        const low = loss(best(loss, values, dim));
        const mine = loss(w);
        return mine <= low + tol * (Math.abs(low) + 1e-3) ? null : `loss at your point is ${formatValue(mine)}, but the grid's minimum is ${formatValue(low)}`;
      },
      mistakes: [
        { hint: "optimizing one coordinate at a time misses minima of coupled losses: try every combination (values.length^dim of them).", wrong: coordinatewise },
        { hint: "you returned the worst point: keep the smallest loss.", wrong: (loss, values, dim) => { let arg: number[] = []; let high = -Infinity; for (const w of grid(values, dim)) { const v = loss(w); if (v > high) [high, arg] = [v, w]; } return arg; } },
      ],
      describeArg: (name, value) => (name === "loss" ? `w ↦ ${(value as Loss).description ?? "<function>"}` : undefined),
    },
    fn,
    options,
  );
}
