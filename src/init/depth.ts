import { rng, type Rng } from "../rng";
import { applyActivation, checkActivation, multiplyByDerivative, type Activation } from "./activation";
import { matmulTransposed, meanStd, transpose } from "./dense";
import { glorotNormal, glorotUniform, heNormal, heUniform, lecunNormal, uniformBook } from "./random";
import { orthogonal } from "./orthogonal";
import { checkFinite, show } from "./validate";
import { depthExperimentTf } from "./depth-tf";

/** Initializers the depth experiment knows by name. */
export type InitializerName =
  | "uniformBook"
  | "glorotUniform"
  | "glorotNormal"
  | "heUniform"
  | "heNormal"
  | "lecunNormal"
  | "orthogonal";

/** A custom initializer: returns a [fanOut][fanIn] weight for `shape` from `rng`. */
export type InitializerFn = (shape: [number, number], rng: Rng) => number[][];

export interface DepthOptions {
  layers: number;
  width: number;
  batch: number;
  initializer: InitializerName | InitializerFn;
  activation: Activation;
  seed: number;
  /** Multiplies every drawn weight (for the glorot initializers and orthogonal it is their own `gain`); default 1. */
  gain?: number;
  /** Also back-propagate a standard-normal ∂L/∂(last output) and report gradient statistics. */
  gradients?: boolean;
  /** "float64" (exact, default below width 1024), "tfjs" (float32, the current tf backend), or "auto". */
  engine?: "auto" | "float64" | "tfjs";
}

/** Per-layer statistics, index l = layer l+1 (population mean/std over all batch × width entries). */
export interface DepthResult {
  engine: "float64" | "tfjs";
  preMean: number[];
  preStd: number[];
  postMean: number[];
  postStd: number[];
  /** ∂L/∂(pre-activation) of each layer, when `gradients` is set. */
  gradMean?: number[];
  gradStd?: number[];
  /** ∂L/∂W of each layer, when `gradients` is set. */
  weightGradStd?: number[];
}

export const INITIALIZER_NAMES: readonly InitializerName[] = [
  "uniformBook",
  "glorotUniform",
  "glorotNormal",
  "heUniform",
  "heNormal",
  "lecunNormal",
  "orthogonal",
];

/** Validated options plus the seeded draws both engines share, so they see identical weights and inputs. */
export interface DepthSetup {
  layers: number;
  width: number;
  batch: number;
  activation: Activation;
  gradients: boolean;
  input: Float64Array;
  upstream: Float64Array | null;
  /** Layer l's weight, flat row-major width × width; drawn lazily so only one layer is held at a time. */
  weight(l: number): Float64Array;
}

function positiveInt(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
    throw new Error(`${fn}: parameter '${name}' must be a positive integer, got ${show(v)}`);
  }
  return v;
}

function drawWeight(init: InitializerName | InitializerFn, width: number, r: Rng, gain: number): number[][] {
  const shape: [number, number] = [width, width];
  if (typeof init === "function") return init(shape, r);
  switch (init) {
    case "uniformBook":
      return uniformBook(shape, { rng: r });
    case "glorotUniform":
      return glorotUniform(shape, { rng: r, gain });
    case "glorotNormal":
      return glorotNormal(shape, { rng: r, gain });
    case "heUniform":
      return heUniform(shape, { rng: r });
    case "heNormal":
      return heNormal(shape, { rng: r });
    case "lecunNormal":
      return lecunNormal(shape, { rng: r });
    case "orthogonal":
      return orthogonal(shape, { rng: r, gain });
  }
}

export function setupDepth(fn: string, opts: DepthOptions): DepthSetup & { engine: "float64" | "tfjs" } {
  if (opts === null || typeof opts !== "object") throw new Error(`${fn}: parameter 'options' must be an object, got ${show(opts)}`);
  const layers = positiveInt(fn, "layers", opts.layers);
  const width = positiveInt(fn, "width", opts.width);
  const batch = positiveInt(fn, "batch", opts.batch);
  const activation = checkActivation(fn, opts.activation);
  const seed = checkFinite(fn, "seed", opts.seed);
  const gain = opts.gain === undefined ? 1 : checkFinite(fn, "gain", opts.gain);
  const init = opts.initializer;
  if (typeof init !== "function" && !(INITIALIZER_NAMES as readonly unknown[]).includes(init)) {
    throw new Error(`${fn}: parameter 'initializer' must be a function or one of ${INITIALIZER_NAMES.join(", ")}, got ${show(init)}`);
  }
  const engineOpt = opts.engine === undefined ? "auto" : opts.engine;
  if (engineOpt !== "auto" && engineOpt !== "float64" && engineOpt !== "tfjs") {
    throw new Error(`${fn}: parameter 'engine' must be "auto", "float64" or "tfjs", got ${show(engineOpt)}`);
  }
  const engine = engineOpt === "auto" ? (width >= 1024 ? "tfjs" : "float64") : engineOpt;
  const gradients = opts.gradients === true;

  const root = rng(seed);
  const inputRng = root.fork();
  const upstreamRng = root.fork();
  const layerSeeds: number[] = [];
  for (let l = 0; l < layers; l++) layerSeeds.push(root.fork().seed);
  const input = new Float64Array(batch * width);
  for (let i = 0; i < input.length; i++) input[i] = inputRng.normal();
  let upstream: Float64Array | null = null;
  if (gradients) {
    upstream = new Float64Array(batch * width);
    for (let i = 0; i < upstream.length; i++) upstream[i] = upstreamRng.normal();
  }
  // The named scale applies on top for initializers without a gain of their own.
  const extra = typeof init === "function" || !["glorotUniform", "glorotNormal", "orthogonal"].includes(init) ? gain : 1;
  const weight = (l: number): Float64Array => {
    const m = drawWeight(init, width, rng(layerSeeds[l]), gain);
    if (!Array.isArray(m) || m.length !== width || m.some((row) => !row || row.length !== width)) {
      throw new Error(`${fn}: parameter 'initializer' must return a ${width}×${width} matrix, got ${show(m)}`);
    }
    const w = new Float64Array(width * width);
    for (let i = 0; i < width; i++) {
      const row = m[i];
      for (let j = 0; j < width; j++) w[i * width + j] = extra * row[j];
    }
    return w;
  };
  return { layers, width, batch, activation, gradients, input, upstream, weight, engine };
}

/**
 * The depth experiment behind book §8.4 and Glorot & Bengio (2010, Fig. 6–7): push a standard-normal batch
 * through `layers` bias-free dense layers of `width` units, each h = W·x then x ← f(h), and report each layer's
 * pre-/post-activation statistics (and back-propagated gradients). Shows which initializer keeps the signal alive.
 */
export function depthExperiment(opts: DepthOptions): DepthResult {
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
    const [hm, hs] = meanStd(h);
    const [am, as] = meanStd(a);
    res.preMean.push(hm);
    res.preStd.push(hs);
    res.postMean.push(am);
    res.postStd.push(as);
    if (s.gradients) {
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
