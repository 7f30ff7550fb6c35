/**
 * Continuation (GBC §8.7.6): a sequence of Gaussian-blurred objectives f_σ(x) = E_{z∼N(0,1)} f(x + σz),
 * tracked from very blurred (σ large, nearly convex) to the original (σ = 0). For
 * f(x) = c(x − m)² − Σ a_k cos(ω_k x) the blur is closed-form: c((x − m)² + σ²) − Σ a_k e^{−ω_k²σ²/2} cos(ω_k x).
 */
import { fail, finite, finiteArray, positive, positiveInt } from "../../args";

export interface BlurredObjective {
  f(x: number, sigma: number): number;
  grad(x: number, sigma: number): number;
}

export function blurredCosines(options: { curvature: number; center: number; amplitudes: number[]; frequencies: number[] }): BlurredObjective {
  const fn = "lab.blurredCosines";
  const c = positive(fn, "curvature", options.curvature);
  const m = finite(fn, "center", options.center);
  const a = finiteArray(fn, "amplitudes", options.amplitudes);
  const w = finiteArray(fn, "frequencies", options.frequencies);
  if (w.length !== a.length) fail(fn, "frequencies", `an array of length ${a.length} like amplitudes`, w.length);
  const damp = (k: number, sigma: number) => Math.exp(-0.5 * w[k] * w[k] * sigma * sigma);
  const sig = (s: number) => (typeof s === "number" && s >= 0 && Number.isFinite(s) ? s : fail(fn, "sigma", "a finite number ≥ 0", s));
  return {
    f: (x, sigma) => c * ((x - m) ** 2 + sig(sigma) ** 2) - a.reduce((s, ak, k) => s + ak * damp(k, sigma) * Math.cos(w[k] * x), 0),
    grad: (x, sigma) => 2 * c * (x - m) + a.reduce((s, ak, k) => s + ak * damp(k, sig(sigma)) * w[k] * Math.sin(w[k] * x), 0),
  };
}

/**
 * Gradient descent on f_σ for each σ of `sigmas` in turn, each level starting where the previous ended.
 * Returns the end point of every level and the whole path.
 */
export function continuation(
  objective: BlurredObjective,
  options: { sigmas: number[]; x0: number; lr: number; stepsPerLevel: number },
): { ends: number[]; path: number[] } {
  const fn = "lab.continuation";
  const sigmas = finiteArray(fn, "sigmas", options.sigmas);
  sigmas.forEach((s, i) => s >= 0 || fail(fn, `sigmas[${i}]`, "≥ 0", s));
  let x = finite(fn, "x0", options.x0);
  const lr = positive(fn, "lr", options.lr);
  const steps = positiveInt(fn, "stepsPerLevel", options.stepsPerLevel);
  const ends: number[] = [];
  const path = [x];
  for (const sigma of sigmas) {
    for (let t = 0; t < steps; t++) {
      x -= lr * objective.grad(x, sigma);
      path.push(x);
    }
    ends.push(x);
  }
  return { ends, path };
}
