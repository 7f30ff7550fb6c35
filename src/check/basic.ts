/** Checkers for §8.3 — basic algorithms: SGD (Alg. 8.1), momentum (8.2), Nesterov (8.3), schedules. */
import { CheckOptions, CheckResult, formatValue, runCheck } from "./core";
import { caseRng, matVec, randomSpd, randomVector } from "./linalg";

type Step = { theta: number[]; v: number[] };
type SgdStep = (theta: number[], g: number[], epsilon: number) => number[];
type MomentumStep = (theta: number[], v: number[], g: number[], epsilon: number, alpha: number) => Step;
type Gradient = (x: number[]) => number[];
type NesterovStep = (theta: number[], v: number[], gradAt: Gradient, epsilon: number, alpha: number) => Step;

function vectors(seed: number, hidden: boolean, count: number): number[][][] {
  const r = caseRng(seed);
  return Array.from({ length: hidden ? 6 : 3 }, (_, k) => {
    const n = k === 0 ? 2 : 1 + r.int(hidden ? 9 : 4);
    return Array.from({ length: count }, (_, j) => (hidden && k === 1 && j > 0 ? randomVector(r, n, 0) : randomVector(r, n, 2)));
  });
}

const rates = [0.1, 0.5, 0.01, 1, 0.3, 0.05];
const momenta = [0.9, 0.5, 0.99, 0, 0.7, 0.3];

/** Algorithm 8.1: one SGD step θ ← θ − εĝ. */
export function sgdStep(fn: SgdStep, options?: CheckOptions): CheckResult {
  return runCheck<Parameters<SgdStep>>(
    {
      name: "sgdStep",
      cite: "Algorithm 8.1",
      argNames: ["theta", "g", "epsilon"],
      cases: (hidden) => vectors(hidden ? 8310 : 831, hidden, 2).map(([t, g], k) => [t, g, rates[k]]),
      reference: (t, g, e) => t.map((ti, i) => ti - e * g[i]),
      mistakes: [
        { hint: "you moved up the gradient: descent is θ ← θ − εg.", wrong: (t, g, e) => t.map((ti, i) => ti + e * g[i]) },
        { hint: "return the new parameters θ − εg, not the step −εg.", wrong: (t, g, e) => g.map((gi) => -e * gi) },
      ],
    },
    fn,
    options,
  );
}

/** Algorithm 8.2: v ← αv − εg, then θ ← θ + v (with the new v). */
export function momentumStep(fn: MomentumStep, options?: CheckOptions): CheckResult {
  return runCheck<Parameters<MomentumStep>>(
    {
      name: "momentumStep",
      cite: "Algorithm 8.2",
      argNames: ["theta", "v", "g", "epsilon", "alpha"],
      cases: (hidden) => vectors(hidden ? 8320 : 832, hidden, 3).map(([t, v, g], k) => [t, v, g, rates[k], momenta[k]]),
      reference: (t, v, g, e, a) => {
        const vNext = v.map((vi, i) => a * vi - e * g[i]);
        return { theta: t.map((ti, i) => ti + vNext[i]), v: vNext };
      },
      mistakes: [
        { hint: "update v first, then move θ by the NEW velocity (θ ← θ + v after v ← αv − εg).", wrong: (t, v, g, e, a) => ({ theta: t.map((ti, i) => ti + v[i]), v: v.map((vi, i) => a * vi - e * g[i]) }) },
        { hint: "the velocity accumulates −εg: v ← αv − εg (the sign of the gradient term).", wrong: (t, v, g, e, a) => {
          const vNext = v.map((vi, i) => a * vi + e * g[i]);
          return { theta: t.map((ti, i) => ti + vNext[i]), v: vNext };
        } },
        { hint: "α multiplies the old velocity and ε the gradient: are they swapped?", wrong: (t, v, g, e, a) => {
          const vNext = v.map((vi, i) => e * vi - a * g[i]);
          return { theta: t.map((ti, i) => ti + vNext[i]), v: vNext };
        } },
      ],
    },
    fn,
    options,
  );
}

/** A gradient of ½xᵀAx − bᵀx that describes itself in a hint. */
function quadraticGradient(A: number[][], b: number[]): Gradient {
  const g = (x: number[]) => matVec(A, x).map((v, i) => v - b[i]);
  return Object.assign(g, { description: `x ↦ Ax − b (gradient of ½xᵀAx − bᵀx), A = ${formatValue(A)}, b = ${formatValue(b)}` });
}

