/** Checkers for §8.5 — adaptive learning rates: AdaGrad (Alg. 8.4), RMSProp (8.5), Adam (8.7). */
import { CheckOptions, CheckResult, runCheck } from "./core";
import { caseRng, randomMatrix, randomVector, solve } from "./linalg";

type AdagradStep = (theta: number[], g: number[], r: number[], epsilon: number, delta: number) => { theta: number[]; r: number[] };
type RmspropStep = (theta: number[], g: number[], r: number[], epsilon: number, rho: number, delta: number) => { theta: number[]; r: number[] };
type AdamMoments = (s: number[], r: number[], g: number[], t: number, rho1: number, rho2: number) => { s: number[]; r: number[]; sHat: number[]; rHat: number[] };
type AdamStep = (
  theta: number[], g: number[], s: number[], r: number[], t: number, epsilon: number, rho1: number, rho2: number, delta: number,
) => { theta: number[]; s: number[]; r: number[] };

/** Parameters, gradient and non-negative accumulators; small δ values would hide where δ goes, so some are large. */
function states(seed: number, hidden: boolean): { theta: number[]; g: number[]; r: number[]; s: number[] }[] {
  const rand = caseRng(seed);
  return Array.from({ length: hidden ? 7 : 3 }, (_, k) => {
    const n = k === 0 ? 2 : 1 + rand.int(hidden ? 8 : 4);
    const zero = hidden && k === 1;
    return {
      theta: randomVector(rand, n, 2),
      g: zero ? randomVector(rand, n, 0) : randomVector(rand, n, k === 2 ? 20 : 1),
      r: k === 0 && !hidden ? [0, 0] : randomVector(rand, n, 1).map(Math.abs),
      s: randomVector(rand, n, 0.5),
    };
  });
}

const deltas = [0.1, 1e-7, 0.5, 1e-6, 1, 0.01, 1e-8];
const rates = [0.1, 0.01, 0.5, 1, 0.05, 0.2, 0.001];
const rhos = [0.9, 0.5, 0.99, 0.7, 0.95, 0.8, 0.999];

const accumulate = (r: number[], g: number[]) => r.map((ri, i) => ri + g[i] * g[i]);
const adagradWith = (rUsed: number[], rNext: number[], t: number[], g: number[], e: number, denom: (r: number) => number) => ({
  theta: t.map((ti, i) => ti - (e / denom(rUsed[i])) * g[i]),
  r: rNext,
});

/** Algorithm 8.4: r ← r + g⊙g; θ ← θ − ε/(δ + √r) ⊙ g. */
export function adagradStep(fn: AdagradStep, options?: CheckOptions): CheckResult {
  return runCheck<Parameters<AdagradStep>>(
    {
      name: "adagradStep",
      cite: "Algorithm 8.4",
      argNames: ["theta", "g", "r", "epsilon", "delta"],
      cases: (hidden) => states(hidden ? 8510 : 851, hidden).map((c, k) => [c.theta, c.g, c.r, rates[k], deltas[k]]),
      reference: (t, g, r, e, d) => {
        const rn = accumulate(r, g);
        return adagradWith(rn, rn, t, g, e, (x) => d + Math.sqrt(x));
      },
      mistakes: [
        { hint: "δ inside the square root? Algorithm 8.4 divides by δ + √r (RMSProp, Algorithm 8.5, puts δ inside).", wrong: (t, g, r, e, d) => {
          const rn = accumulate(r, g);
          return adagradWith(rn, rn, t, g, e, (x) => Math.sqrt(d + x));
        } },
        { hint: "accumulate first: r ← r + g⊙g, then use the NEW r in the update.", wrong: (t, g, r, e, d) => adagradWith(r, accumulate(r, g), t, g, e, (x) => d + Math.sqrt(x)) },
        { hint: "accumulate the SQUARED gradient: r ← r + g⊙g.", wrong: (t, g, r, e, d) => {
          const rn = r.map((ri, i) => ri + g[i]);
          return adagradWith(rn, rn, t, g, e, (x) => d + Math.sqrt(x));
        } },
        { hint: "divide by δ + √r: the square root is missing.", wrong: (t, g, r, e, d) => {
          const rn = accumulate(r, g);
          return adagradWith(rn, rn, t, g, e, (x) => d + x);
        } },
      ],
    },
    fn,
    options,
  );
}

const decay = (r: number[], g: number[], rho: number) => r.map((ri, i) => rho * ri + (1 - rho) * g[i] * g[i]);

