// Options, seeded draws and result bookkeeping of the depth experiment, shared by its float64 and tfjs engines.
import { rng, type Rng } from "../rng";
import { checkActivation, type Activation } from "./activation";
import { glorotNormal, glorotUniform, heNormal, heUniform, lecunNormal, uniformBook } from "./random";
import { orthogonal } from "./orthogonal";
import { finite, positiveInt, show } from "../args";

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
  input: Float64Array;
  /** The standard-normal ∂L/∂(last output) when `gradients` is set; null means forward only. */
  upstream: Float64Array | null;
  /** Layer l's weight, flat row-major width × width; drawn lazily so only one layer is held at a time. */
  weight(l: number): Float64Array;
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
  const seed = finite(fn, "seed", opts.seed);
  const gain = opts.gain === undefined ? 1 : finite(fn, "gain", opts.gain);
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
  return { layers, width, batch, activation, input, upstream, weight, engine };
}

/** Appends one layer's (mean, std) before and after the activation. */
export function recordLayer(res: DepthResult, [preMean, preStd]: [number, number], [postMean, postStd]: [number, number]): void {
  res.preMean.push(preMean);
  res.preStd.push(preStd);
  res.postMean.push(postMean);
  res.postStd.push(postStd);
}
