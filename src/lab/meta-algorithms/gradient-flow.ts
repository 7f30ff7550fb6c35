/**
 * Gradient norm per layer of a deep fully connected network in float64 (GBC §8.7.5, designing models to
 * aid optimization; Glorot & Bengio 2010; He et al. 2016): plain sigmoid, plain ReLU, and ReLU with
 * identity skip connections h_{l} = h_{l−1} + W_l relu(h_{l−1}) ("residual").
 */
import { sigmoid } from "../../math";
import { rng } from "../../rng";
import { fail, positiveInt } from "../../args";

export type FlowArchitecture = "sigmoid" | "relu" | "residual";

export interface GradientFlowOptions {
  architecture: FlowArchitecture;
  depth: number;
  width: number;
  batch?: number;
  seed?: number;
}

export interface GradientFlow {
  /** ‖∂L/∂W_l‖_F for l = 1 … depth (input side first). */
  weightGradNorms: number[];
  loss: number;
}


/**
 * Network: `depth` square layers of `width`, weights N(0, gain²/width) (Glorot-like gain 1 for sigmoid,
 * He gain √2 for ReLU, 1/√depth-scaled for the residual branches), no biases, inputs N(0, 1); loss
 * L = ½‖h_depth − t‖² averaged over the batch, with a seeded random target t.
 */
export function gradientFlow(options: GradientFlowOptions): GradientFlow {
  const fn = "lab.gradientFlow";
  const arch = options.architecture;
  if (arch !== "sigmoid" && arch !== "relu" && arch !== "residual") fail(fn, "architecture", '"sigmoid", "relu" or "residual"', arch);
  const depth = positiveInt(fn, "depth", options.depth);
  const width = positiveInt(fn, "width", options.width);
  const batch = positiveInt(fn, "batch", options.batch ?? 16);
  const seed = options.seed ?? 0;
  if (typeof seed !== "number" || !Number.isFinite(seed)) fail(fn, "seed", "a finite number", seed);
  const random = rng(seed);
  const gain = arch === "sigmoid" ? 1 : arch === "relu" ? Math.SQRT2 : Math.SQRT2 / Math.sqrt(depth);
  const W = Array.from({ length: depth }, () => Array.from({ length: width }, () => Array.from({ length: width }, () => (gain * random.normal()) / Math.sqrt(width))));
  const X = Array.from({ length: batch }, () => Array.from({ length: width }, () => random.normal()));
  const T = Array.from({ length: batch }, () => Array.from({ length: width }, () => random.normal()));
  const { loss, grads } = flowLossAndGrads(arch, W, X, T);
  return { weightGradNorms: grads.map((G) => Math.sqrt(G.reduce((s, row) => s + row.reduce((r, v) => r + v * v, 0), 0))), loss };
}

/** Mean loss ½‖h_L − t‖² over the rows of X and its gradient with respect to every W_l (hand-derived backward). */
export function flowLossAndGrads(arch: FlowArchitecture, W: number[][][], X: number[][], T: number[][]): { loss: number; grads: number[][][] } {
  const depth = W.length;
  const width = W[0].length;
  const batch = X.length;
  const matvec = (M: number[][], v: number[]) => M.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));
  const act = (z: number) => (arch === "sigmoid" ? sigmoid(z) : Math.max(0, z));
  const dact = (z: number) => (arch === "sigmoid" ? sigmoid(z) * (1 - sigmoid(z)) : z > 0 ? 1 : 0);
  const grads = W.map(() => Array.from({ length: width }, () => new Array<number>(width).fill(0)));
  let loss = 0;
  X.forEach((x, b) => {
    // Forward, keeping each layer's input h and the pre-activation a (of W h for plain, of h for residual).
    const hs: number[][] = [x];
    const pre: number[][] = [];
    for (let l = 0; l < depth; l++) {
      const h = hs[l];
      if (arch === "residual") {
        pre.push(h);
        const branch = matvec(W[l], h.map(act));
        hs.push(h.map((v, i) => v + branch[i]));
      } else {
        const a = matvec(W[l], h);
        pre.push(a);
        hs.push(a.map(act));
      }
    }
    const out = hs[depth];
    const t = T[b];
    loss += 0.5 * out.reduce((s, v, i) => s + (v - t[i]) ** 2, 0);
    let delta = out.map((v, i) => v - t[i]); // ∂L/∂h_depth
    for (let l = depth - 1; l >= 0; l--) {
      if (arch === "residual") {
        const u = pre[l].map(act);
        for (let i = 0; i < width; i++) for (let j = 0; j < width; j++) grads[l][i][j] += delta[i] * u[j];
        // h_{l} = h_{l−1} + W relu(h_{l−1}): the identity path carries delta through unchanged.
        const back = new Array<number>(width).fill(0);
        for (let i = 0; i < width; i++) for (let j = 0; j < width; j++) back[j] += W[l][i][j] * delta[i];
        delta = delta.map((v, j) => v + back[j] * dact(pre[l][j]));
      } else {
        const da = delta.map((v, i) => v * dact(pre[l][i]));
        const h = hs[l];
        for (let i = 0; i < width; i++) for (let j = 0; j < width; j++) grads[l][i][j] += da[i] * h[j];
        const back = new Array<number>(width).fill(0);
        for (let i = 0; i < width; i++) for (let j = 0; j < width; j++) back[j] += W[l][i][j] * da[i];
        delta = back;
      }
    }
  });
  return { loss: loss / batch, grads: grads.map((G) => G.map((row) => row.map((v) => v / batch))) };
}
