/**
 * Linear convergence rates on a quadratic with Hessian eigenvalues λ_i (§8.3.2; Polyak 1964; Goh 2017,
 * "Why Momentum Really Works"). Momentum (Algorithm 8.2) on eigen-direction i is the linear recursion
 * (θ_{t+1}, θ_t) = R_i (θ_t, θ_{t−1}) with R_i = [[1 + α − ελ_i, −α], [1, 0]]; the error shrinks like ρ^t
 * with ρ = max_i (spectral radius of R_i).
 */
import { fail, finite, finiteArray, positive } from "../../args";

/** Spectral radius of [[1 + α − ελ, −α], [1, 0]]: the per-step contraction of one eigen-direction. */
function directionRate(epsilon: number, alpha: number, lambda: number): number {
  const trace = 1 + alpha - epsilon * lambda;
  const disc = trace * trace - 4 * alpha;
  // Complex roots have modulus √α (their product is α); real roots are (trace ± √disc)/2.
  if (disc < 0) return Math.sqrt(alpha);
  const root = Math.sqrt(disc);
  return Math.max(Math.abs((trace + root) / 2), Math.abs((trace - root) / 2));
}

/** ρ(ε, α) = max_i spectral radius: below 1 the method converges linearly, at or above 1 it does not. */
export function momentumRate(epsilon: number, alpha: number, eigenvalues: ArrayLike<number>): number {
  const fn = "lab.momentumRate";
  finite(fn, "epsilon", epsilon);
  if (typeof alpha !== "number" || !(alpha >= 0 && alpha < 1)) fail(fn, "alpha", "a number in [0, 1)", alpha);
  const lambdas = finiteArray(fn, "eigenvalues", eigenvalues);
  lambdas.forEach((l, i) => l > 0 || fail(fn, `eigenvalues[${i}]`, "> 0 (a positive-definite Hessian)", l));
  return Math.max(...lambdas.map((l) => directionRate(epsilon, alpha, l)));
}

/** Gradient descent (α = 0): ρ = max_i |1 − ελ_i|. */
export function gradientDescentRate(epsilon: number, eigenvalues: ArrayLike<number>): number {
  return momentumRate(epsilon, 0, eigenvalues);
}

/** Polyak's optimal heavy ball for λ ∈ [μ, L]: ε = 4/(√L + √μ)², α = ((√κ − 1)/(√κ + 1))², ρ = (√κ − 1)/(√κ + 1). */
export function heavyBallOptimal(mu: number, L: number): { epsilon: number; alpha: number; rate: number } {
  const fn = "lab.heavyBallOptimal";
  positive(fn, "mu", mu);
  positive(fn, "L", L);
  if (L < mu) fail(fn, "L", `≥ mu = ${mu}`, L);
  const rate = (Math.sqrt(L) - Math.sqrt(mu)) / (Math.sqrt(L) + Math.sqrt(mu));
  return { epsilon: 4 / (Math.sqrt(L) + Math.sqrt(mu)) ** 2, alpha: rate * rate, rate };
}

/**
 * Nesterov's momentum (Algorithm 8.3) on eigen-direction λ: θ_{t+1} = (1 + α)(1 − ελ)θ_t − α(1 − ελ)θ_{t−1};
 * ρ = max_i spectral radius of that recursion.
 */
export function nesterovRate(epsilon: number, alpha: number, eigenvalues: ArrayLike<number>): number {
  const fn = "lab.nesterovRate";
  finite(fn, "epsilon", epsilon);
  if (typeof alpha !== "number" || !(alpha >= 0 && alpha < 1)) fail(fn, "alpha", "a number in [0, 1)", alpha);
  const lambdas = finiteArray(fn, "eigenvalues", eigenvalues);
  lambdas.forEach((l, i) => l > 0 || fail(fn, `eigenvalues[${i}]`, "> 0 (a positive-definite Hessian)", l));
  return Math.max(
    ...lambdas.map((l) => {
      const c = 1 - epsilon * l;
      const trace = (1 + alpha) * c;
      const det = alpha * c;
      const disc = trace * trace - 4 * det;
      if (disc < 0) return Math.sqrt(det);
      const root = Math.sqrt(disc);
      return Math.max(Math.abs((trace + root) / 2), Math.abs((trace - root) / 2));
    }),
  );
}

/**
 * The exact error of the optimally tuned heavy ball (Algorithm 8.2, v₀ = 0) on ½Σλᵢθᵢ² with λ ∈ {μ, L}.
 * At Polyak's setting both extreme directions sit on a repeated root r (r = ρ for μ, r = −ρ for L), so
 * each coordinate follows θᵢ,ₜ = (1 + (1 − r)t) rᵗ θᵢ,₀ — a linear rate ρ times a factor growing like t.
 * `theta0` gives the start in the eigenbasis, first the μ-directions' part then the L-directions'.
 */
export function heavyBallOptimalError(mu: number, L: number, theta0: { mu: number; L: number }, t: number): number {
  const fn = "lab.heavyBallOptimalError";
  const { rate } = heavyBallOptimal(mu, L);
  finite(fn, "theta0.mu", theta0?.mu);
  finite(fn, "theta0.L", theta0?.L);
  if (!Number.isInteger(t) || t < 0) fail(fn, "t", "an integer ≥ 0", t);
  const slow = (1 + (1 - rate) * t) * theta0.mu;
  const fast = (1 + (1 + rate) * t) * theta0.L;
  return Math.pow(rate, t) * Math.hypot(slow, fast);
}