/** Algorithm 8.3: the gradient is taken at the interim point θ + αv. */
export function nesterovStep(fn: NesterovStep, options?: CheckOptions): CheckResult {
  const step = (t: number[], v: number[], grad: number[], e: number, a: number) => {
    const vNext = v.map((vi, i) => a * vi - e * grad[i]);
    return { theta: t.map((ti, i) => ti + vNext[i]), v: vNext };
  };
  return runCheck<Parameters<NesterovStep>>(
    {
      name: "nesterovStep",
      cite: "Algorithm 8.3",
      argNames: ["theta", "v", "gradAt", "epsilon", "alpha"],
      cases: (hidden) =>
        vectors(hidden ? 8330 : 833, hidden, 3).map(([t, v, b], k) => {
          const A = randomSpd(caseRng(7000 + k + (hidden ? 100 : 0)), t.length);
          return [t, v, quadraticGradient(A, b), rates[k], momenta[k] || 0.6];
        }),
      reference: (t, v, grad, e, a) => step(t, v, grad(t.map((ti, i) => ti + a * v[i])), e, a),
      mistakes: [
        { hint: "evaluate the gradient at the interim point θ + αv, not at θ (that is plain momentum).", wrong: (t, v, grad, e, a) => step(t, v, grad(t), e, a) },
        { hint: "the interim point is θ + αv (look ahead along the velocity), not θ − αv.", wrong: (t, v, grad, e, a) => step(t, v, grad(t.map((ti, i) => ti - a * v[i])), e, a) },
        { hint: "move θ by the NEW velocity, after v ← αv − εg.", wrong: (t, v, grad, e, a) => {
          const g = grad(t.map((ti, i) => ti + a * v[i]));
          return { theta: t.map((ti, i) => ti + v[i]), v: v.map((vi, i) => a * vi - e * g[i]) };
        } },
      ],
      describeArg: (name, value) => (typeof value === "function" ? (value as { description?: string }).description : undefined),
    },
    fn,
    options,
  );
}

type Schedule = (k: number, epsilon0: number, epsilonTau: number, tau: number) => number;

/** Eq. 8.14: ε_k = (1 − α)ε₀ + αε_τ with α = k/τ, then constant ε_τ after iteration τ. */
export function linearDecay(fn: Schedule, options?: CheckOptions): CheckResult {
  const interpolate = (k: number, e0: number, et: number, tau: number) => (1 - k / tau) * e0 + (k / tau) * et;
  return runCheck<Parameters<Schedule>>(
    {
      name: "linearDecay",
      cite: "eq. 8.14",
      argNames: ["k", "epsilon0", "epsilonTau", "tau"],
      cases: (hidden) =>
        hidden
          ? [[0, 0.5, 0.005, 200], [200, 0.5, 0.005, 200], [201, 0.5, 0.005, 200], [10000, 0.2, 0.002, 300], [37, 1, 0.01, 100], [99, 0.3, 0, 100]]
          : [[0, 0.1, 0.001, 100], [50, 0.1, 0.001, 100], [150, 0.1, 0.001, 100], [25, 1, 0.01, 40]],
      reference: (k, e0, et, tau) => (k >= tau ? et : interpolate(k, e0, et, tau)),
      mistakes: [
        { hint: "after iteration τ the rate stays constant at ε_τ; do not keep extrapolating.", wrong: interpolate },
        { hint: "at k = 0 the rate is ε₀ and at k = τ it is ε_τ: the weights (1 − α) and α are swapped.", wrong: (k, e0, et, tau) => (k >= tau ? et : interpolate(k, et, e0, tau)) },
      ],
    },
    fn,
    options,
  );
}

/** Eq. 8.17: with a constant gradient, momentum reaches the terminal speed ε‖g‖/(1 − α). */
export function terminalSpeed(fn: (epsilon: number, gradNorm: number, alpha: number) => number, options?: CheckOptions): CheckResult {
  return runCheck<[number, number, number]>(
    {
      name: "terminalSpeed",
      cite: "eq. 8.17",
      argNames: ["epsilon", "gradNorm", "alpha"],
      cases: (hidden) => (hidden ? [[0.01, 3, 0.99], [0.5, 0.2, 0], [1, 1, 0.5], [0.03, 12, 0.95]] : [[0.1, 2, 0.9], [0.01, 5, 0.5]]),
      reference: (e, n, a) => (e * n) / (1 - a),
      mistakes: [
        { hint: "the speed is amplified by 1/(1 − α) (α = 0.9 → 10×), not multiplied by (1 − α).", wrong: (e, n, a) => e * n * (1 - a) },
        { hint: "divide by 1 − α, not by α.", wrong: (e, n, a) => (e * n) / a },
      ],
    },
    fn,
    options,
  );
}
