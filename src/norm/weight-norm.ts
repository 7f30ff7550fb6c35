import { flatten, nest, show } from "./validate";

export interface WeightNormVector {
  w: number[];
  backward(dw: ArrayLike<number>): { dv: number[]; dg: number };
}

export interface WeightNormMatrix {
  w: number[][];
  backward(dw: number[][]): { dv: number[][]; dg: number[] };
}

/**
 * Weight normalization (Salimans & Kingma 2016), torch.nn.utils.weight_norm with dim = 0: w = g·v/‖v‖, with one
 * g for a vector v or one g per row (output unit) of a matrix v. `g` defaults to ‖v‖ (so w = v), as torch
 * initializes it. Backward: ∂L/∂g = u·∂L/∂w and ∂L/∂v = (g/‖v‖)(∂L/∂w − u·(∂L/∂g)), u = v/‖v‖.
 */
export function weightNorm(opts: { v: number[]; g?: number }): WeightNormVector;
export function weightNorm(opts: { v: number[][]; g?: ArrayLike<number> | number[][] }): WeightNormMatrix;
export function weightNorm(opts: { v: number[] | number[][]; g?: number | ArrayLike<number> | number[][] }): WeightNormVector | WeightNormMatrix {
  const fn = "norm.weightNorm";
  if (opts === null || typeof opts !== "object") throw new Error(`${fn}: parameter 'options' must be an object, got ${show(opts)}`);
  const v = flatten(fn, "v", opts.v, [1, 2], "a vector or a matrix");
  const isVector = v.shape.length === 1;
  const rows = isVector ? 1 : v.shape[0];
  const cols = isVector ? v.shape[0] : v.shape[1];
  const norms = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += v.data[r * cols + j] ** 2;
    norms[r] = Math.sqrt(s);
    if (!(norms[r] > 0)) throw new Error(`${fn}: parameter 'v' must have a non-zero norm in every row, got a zero row ${r}`);
  }
  let g: Float64Array;
  if (opts.g === undefined) {
    g = Float64Array.from(norms);
  } else if (isVector) {
    // A length-1 array is accepted too (torch stores weight_g for dim=None as a 0-d or 1-element tensor).
    const gv = typeof opts.g === "number" ? opts.g : singleElement(opts.g);
    if (typeof gv !== "number" || !Number.isFinite(gv)) {
      throw new Error(`${fn}: parameter 'g' must be a finite number for a vector v, got ${show(opts.g)}`);
    }
    g = Float64Array.of(gv);
  } else {
    // One g per row, as a vector or as torch's rows×1 weight_g.
    const gf = flatten(fn, "g", opts.g, [1, 2], `a vector of ${rows} (one per row of v)`);
    if (gf.data.length !== rows || (gf.shape.length === 2 && gf.shape[1] !== 1)) {
      throw new Error(`${fn}: parameter 'g' must have length ${rows} (one per row of v), got shape [${gf.shape.join(", ")}]`);
    }
    g = gf.data;
  }
  const w = new Float64Array(v.data.length);
  for (let r = 0; r < rows; r++) {
    const scale = g[r] / norms[r];
    for (let j = 0; j < cols; j++) w[r * cols + j] = scale * v.data[r * cols + j];
  }
  const backward = (dwIn: unknown) => {
    const dw = flatten(`${fn} backward`, "dw", dwIn, [v.shape.length]);
    if (dw.data.length !== v.data.length || dw.shape.some((d, i) => d !== v.shape[i])) {
      throw new Error(`${fn} backward: parameter 'dw' must have shape [${v.shape.join(", ")}] (v's), got [${dw.shape.join(", ")}]`);
    }
    const dv = new Float64Array(v.data.length);
    const dg = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const inv = 1 / norms[r];
      let dot = 0;
      for (let j = 0; j < cols; j++) dot += dw.data[r * cols + j] * v.data[r * cols + j] * inv;
      dg[r] = dot;
      const k = g[r] * inv;
      for (let j = 0; j < cols; j++) {
        const e = r * cols + j;
        dv[e] = k * (dw.data[e] - v.data[e] * inv * dot);
      }
    }
    return { dv: nest(dv, v.shape), dg: isVector ? dg[0] : Array.from(dg) };
  };
  return { w: nest(w, v.shape), backward } as WeightNormVector | WeightNormMatrix;
}

function singleElement(g: unknown): unknown {
  return (Array.isArray(g) || ArrayBuffer.isView(g)) && (g as ArrayLike<unknown>).length === 1 ? (g as ArrayLike<unknown>)[0] : g;
}