/** Algorithm 8.5: r ← ρr + (1 − ρ)g⊙g; θ ← θ − ε/√(δ + r) ⊙ g (δ inside the root). */
export function rmspropStep(fn: RmspropStep, options?: CheckOptions): CheckResult {
  return runCheck<Parameters<RmspropStep>>(
    {
      name: "rmspropStep",
      cite: "Algorithm 8.5",
      argNames: ["theta", "g", "r", "epsilon", "rho", "delta"],
      cases: (hidden) => states(hidden ? 8520 : 852, hidden).map((c, k) => [c.theta, c.g, c.r, rates[k], rhos[k], deltas[k]]),
      reference: (t, g, r, e, rho, d) => {
        const rn = decay(r, g, rho);
        return adagradWith(rn, rn, t, g, e, (x) => Math.sqrt(d + x));
      },
      mistakes: [
        { hint: "δ outside the square root is PyTorch's RMSprop; Algorithm 8.5 divides by √(δ + r).", wrong: (t, g, r, e, rho, d) => {
          const rn = decay(r, g, rho);
          return adagradWith(rn, rn, t, g, e, (x) => d + Math.sqrt(x));
        } },
        { hint: "ρ weighs the OLD average and (1 − ρ) the new g⊙g: are they swapped?", wrong: (t, g, r, e, rho, d) => {
          const rn = decay(r, g, 1 - rho);
          return adagradWith(rn, rn, t, g, e, (x) => Math.sqrt(d + x));
        } },
        { hint: "update r first, then use the NEW r in the step.", wrong: (t, g, r, e, rho, d) => adagradWith(r, decay(r, g, rho), t, g, e, (x) => Math.sqrt(d + x)) },
        { hint: "that is AdaGrad's running sum; RMSProp keeps an exponentially decaying average.", wrong: (t, g, r, e, rho, d) => {
          const rn = accumulate(r, g);
          return adagradWith(rn, rn, t, g, e, (x) => Math.sqrt(d + x));
        } },
      ],
    },
    fn,
    options,
  );
}

function moments(s: number[], r: number[], g: number[], t: number, rho1: number, rho2: number, power = t, squared = true) {
  const sn = s.map((si, i) => rho1 * si + (1 - rho1) * g[i]);
  const rn = r.map((ri, i) => rho2 * ri + (1 - rho2) * (squared ? g[i] * g[i] : g[i]));
  return { s: sn, r: rn, sHat: sn.map((v) => v / (1 - rho1 ** power)), rHat: rn.map((v) => v / (1 - rho2 ** power)) };
}

const adamCases = (seed: number, hidden: boolean) =>
  states(seed, hidden).map((c, k) => ({ ...c, t: [1, 2, 10, 1, 100, 3, 7][k], rho1: [0.9, 0.8, 0.9, 0.5, 0.9, 0.7, 0.95][k], rho2: [0.999, 0.99, 0.9, 0.999, 0.999, 0.95, 0.9999][k] }));

/** Algorithm 8.7: first and second moment estimates and their bias corrections 1/(1 − ρᵗ). */
export function adamMoments(fn: AdamMoments, options?: CheckOptions): CheckResult {
  return runCheck<Parameters<AdamMoments>>(
    {
      name: "adamMoments",
      cite: "Algorithm 8.7",
      argNames: ["s", "r", "g", "t", "rho1", "rho2"],
      cases: (hidden) => adamCases(hidden ? 8530 : 853, hidden).map((c) => [c.s, c.r, c.g, c.t, c.rho1, c.rho2]),
      reference: (s, r, g, t, p1, p2) => moments(s, r, g, t, p1, p2),
      mistakes: [
        { hint: "the bias correction divides by 1 − ρᵗ (ρ to the power t), not by 1 − ρ.", wrong: (s, r, g, t, p1, p2) => moments(s, r, g, t, p1, p2, 1) },
        { hint: "t counts steps from 1 and is incremented before the correction: use 1 − ρᵗ, not 1 − ρᵗ⁻¹.", wrong: (s, r, g, t, p1, p2) => moments(s, r, g, t, p1, p2, t - 1) },
        { hint: "ŝ and r̂ are the bias-CORRECTED moments: divide s and r by 1 − ρᵗ.", wrong: (s, r, g, t, p1, p2) => {
          const m = moments(s, r, g, t, p1, p2);
          return { ...m, sHat: m.s, rHat: m.r };
        } },
        { hint: "the second moment averages the SQUARED gradient g⊙g.", wrong: (s, r, g, t, p1, p2) => moments(s, r, g, t, p1, p2, t, false) },
      ],
    },
    fn,
    options,
  );
}

