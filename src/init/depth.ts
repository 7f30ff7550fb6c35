import { applyActivation, multiplyByDerivative } from "./activation";
import { matmulTransposed, meanStd, transpose } from "./dense";
import { recordLayer, setupDepth, type DepthOptions, type DepthResult, type DepthSetup } from "./depth-setup";
import { depthExperimentTf } from "./depth-tf";

export { INITIALIZER_NAMES } from "./depth-setup";
export type { DepthOptions, DepthResult, InitializerFn, InitializerName } from "./depth-setup";

/**
 * The depth experiment behind book §8.4 and Glorot & Bengio (2010, Fig. 6–7): push a standard-normal batch
 * through `layers` bias-free dense layers of `width` units, each h = W·x then x ← f(h), and report each layer's
 * pre-/post-activation statistics (and back-propagated gradients). Shows which initializer keeps the signal alive.
 * Async because the tfjs engine reads the device, which tfjs's webgpu backend cannot do synchronously; the
 * float64 engine computes the same numbers as ever.
 */
export async function depthExperiment(opts: DepthOptions): Promise<DepthResult> {
  const fn = "init.depthExperiment";
  const s = setupDepth(fn, opts);
  return s.engine === "tfjs" ? depthExperimentTf(s) : depthFloat64(s);
}

function depthFloat64(s: DepthSetup): DepthResult {
  const { layers, width, batch, activation } = s;
  const n = batch * width;
  const res: DepthResult = { engine: "float64", preMean: [], preStd: [], postMean: [], postStd: [] };
  const pre: Float64Array[] = [];
  const post: Float64Array[] = [];
  const weights: Float64Array[] = [];
  let x = s.input;
  for (let l = 0; l < layers; l++) {
    const w = s.weight(l);
    const h = new Float64Array(n);
    matmulTransposed(x, w, batch, width, width, h);
    const a = new Float64Array(n);
    applyActivation(activation, h, a);
    recordLayer(res, meanStd(h), meanStd(a));
    if (s.upstream) {
      pre.push(h);
      post.push(a);
      weights.push(w);
    }
    x = a;
  }
  if (s.upstream) backwardFloat64(s, pre, post, weights, res);
  return res;
}

function backwardFloat64(s: DepthSetup, pre: Float64Array[], post: Float64Array[], weights: Float64Array[], res: DepthResult): void {
  const { layers, width, batch, activation } = s;
  const n = batch * width;
  const gradMean = new Array<number>(layers);
  const gradStd = new Array<number>(layers);
  const weightGradStd = new Array<number>(layers);
  const wt = new Float64Array(width * width);
  const dht = new Float64Array(n);
  const xt = new Float64Array(n);
  const dw = new Float64Array(width * width);
  let g = Float64Array.from(s.upstream as Float64Array);
  for (let l = layers - 1; l >= 0; l--) {
    multiplyByDerivative(activation, pre[l], post[l], g);
    const [m, sd] = meanStd(g);
    gradMean[l] = m;
    gradStd[l] = sd;
    // ∂L/∂W = (∂L/∂h)ᵀ·x: with both transposed it is the same X·Wᵀ product as the forward pass.
    const xin = l === 0 ? s.input : post[l - 1];
    transpose(g, batch, width, dht);
    transpose(xin, batch, width, xt);
    matmulTransposed(dht, xt, width, batch, width, dw);
    weightGradStd[l] = meanStd(dw)[1];
    if (l > 0) {
      transpose(weights[l], width, width, wt);
      const dx = new Float64Array(n);
      matmulTransposed(g, wt, batch, width, width, dx);
      g = dx;
    }
  }
  res.gradMean = gradMean;
  res.gradStd = gradStd;
  res.weightGradStd = weightGradStd;
}
