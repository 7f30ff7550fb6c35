/**
 * A one-hidden-layer tanh network for binary classification (mean log-loss), in float64 with a flat
 * parameter vector θ = [W₁ (h×d, row-major), b₁ (h), w₂ (h), b₂], so every optimizer of the library
 * trains it. Used for weight-space symmetry (§8.2.2) and symmetry breaking (§8.4).
 */
import { sigmoid, softplus } from "../../math";
import type { Objective, Vec } from "../../types";
import { fail, positiveInt } from "../../args";

export interface TwoLayerNet extends Objective {
  inputs: number;
  hidden: number;
  /** θ with hidden units reordered: unit perm[j] of θ becomes unit j. */
  permuteHidden(theta: ArrayLike<number>, perm: number[]): Vec;
  /** θ with hidden unit j's incoming weights, bias and outgoing weight multiplied by signs[j] ∈ {−1, 1} (tanh is odd). */
  flipHidden(theta: ArrayLike<number>, signs: number[]): Vec;
  /** H(θ)·v by central differences of the exact gradient along v: two gradients instead of 2·dim. */
  hessianVector(theta: ArrayLike<number>, v: ArrayLike<number>): Vec;
  /** The rows of W₁ (incoming weights of each hidden unit). */
  incoming(theta: ArrayLike<number>): number[][];
}


export function twoLayerNet(opts: { X: number[][]; y: ArrayLike<number>; hidden: number }): TwoLayerNet {
  const fn = "lab.twoLayerNet";
  if (!opts || typeof opts !== "object") fail(fn, "options", "an object { X, y, hidden }", opts);
  const { X, y } = opts;
  if (!Array.isArray(X) || X.length === 0 || !Array.isArray(X[0])) fail(fn, "X", "a non-empty matrix (rows)", X);
  if (!y || y.length !== X.length) fail(fn, "y", `${X.length} labels in {0, 1}`, y);
  for (let i = 0; i < y.length; i++) if (y[i] !== 0 && y[i] !== 1) fail(fn, `y[${i}]`, "0 or 1", y[i]);
  const h = positiveInt(fn, "hidden", opts.hidden);
  const d = X[0].length;
  const dim = h * d + 2 * h + 1;
  const at = { W: 0, b1: h * d, w2: h * d + h, b2: h * d + 2 * h };
  const check = (where: string, t: ArrayLike<number>) => {
    if (!t || t.length !== dim) fail(`${fn}.${where}`, "theta", `a vector of length ${dim}`, t ? `length ${t.length}` : t);
  };
  const hiddenOf = (t: ArrayLike<number>, x: number[], out: Float64Array) => {
    for (let j = 0; j < h; j++) {
      let z = t[at.b1 + j];
      for (let k = 0; k < d; k++) z += t[at.W + j * d + k] * x[k];
      out[j] = Math.tanh(z);
    }
  };
  const f = (t: Vec) => {
    check("f", t);
    const a = new Float64Array(h);
    let s = 0;
    X.forEach((x, i) => {
      hiddenOf(t, x, a);
      let z = t[at.b2];
      for (let j = 0; j < h; j++) z += t[at.w2 + j] * a[j];
      s += softplus(z) - y[i] * z;
    });
    return s / X.length;
  };
  const grad = (t: Vec) => {
    check("grad", t);
    const g = new Float64Array(dim);
    const a = new Float64Array(h);
    X.forEach((x, i) => {
      hiddenOf(t, x, a);
      let z = t[at.b2];
      for (let j = 0; j < h; j++) z += t[at.w2 + j] * a[j];
      const r = (sigmoid(z) - y[i]) / X.length;
      g[at.b2] += r;
      for (let j = 0; j < h; j++) {
        g[at.w2 + j] += r * a[j];
        const back = r * t[at.w2 + j] * (1 - a[j] * a[j]);
        g[at.b1 + j] += back;
        for (let k = 0; k < d; k++) g[at.W + j * d + k] += back * x[k];
      }
    });
    return g;
  };
  return {
    name: `two-layer tanh net (${d} → ${h} → 1)`,
    dim,
    inputs: d,
    hidden: h,
    f,
    grad,
    // Central differences of the exact gradient: accurate to ~1e-8, enough for eigenvalues and gᵀHg.
    hessian(t) {
      check("hessian", t);
      const step = 1e-5;
      const H = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
      for (let c = 0; c < dim; c++) {
        const p = Float64Array.from(t);
        const m = Float64Array.from(t);
        p[c] += step;
        m[c] -= step;
        const gp = grad(p);
        const gm = grad(m);
        for (let r = 0; r < dim; r++) H[r][c] = (gp[r] - gm[r]) / (2 * step);
      }
      for (let r = 0; r < dim; r++) for (let c = 0; c < r; c++) H[r][c] = H[c][r] = 0.5 * (H[r][c] + H[c][r]);
      return H;
    },
    hessianVector(t, v) {
      check("hessianVector", t);
      if (!v || v.length !== dim) fail(`${fn}.hessianVector`, "v", `a vector of length ${dim}`, v ? `length ${v.length}` : v);
      let norm = 0;
      for (let i = 0; i < dim; i++) {
        if (!Number.isFinite(v[i])) fail(`${fn}.hessianVector`, `v[${i}]`, "a finite number", v[i]);
        norm += v[i] * v[i];
      }
      norm = Math.sqrt(norm);
      const out = new Float64Array(dim);
      if (norm === 0) return out;
      // The step is scaled to v so the difference quotient sees the same 1e-5 move as hessian() does per column.
      const step = 1e-5 / norm;
      const p = Float64Array.from(t, (x, i) => x + step * v[i]);
      const m = Float64Array.from(t, (x, i) => x - step * v[i]);
      const gp = grad(p);
      const gm = grad(m);
      for (let i = 0; i < dim; i++) out[i] = (gp[i] - gm[i]) / (2 * step);
      return out;
    },
    permuteHidden(t, perm) {
      check("permuteHidden", t);
      if (!Array.isArray(perm) || perm.length !== h || new Set(perm).size !== h || perm.some((p) => !Number.isInteger(p) || p < 0 || p >= h)) {
        fail(`${fn}.permuteHidden`, "perm", `a permutation of 0…${h - 1}`, perm);
      }
      const out = Float64Array.from(t);
      perm.forEach((src, j) => {
        for (let k = 0; k < d; k++) out[at.W + j * d + k] = t[at.W + src * d + k];
        out[at.b1 + j] = t[at.b1 + src];
        out[at.w2 + j] = t[at.w2 + src];
      });
      return out;
    },
    flipHidden(t, signs) {
      check("flipHidden", t);
      if (!Array.isArray(signs) || signs.length !== h || signs.some((v) => v !== 1 && v !== -1)) {
        fail(`${fn}.flipHidden`, "signs", `${h} entries, each 1 or −1`, signs);
      }
      const out = Float64Array.from(t);
      signs.forEach((sign, j) => {
        for (let k = 0; k < d; k++) out[at.W + j * d + k] *= sign;
        out[at.b1 + j] *= sign;
        out[at.w2 + j] *= sign;
      });
      return out;
    },
    incoming(t) {
      check("incoming", t);
      return Array.from({ length: h }, (_, j) => Array.from({ length: d }, (_, k) => t[at.W + j * d + k]));
    },
  };
}