/** Algorithm 8.7: a full Adam step θ ← θ − ε ŝ/(√r̂ + δ). */
export function adamStep(fn: AdamStep, options?: CheckOptions): CheckResult {
  const step = (theta: number[], g: number[], s: number[], r: number[], t: number, e: number, p1: number, p2: number, denom: (rh: number) => number, corrected = true) => {
    const m = moments(s, r, g, t, p1, p2);
    const sh = corrected ? m.sHat : m.s;
    const rh = corrected ? m.rHat : m.r;
    return { theta: theta.map((ti, i) => ti - (e * sh[i]) / denom(rh[i])), s: m.s, r: m.r };
  };
  return runCheck<Parameters<AdamStep>>(
    {
      name: "adamStep",
      cite: "Algorithm 8.7",
      argNames: ["theta", "g", "s", "r", "t", "epsilon", "rho1", "rho2", "delta"],
      cases: (hidden) => adamCases(hidden ? 8540 : 854, hidden).map((c, k) => [c.theta, c.g, c.s, c.r, c.t, rates[k], c.rho1, c.rho2, deltas[k]]),
      reference: (th, g, s, r, t, e, p1, p2, d) => step(th, g, s, r, t, e, p1, p2, (x) => Math.sqrt(x) + d),
      mistakes: [
        { hint: "δ goes outside the square root in Adam: ŝ/(√r̂ + δ).", wrong: (th, g, s, r, t, e, p1, p2, d) => step(th, g, s, r, t, e, p1, p2, (x) => Math.sqrt(x + d)) },
        { hint: "use the bias-corrected moments ŝ = s/(1 − ρ₁ᵗ) and r̂ = r/(1 − ρ₂ᵗ) in the step.", wrong: (th, g, s, r, t, e, p1, p2, d) => step(th, g, s, r, t, e, p1, p2, (x) => Math.sqrt(x) + d, false) },
        { hint: "divide by the square root of r̂.", wrong: (th, g, s, r, t, e, p1, p2, d) => step(th, g, s, r, t, e, p1, p2, (x) => x + d) },
      ],
    },
    fn,
    options,
  );
}

type MinimumNorm = (X: number[][], y: number[]) => number[];

const gramOf = (X: number[][]) => X.map((a) => X.map((b) => a.reduce((s, v, j) => s + v * b[j], 0)));
const timesTransposed = (X: number[][], alpha: number[]) => X[0].map((_, j) => X.reduce((s, row, i) => s + row[j] * alpha[i], 0));

/**
 * §8.5.4 (Wilson et al. 2017): the minimum-norm solution Xᵀ(XXᵀ)⁻¹y of an under-determined Xw = y, where
 * gradient descent from 0 ends on least squares. Reference: solve the n×n Gram system, then map back by Xᵀ.
 */
export function minimumNormSolution(fn: MinimumNorm, options?: CheckOptions): CheckResult {
  return runCheck<[number[][], number[]]>(
    {
      name: "minimumNormSolution",
      cite: "§8.5.4, Wilson et al. 2017",
      argNames: ["X", "y"],
      cases: (hidden) => {
        const r = caseRng(hidden ? 8550 : 855);
        const cases: [number[][], number[]][] = [[[[1, 1, 0], [0, 1, 1]], [1, 2]]];
        for (let k = 0; k < (hidden ? 5 : 2); k++) {
          const n = 1 + r.int(hidden ? 5 : 3);
          const d = n + 1 + r.int(hidden ? 8 : 4);
          cases.push([randomMatrix(r, n, d, 2), randomVector(r, n, 3)]);
        }
        if (hidden) cases.push([[[3, 4]], [5]]);
        return cases;
      },
      reference: (X, y) => timesTransposed(X, solve(gramOf(X), y)),
      tol: 1e-7,
      mistakes: [
        { hint: "return w = Xᵀα (d numbers, one per column of X), not the n coefficients α of (XXᵀ)α = y.", wrong: (X, y) => solve(gramOf(X), y) },
        { hint: "that is Xᵀy, the direction of the first gradient step from 0; scale it through (XXᵀ)⁻¹: w = Xᵀ(XXᵀ)⁻¹y.", wrong: (X, y) => timesTransposed(X, y) },
        {
          hint: "a sign pattern is what the adaptive methods find (Wilson et al.); the minimum-norm solution is Xᵀ(XXᵀ)⁻¹y.",
          wrong: (X, y) => timesTransposed(X, y).map(Math.sign),
        },
      ],
    },
    fn,
    options,
  );
}
