/** Checkers for §8.2 — challenges: ill-conditioning, the second-order Taylor model, cliffs. */
import { CheckOptions, CheckResult, formatValue, runCheck } from "./core";
import { caseRng, dot, matVec, norm2, randomSpd, randomVector, symmetricEigenvalues } from "./linalg";

function spdCases(seed: number, hidden: boolean): [number[][]][] {
  const cases: [number[][]][] = [[[[2, 0], [0, 10]]], [[[4, 1], [1, 3]]]];
  const r = caseRng(seed);
  for (let k = 0; k < (hidden ? 6 : 2); k++) cases.push([randomSpd(r, 2 + r.int(hidden ? 6 : 3), k === 0 ? 0.05 : 0.5)]);
  return cases;
}

const lambdaMax = (H: number[][]) => symmetricEigenvalues(H)[H.length - 1];
const lambdaMin = (H: number[][]) => symmetricEigenvalues(H)[0];

/** §8.2.1: gradient descent on ½xᵀHx is stable iff ε < 2/λ_max. */
export function largestStableLr(fn: (H: number[][]) => number, options?: CheckOptions): CheckResult {
  return runCheck<[number[][]]>(
    {
      name: "largestStableLr",
      cite: "§8.2.1",
      argNames: ["H"],
      cases: (hidden) => spdCases(hidden ? 8210 : 821, hidden),
      reference: (H) => 2 / lambdaMax(H),
      tol: 1e-6,
      mistakes: [
        { hint: "1/λ_max is the step that zeroes the stiffest direction; the stability limit is 2/λ_max (|1 − ελ| < 1).", wrong: (H) => 1 / lambdaMax(H) },
        { hint: "the stiffest direction (largest eigenvalue) limits the step: use λ_max, not λ_min.", wrong: (H) => 2 / lambdaMin(H) },
        { hint: "use the eigenvalues of H, not its diagonal entries.", wrong: (H) => 2 / Math.max(...H.map((row, i) => row[i])) },
      ],
    },
    fn,
    options,
  );
}

/** §8.2.1: the condition number λ_max/λ_min of a symmetric positive-definite Hessian. */
export function conditionNumber(fn: (H: number[][]) => number, options?: CheckOptions): CheckResult {
  return runCheck<[number[][]]>(
    {
      name: "conditionNumber",
      cite: "§8.2.1",
      argNames: ["H"],
      cases: (hidden) => spdCases(hidden ? 8211 : 8201, hidden),
      reference: (H) => lambdaMax(H) / lambdaMin(H),
      tol: 1e-6,
      mistakes: [
        { hint: "the ratio is upside down: κ = λ_max/λ_min ≥ 1.", wrong: (H) => lambdaMin(H) / lambdaMax(H) },
        { hint: "use the eigenvalues of H, not its diagonal entries.", wrong: (H) => Math.max(...H.map((row, i) => row[i])) / Math.min(...H.map((row, i) => row[i])) },
      ],
    },
    fn,
    options,
  );
}

type Decrease = (g: number[], H: number[][], epsilon: number) => number;

/** Eq. 8.10: a step −εg changes the cost by ½ε²gᵀHg − εgᵀg (second-order Taylor model). */
export function secondOrderDecrease(fn: Decrease, options?: CheckOptions): CheckResult {
  const curvature = (g: number[], H: number[][]) => dot(g, matVec(H, g));
  return runCheck<Parameters<Decrease>>(
    {
      name: "secondOrderDecrease",
      cite: "eq. 8.10",
      argNames: ["g", "H", "epsilon"],
      cases: (hidden) =>
        spdCases(hidden ? 8212 : 822, hidden).map(([H], k) => {
          const r = caseRng(900 + k + (hidden ? 50 : 0));
          return [randomVector(r, H.length, 2), H, [0.1, 0.5, 0.03, 1, 0.25, 2, 0.01, 0.7][k % 8]];
        }),
      reference: (g, H, e) => 0.5 * e * e * curvature(g, H) - e * dot(g, g),
      mistakes: [
        { hint: "the curvature term has a ½: ½ε²gᵀHg.", wrong: (g, H, e) => e * e * curvature(g, H) - e * dot(g, g) },
        { hint: "the curvature term grows with ε², not ε.", wrong: (g, H, e) => 0.5 * e * curvature(g, H) - e * dot(g, g) },
        { hint: "the first-order term lowers the cost: −εgᵀg.", wrong: (g, H, e) => 0.5 * e * e * curvature(g, H) + e * dot(g, g) },
      ],
    },
    fn,
    options,
  );
}

const scaleTo = (g: number[], threshold: number) => g.map((v) => (v * threshold) / norm2(g));

/** §8.2.4 (Pascanu et al. 2013): clip the gradient by its norm: g ← g·v/‖g‖ when ‖g‖ > v. */
export function clipGradientNorm(fn: (g: number[], threshold: number) => number[], options?: CheckOptions): CheckResult {
  return runCheck<[number[], number]>(
    {
      name: "clipGradientNorm",
      cite: "§8.2.4, gradient clipping",
      argNames: ["g", "threshold"],
      cases: (hidden) => {
        const base: [number[], number][] = [[[3, 4], 1], [[0.3, -0.4], 1], [[30, -40, 120], 13]];
        if (!hidden) return base;
        const r = caseRng(824);
        const more: [number[], number][] = [[[0, 0, 0], 1], [[5, 0], 5], [[-7, 24], 2.5]];
        for (let k = 0; k < 4; k++) more.push([randomVector(r, 3 + k, 10), 1 + k]);
        return more;
      },
      reference: (g, v) => (norm2(g) > v ? scaleTo(g, v) : [...g]),
      mistakes: [
        { hint: "clip by the norm: rescale the whole vector (keeping its direction), not each component separately.", wrong: (g, v) => g.map((x) => Math.max(-v, Math.min(v, x))) },
        { hint: "only rescale when ‖g‖ exceeds the threshold; smaller gradients pass unchanged.", wrong: (g, v) => scaleTo(g, v) },
        { hint: "use the Euclidean norm ‖g‖ = √(Σ g_i²), not its square.", wrong: (g, v) => (dot(g, g) > v ? g.map((x) => (x * v) / dot(g, g)) : [...g]) },
      ],
      describeArg: (name, value) => (name === "g" ? `${formatValue(value)} (‖g‖ = ${formatValue(norm2(value as number[]))})` : undefined),
    },
    fn,
    options,
  );
}
