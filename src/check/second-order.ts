/** Checkers for §8.6 — approximate second-order methods: Newton, conjugate gradients, BFGS. */
import { CheckOptions, CheckResult, runCheck } from "./core";
import { caseRng, dot, matMul, matVec, outer, randomSpd, randomVector, solve } from "./linalg";

/** Eq. 8.27: the Newton step θ − H⁻¹g. */
export function newtonStep(fn: (theta: number[], g: number[], H: number[][]) => number[], options?: CheckOptions): CheckResult {
  return runCheck<[number[], number[], number[][]]>(
    {
      name: "newtonStep",
      cite: "eq. 8.27",
      argNames: ["theta", "g", "H"],
      cases: (hidden) => {
        const r = caseRng(hidden ? 8610 : 861);
        const cases: [number[], number[], number[][]][] = [[[1, 1], [2, 10], [[2, 0], [0, 10]]]];
        for (let k = 0; k < (hidden ? 6 : 2); k++) {
          const n = 2 + r.int(hidden ? 6 : 3);
          cases.push([randomVector(r, n, 2), randomVector(r, n, 3), randomSpd(r, n)]);
        }
        return cases;
      },
      reference: (t, g, H) => {
        const d = solve(H, g);
        return t.map((ti, i) => ti - d[i]);
      },
      tol: 1e-7,
      mistakes: [
        { hint: "Newton multiplies the gradient by the INVERSE Hessian: solve H d = g, then θ − d.", wrong: (t, g, H) => t.map((ti, i) => ti - matVec(H, g)[i]) },
        { hint: "θ MINUS H⁻¹g: the step goes against the gradient.", wrong: (t, g, H) => t.map((ti, i) => ti + solve(H, g)[i]) },
        { hint: "dividing by the diagonal of H ignores the off-diagonal curvature: solve the full system H d = g.", wrong: (t, g, H) => t.map((ti, i) => ti - g[i] / H[i][i]) },
      ],
    },
    fn,
    options,
  );
}

function gradientPairs(seed: number, hidden: boolean): [number[], number[]][] {
  const r = caseRng(seed);
  const cases: [number[], number[]][] = [[[1, 2], [3, 1]]];
  for (let k = 0; k < (hidden ? 6 : 3); k++) {
    const n = 1 + r.int(hidden ? 9 : 5);
    cases.push([randomVector(r, n, 1), randomVector(r, n, 2)]);
  }
  return cases;
}

const fletcherReeves = (gNew: number[], gOld: number[]) => dot(gNew, gNew) / dot(gOld, gOld);
const polakRibiere = (gNew: number[], gOld: number[]) => dot(gNew.map((v, i) => v - gOld[i]), gNew) / dot(gOld, gOld);

/** Eq. 8.29: β = ∇J(θ_t)ᵀ∇J(θ_t) / ∇J(θ_{t−1})ᵀ∇J(θ_{t−1}). */
export function cgBetaFletcherReeves(fn: (gNew: number[], gOld: number[]) => number, options?: CheckOptions): CheckResult {
  return runCheck<[number[], number[]]>(
    {
      name: "cgBetaFletcherReeves",
      cite: "eq. 8.29",
      argNames: ["gNew", "gOld"],
      cases: (hidden) => gradientPairs(hidden ? 8620 : 862, hidden),
      reference: fletcherReeves,
      mistakes: [
        { hint: "the NEW gradient's squared norm goes on top, the old one below.", wrong: (a, b) => fletcherReeves(b, a) },
        { hint: "that is Polak–Ribière (eq. 8.30); Fletcher–Reeves uses gₜᵀgₜ on top.", wrong: polakRibiere },
        { hint: "β is a ratio of SQUARED norms, not of norms.", wrong: (a, b) => Math.sqrt(fletcherReeves(a, b)) },
      ],
    },
    fn,
    options,
  );
}

/** Eq. 8.30: β = (∇J(θ_t) − ∇J(θ_{t−1}))ᵀ∇J(θ_t) / ∇J(θ_{t−1})ᵀ∇J(θ_{t−1}). */
export function cgBetaPolakRibiere(fn: (gNew: number[], gOld: number[]) => number, options?: CheckOptions): CheckResult {
  return runCheck<[number[], number[]]>(
    {
      name: "cgBetaPolakRibiere",
      cite: "eq. 8.30",
      argNames: ["gNew", "gOld"],
      cases: (hidden) => gradientPairs(hidden ? 8630 : 863, hidden),
      reference: polakRibiere,
      mistakes: [
        { hint: "that is Fletcher–Reeves (eq. 8.29); Polak–Ribière puts (gₜ − gₜ₋₁)ᵀgₜ on top.", wrong: fletcherReeves },
        { hint: "the numerator is (gₜ − gₜ₋₁)ᵀgₜ — new minus old.", wrong: (a, b) => -polakRibiere(a, b) },
        { hint: "the denominator is the OLD gradient's squared norm gₜ₋₁ᵀgₜ₋₁.", wrong: (a, b) => dot(a.map((v, i) => v - b[i]), a) / dot(a, a) },
      ],
    },
    fn,
    options,
  );
}

function bfgs(M: number[][], s: number[], y: number[], rho = 1 / dot(y, s), withOuter = true): number[][] {
  const n = s.length;
  const left = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0) - rho * s[i] * y[j]));
  const right = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0) - rho * y[i] * s[j]));
  const core = matMul(matMul(left, M), right);
  const ss = outer(s, s);
  return core.map((row, i) => row.map((v, j) => v + (withOuter ? rho * ss[i][j] : 0)));
}

/** §8.6.3: the BFGS update of the inverse-Hessian approximation (Nocedal & Wright eq. 6.17). */
export function bfgsInverseUpdate(fn: (M: number[][], s: number[], y: number[]) => number[][], options?: CheckOptions): CheckResult {
  return runCheck<[number[][], number[], number[]]>(
    {
      name: "bfgsInverseUpdate",
      cite: "§8.6.3, BFGS",
      argNames: ["M", "s", "y"],
      cases: (hidden) => {
        const r = caseRng(hidden ? 8640 : 864);
        const cases: [number[][], number[], number[]][] = [[[[1, 0], [0, 1]], [1, 0], [2, 1]]];
        for (let k = 0; k < (hidden ? 5 : 2); k++) {
          const n = 2 + r.int(hidden ? 5 : 3);
          const H = randomSpd(r, n);
          const s = randomVector(r, n, 1);
          // y = H s from a true quadratic keeps yᵀs > 0, as a Wolfe line search guarantees.
          cases.push([k === 0 ? randomSpd(r, n, 1) : Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))), s, matVec(H, s)]);
        }
        return cases;
      },
      reference: (M, s, y) => bfgs(M, s, y),
      tol: 1e-7,
      mistakes: [
        { hint: "ρ = 1/(yᵀs), the curvature along the step, not 1/(sᵀs).", wrong: (M, s, y) => bfgs(M, s, y, 1 / dot(s, s)) },
        { hint: "the update ends with + ρ s sᵀ; without it the secant condition M⁺y = s fails.", wrong: (M, s, y) => bfgs(M, s, y, 1 / dot(y, s), false) },
        { hint: "s and y are swapped: the inverse update uses (I − ρ s yᵀ) M (I − ρ y sᵀ) + ρ s sᵀ.", wrong: (M, s, y) => bfgs(M, y, s) },
      ],
    },
    fn,
    options,
  );
}
