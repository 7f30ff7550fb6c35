/*
 * The computation every normalization layer here shares: split the elements into groups, standardize each
 * group with its biased variance, then apply a per-parameter affine map. Layers differ only in how they
 * group elements and which affine parameter an element uses.
 */

import type { Flat } from "./validate";
import { nest, positiveEps, upstreamGradient, vector } from "./validate";

/** A layer's output and its backward pass, for the layers whose affine parameters are `weight` and `bias`. */
export interface AffineResult<T> {
  Y: T;
  backward(dY: T): { dX: T; dweight: number[]; dbias: number[] };
}

/**
 * Standardizes x group by group, applies the per-parameter affine map (weight and bias from `opts`, default
 * ones and zeros, one per grouping parameter) and returns the output with its backward pass.
 */
export function normalizeAffine<T>(fn: string, opts: { weight?: ArrayLike<number>; bias?: ArrayLike<number>; eps?: number }, x: Flat, grouping: Grouping): AffineResult<T> {
  const weight = vector(fn, "weight", opts.weight, grouping.params, 1);
  const bias = vector(fn, "bias", opts.bias, grouping.params, 0);
  const eps = positiveEps(fn, opts.eps);
  const norm = standardize(x.data, grouping, eps);
  return {
    Y: nest(affine(norm.xhat, grouping, weight, bias), x.shape),
    backward(dY: T) {
      const g = standardizeBackward(upstreamGradient(fn, dY, x.shape), norm, grouping, weight);
      return { dX: nest(g.dx, x.shape), dweight: Array.from(g.dweight), dbias: Array.from(g.dbias) };
    },
  };
}

/** `index` lists the flat element indices of group g at [g·size, (g+1)·size); `param[e]` is element e's affine slot. */
export interface Grouping {
  groups: number;
  size: number;
  index: Int32Array;
  param: Int32Array;
  params: number;
}

export interface Normalized {
  xhat: Float64Array;
  mean: Float64Array;
  /** Biased (divisor m) group variance: what the forward pass divides by. */
  variance: Float64Array;
  invStd: Float64Array;
}

export function standardize(x: Float64Array, g: Grouping, eps: number): Normalized {
  const { groups, size, index } = g;
  const xhat = new Float64Array(x.length);
  const mean = new Float64Array(groups);
  const variance = new Float64Array(groups);
  const invStd = new Float64Array(groups);
  for (let k = 0; k < groups; k++) {
    const base = k * size;
    let s = 0;
    for (let j = 0; j < size; j++) s += x[index[base + j]];
    const mu = s / size;
    // Two passes: E[(x−μ)²] avoids the cancellation of E[x²] − μ².
    let ss = 0;
    for (let j = 0; j < size; j++) {
      const d = x[index[base + j]] - mu;
      ss += d * d;
    }
    const v = ss / size;
    const is = 1 / Math.sqrt(v + eps);
    for (let j = 0; j < size; j++) {
      const e = index[base + j];
      xhat[e] = (x[e] - mu) * is;
    }
    mean[k] = mu;
    variance[k] = v;
    invStd[k] = is;
  }
  return { xhat, mean, variance, invStd };
}

export function affine(xhat: Float64Array, g: Grouping, weight: Float64Array, bias: Float64Array): Float64Array {
  const y = new Float64Array(xhat.length);
  const p = g.param;
  for (let e = 0; e < xhat.length; e++) y[e] = weight[p[e]] * xhat[e] + bias[p[e]];
  return y;
}

export interface AffineGrads {
  dx: Float64Array;
  dweight: Float64Array;
  dbias: Float64Array;
}

/**
 * Backward through y = γ·x̂ + β with x̂ = (x − μ)/σ over each group of m elements (Ioffe & Szegedy 2015, §3):
 * ∂L/∂x = (1/σ)·(∂L/∂x̂ − mean(∂L/∂x̂) − x̂·mean(∂L/∂x̂ · x̂)), the three terms being the direct path and
 * the paths through μ and σ².
 */
export function standardizeBackward(dy: Float64Array, n: Normalized, g: Grouping, weight: Float64Array): AffineGrads {
  const { groups, size, index, param } = g;
  const { xhat, invStd } = n;
  const dx = new Float64Array(dy.length);
  const dweight = new Float64Array(g.params);
  const dbias = new Float64Array(g.params);
  for (let e = 0; e < dy.length; e++) {
    dweight[param[e]] += dy[e] * xhat[e];
    dbias[param[e]] += dy[e];
  }
  for (let k = 0; k < groups; k++) {
    const base = k * size;
    let sum = 0;
    let sumXhat = 0;
    for (let j = 0; j < size; j++) {
      const e = index[base + j];
      const dxh = dy[e] * weight[param[e]];
      sum += dxh;
      sumXhat += dxh * xhat[e];
    }
    const m1 = sum / size;
    const m2 = sumXhat / size;
    const is = invStd[k];
    for (let j = 0; j < size; j++) {
      const e = index[base + j];
      dx[e] = is * (dy[e] * weight[param[e]] - m1 - xhat[e] * m2);
    }
  }
  return { dx, dweight, dbias };
}

/** Groups for an [N, C, L] array: BatchNorm's per-channel groups (over N and L), parameter = channel. */
export function channelGroups(n: number, c: number, l: number): Grouping {
  const size = n * l;
  const index = new Int32Array(n * c * l);
  const param = new Int32Array(n * c * l);
  for (let ch = 0; ch < c; ch++) {
    let j = ch * size;
    for (let b = 0; b < n; b++) {
      for (let t = 0; t < l; t++) {
        const e = (b * c + ch) * l + t;
        index[j++] = e;
        param[e] = ch;
      }
    }
  }
  return { groups: c, size, index, param, params: c };
}

/** Groups of `size` consecutive elements (LayerNorm rows, Group/InstanceNorm blocks); `paramOf` maps element → slot. */
export function contiguousGroups(total: number, size: number, params: number, paramOf: (e: number) => number): Grouping {
  const index = new Int32Array(total);
  const param = new Int32Array(total);
  for (let e = 0; e < total; e++) {
    index[e] = e;
    param[e] = paramOf(e);
  }
  return { groups: total / size, size, index, param, params };
}
