import type { Rng } from "../rng";
import { calculateGain, type Nonlinearity } from "./gain";
import { computeFans, matrixDims } from "./fans";
import { finite, show } from "../args";
import { checkRng, checkShape, fillMatrix } from "./validate";

/*
 * Every initializer takes a shape [fanOut, fanIn, ...kernel] (a PyTorch Linear/Conv weight) and returns
 * number[][] with fanOut rows; a conv shape comes back flattened to [out, in·∏kernel] (PyTorch's
 * weight.view(out, -1), row-major), which is the layout a conv weight has when its kernel is unrolled.
 * Entries are drawn in row-major order, so one seed fixes the whole matrix.
 */

export interface RngOption {
  rng: Rng;
}

function uniformMatrix(shape: readonly number[], r: Rng, bound: number): number[][] {
  const [rows, cols] = matrixDims(shape);
  return fillMatrix(rows, cols, () => bound * (2 * r() - 1));
}

function normalMatrix(shape: readonly number[], r: Rng, std: number): number[][] {
  const [rows, cols] = matrixDims(shape);
  return fillMatrix(rows, cols, () => std * r.normal());
}

function options<T extends object>(fn: string, opts: unknown): T & RngOption {
  if (opts === null || typeof opts !== "object") {
    throw new Error(`${fn}: parameter 'options' must be an object with an 'rng', got ${show(opts)}`);
  }
  checkRng(fn, (opts as RngOption).rng);
  return opts as T & RngOption;
}

/** The book's heuristic (§8.4): W ~ U(−1/√m, 1/√m) with m = fanIn; variance 1/(3m). */
export function uniformBook(shape: readonly number[], opts: RngOption): number[][] {
  const fn = "init.uniformBook";
  const s = checkShape(fn, shape, 2);
  const o = options(fn, opts);
  return uniformMatrix(s, o.rng, 1 / Math.sqrt(computeFans(s).fanIn));
}

function glorotStd(fn: string, shape: number[], gain: unknown): number {
  const g = finite(fn, "gain", gain);
  const { fanIn, fanOut } = computeFans(shape);
  return g * Math.sqrt(2 / (fanIn + fanOut));
}

/** Glorot & Bengio's normalized initialization (book eq. 8.23): U(±gain·√(6/(fanIn+fanOut))). */
export function glorotUniform(shape: readonly number[], opts: RngOption & { gain?: number }): number[][] {
  const fn = "init.glorotUniform";
  const s = checkShape(fn, shape, 2);
  const o = options<{ gain?: number }>(fn, opts);
  return uniformMatrix(s, o.rng, Math.sqrt(3) * glorotStd(fn, s, o.gain === undefined ? 1 : o.gain));
}

/** Glorot & Bengio (2010), normal form: N(0, gain²·2/(fanIn+fanOut)). */
export function glorotNormal(shape: readonly number[], opts: RngOption & { gain?: number }): number[][] {
  const fn = "init.glorotNormal";
  const s = checkShape(fn, shape, 2);
  const o = options<{ gain?: number }>(fn, opts);
  return normalMatrix(s, o.rng, glorotStd(fn, s, o.gain === undefined ? 1 : o.gain));
}

export interface HeOptions extends RngOption {
  /** Which fan keeps its variance: "fanIn" (forward pass, default) or "fanOut" (backward pass). */
  mode?: "fanIn" | "fanOut";
  nonlinearity?: Nonlinearity;
  /** Negative slope for leaky_relu (PyTorch's `a`), default 0. */
  a?: number;
}

function heStd(fn: string, shape: number[], o: HeOptions): number {
  const mode = o.mode === undefined ? "fanIn" : o.mode;
  if (mode !== "fanIn" && mode !== "fanOut") {
    throw new Error(`${fn}: parameter 'mode' must be "fanIn" or "fanOut", got ${show(mode)}`);
  }
  const a = o.a === undefined ? 0 : finite(fn, "a", o.a);
  const nonlinearity = o.nonlinearity === undefined ? "relu" : o.nonlinearity;
  let gain: number;
  try {
    gain = calculateGain(nonlinearity, nonlinearity === "leaky_relu" ? a : undefined);
  } catch (e) {
    throw new Error(`${fn}: ${(e as Error).message.replace(/^init\.calculateGain: /, "")}`);
  }
  const fans = computeFans(shape);
  return gain / Math.sqrt(mode === "fanIn" ? fans.fanIn : fans.fanOut);
}

/** He et al. (2015) (torch kaiming_uniform_): U(±√3·gain/√fan). */
export function heUniform(shape: readonly number[], opts: HeOptions): number[][] {
  const fn = "init.heUniform";
  const s = checkShape(fn, shape, 2);
  const o = options<HeOptions>(fn, opts);
  return uniformMatrix(s, o.rng, Math.sqrt(3) * heStd(fn, s, o));
}

/** He et al. (2015) (torch kaiming_normal_): N(0, gain²/fan). */
export function heNormal(shape: readonly number[], opts: HeOptions): number[][] {
  const fn = "init.heNormal";
  const s = checkShape(fn, shape, 2);
  const o = options<HeOptions>(fn, opts);
  return normalMatrix(s, o.rng, heStd(fn, s, o));
}

/** LeCun et al. (1998) "Efficient BackProp": N(0, 1/fanIn) (untruncated, unlike Keras' lecun_normal). */
export function lecunNormal(shape: readonly number[], opts: RngOption): number[][] {
  const fn = "init.lecunNormal";
  const s = checkShape(fn, shape, 2);
  const o = options(fn, opts);
  return normalMatrix(s, o.rng, 1 / Math.sqrt(computeFans(s).fanIn));
}
