/**
 * Long-term dependencies (§8.2.5): a chain hₜ = W hₜ₋₁ (or hₜ = tanh(W hₜ₋₁)) run forward T steps, and the
 * gradient of a loss at the end sent back to every hₜ. Backpropagation multiplies by Wᵀ (and by tanh′) once
 * per step, so ‖∂L/∂hₜ‖ vanishes or explodes with the distance T − t, like the forward powers Wᵗ.
 */
import { fail, finite, positiveInt } from "../../args";

export interface ChainGradients {
  /** ‖hₜ‖ for t = 0 … T. */
  forwardNorms: number[];
  /** ‖∂L/∂hₜ‖ for t = 0 … T, with ∂L/∂h_T = `gradOut`. */
  backwardNorms: number[];
}

const matVecT = (W: number[][], v: number[]) => W[0].map((_, j) => W.reduce((s, row, i) => s + row[j] * v[i], 0));
const matVec = (W: number[][], v: number[]) => W.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));

/** Forward norms and exact backpropagated gradient norms through T steps of hₜ = W hₜ₋₁ (or tanh of it). */
export function chainGradients(opts: { W: number[][]; h0: number[]; gradOut: number[]; steps: number; tanh?: boolean }): ChainGradients {
  const fn = "lab.chainGradients";
  const { W, h0, gradOut } = opts;
  if (!Array.isArray(W) || W.length === 0 || W.some((row) => !Array.isArray(row) || row.length !== W.length)) fail(fn, "W", "a square matrix (rows)", W);
  if (!Array.isArray(h0) || h0.length !== W.length) fail(fn, "h0", `a vector of length ${W.length}`, h0);
  if (!Array.isArray(gradOut) || gradOut.length !== W.length) fail(fn, "gradOut", `a vector of length ${W.length}`, gradOut);
  W.forEach((row, i) => row.forEach((v, j) => finite(fn, `W[${i}][${j}]`, v)));
  const T = positiveInt(fn, "steps", opts.steps);
  const hs = [h0.slice()];
  for (let t = 1; t <= T; t++) {
    const z = matVec(W, hs[t - 1]);
    hs.push(opts.tanh ? z.map(Math.tanh) : z);
  }
  const back: number[][] = new Array(T + 1);
  back[T] = gradOut.slice();
  for (let t = T; t >= 1; t--) {
    // hₜ = φ(W hₜ₋₁): ∂L/∂hₜ₋₁ = Wᵀ (φ′ ⊙ ∂L/∂hₜ), with tanh′ = 1 − hₜ².
    const local = opts.tanh ? back[t].map((g, i) => g * (1 - hs[t][i] * hs[t][i])) : back[t];
    back[t - 1] = matVecT(W, local);
  }
  const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return { forwardNorms: hs.map(norm), backwardNorms: back.map(norm) };
}
