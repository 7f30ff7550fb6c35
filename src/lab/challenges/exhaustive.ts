/**
 * Theoretical limits (§8.2.8) on the smallest case: a 2 → n → 1 network of threshold units (step(z) = [z > 0])
 * with every weight and bias in {−1, 0, 1}, fitted to XOR by trying all 3^(4n+1) parameter settings. Exhaustive
 * search always finds the best setting, at a cost that grows exponentially with the number of parameters.
 */
import { fail, positiveInt } from "../../args";

const XOR_X = [[0, 0], [0, 1], [1, 0], [1, 1]];
const XOR_Y = [0, 1, 1, 0];

/** Errors (out of 4) of the threshold net θ = [W (n×2, row-major), b (n), v (n), c] on XOR. */
export function thresholdNetErrors(theta: ArrayLike<number>, hidden: number): number {
  const n = positiveInt("lab.thresholdNetErrors", "hidden", hidden);
  if (!theta || theta.length !== 4 * n + 1) fail("lab.thresholdNetErrors", "theta", `a vector of length ${4 * n + 1}`, theta);
  let errors = 0;
  for (let i = 0; i < 4; i++) {
    const x = XOR_X[i];
    let z = theta[4 * n];
    for (let j = 0; j < n; j++) {
      const h = theta[2 * j] * x[0] + theta[2 * j + 1] * x[1] + theta[2 * n + j] > 0 ? 1 : 0;
      z += theta[3 * n + j] * h;
    }
    if ((z > 0 ? 1 : 0) !== XOR_Y[i]) errors++;
  }
  return errors;
}

/** Tries every θ ∈ {−1, 0, 1}^(4n+1); returns the number of settings tried, the fewest errors and how many settings reach it. */
export function exhaustiveXorSearch(hidden: number): { settings: number; bestErrors: number; solutions: number; best: number[] } {
  const n = positiveInt("lab.exhaustiveXorSearch", "hidden", hidden);
  const p = 4 * n + 1;
  if (p > 17) fail("lab.exhaustiveXorSearch", "hidden", "at most 4 (3^17 ≈ 1.3e8 settings already)", hidden);
  const settings = 3 ** p;
  const theta = new Array<number>(p).fill(-1);
  let bestErrors = Infinity;
  let solutions = 0;
  let best = theta.slice();
  for (let k = 0; k < settings; k++) {
    let code = k;
    for (let i = 0; i < p; i++) {
      theta[i] = (code % 3) - 1;
      code = Math.floor(code / 3);
    }
    const e = thresholdNetErrors(theta, n);
    if (e < bestErrors) {
      bestErrors = e;
      solutions = 0;
      best = theta.slice();
    }
    if (e === bestErrors) solutions++;
  }
  return { settings, bestErrors, solutions, best };
}

/** The XOR truth table used above (inputs in {0, 1}²). */
export function xorData(): { X: number[][]; y: number[] } {
  return { X: XOR_X.map((r) => r.slice()), y: XOR_Y.slice() };
}
