import type { Vec } from "../types";
import type { GradientArg, OptimizerState } from "./types";
import { acceleratedAllFinite } from "./registry";

/**
 * A fresh state: zero buffers of the parameters' length (or the zero arrays `placed`, e.g. where an
 * accelerator wants them), and the given scalars.
 */
export function newState(
  kind: string, n: number, buffers: readonly string[], scalars: { [name: string]: number } = {}, placed: Vec[] | null = null,
): OptimizerState {
  const b: { [name: string]: Vec } = {};
  buffers.forEach((name, i) => (b[name] = placed ? placed[i] : new Float64Array(n)));
  return { kind, t: 0, buffers: b, scalars: { ...scalars } };
}

/** Throws unless x is a Float64Array of finite numbers (when `finite`). */
export function checkParams(fn: string, x: unknown, finite: boolean): Vec {
  if (!(x instanceof Float64Array)) {
    throw new Error(`${fn}: parameter 'x' must be a Float64Array, got ${x === null ? "null" : typeof x === "object" ? (x as object).constructor?.name ?? "an object" : typeof x}`);
  }
  if (finite) checkFinite(fn, "x", x);
  return x;
}

/** Whether every entry of a and b (equal lengths) is finite: an installed accelerator's check where one applies, else one pass. */
export function allFinite(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  // Short arrays: the plain pass below costs less than asking the accelerators.
  if (a.length >= 64 && a instanceof Float64Array && b instanceof Float64Array) {
    const fast = acceleratedAllFinite(a, b);
    if (fast !== null) return fast;
  }
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) return false;
  return true;
}

/** Throws, naming the first non-finite entry, unless v is all finite. */
export function checkFinite(fn: string, name: string, v: ArrayLike<number>): void {
  if (allFinite(v, v)) return;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) {
      throw new Error(`${fn}: parameter '${name}' must contain only finite numbers (pass checkFinite: false to allow others), got ${name}[${i}] = ${v[i]}`);
    }
  }
}

export function checkState(fn: string, state: unknown, kind: string, n: number): OptimizerState {
  const s = state as OptimizerState;
  if (!s || typeof s !== "object" || typeof s.kind !== "string" || !s.buffers || !s.scalars) {
    throw new Error(`${fn}: parameter 'state' must be a state from init() or loadState(), got ${String(state)}`);
  }
  if (s.kind !== kind) throw new Error(`${fn}: parameter 'state' must be a state of kind '${kind}', got a state of kind '${s.kind}'`);
  for (const name in s.buffers) {
    if (s.buffers[name].length !== n) {
      throw new Error(`${fn}: parameter 'state' must match the parameters' length ${n}, got buffer '${name}' of length ${s.buffers[name].length}`);
    }
  }
  return s;
}

/** Resolves a gradient argument at point p: checks its length and, when asked, that it is finite. */
export function gradientAt(fn: string, grad: GradientArg, p: Vec, n: number, finite: boolean): Vec {
  let g: unknown = grad;
  if (typeof grad === "function") g = grad(p);
  if (!(g instanceof Float64Array || Array.isArray(g))) {
    throw new Error(`${fn}: parameter 'grad' must be a Float64Array of length ${n} or a function returning one, got ${g === null ? "null" : typeof g}`);
  }
  const gv = g as ArrayLike<number>;
  if (gv.length !== n) throw new Error(`${fn}: parameter 'grad' must have the parameters' length ${n}, got length ${gv.length}`);
  if (finite) checkFinite(fn, "grad", gv);
  return g instanceof Float64Array ? g : Float64Array.from(gv);
}

type Saved = { kind: string; t: number; scalars: { [k: string]: number | string }; buffers: { [k: string]: (number | string)[] }; children?: Saved[] };

/** JSON has no −0, NaN or ±Infinity: those travel as strings so that resuming is bit-identical. */
function encode(v: number): number | string {
  if (Object.is(v, -0)) return "-0";
  return Number.isFinite(v) ? v : String(v);
}

function decode(v: unknown, where: string): number {
  if (typeof v === "number") return v;
  if (v === "-0") return -0;
  if (v === "NaN" || v === "Infinity" || v === "-Infinity") return Number(v);
  throw new Error(`loadState: parameter 'saved' must hold numbers (or "-0", "NaN", "±Infinity") at ${where}, got ${JSON.stringify(v)}`);
}

/** A plain JSON-compatible copy of a state (JSON.stringify round-trips it exactly). */
export function saveState(state: OptimizerState): unknown {
  if (!state || typeof state !== "object" || typeof state.kind !== "string" || !state.buffers || !state.scalars) {
    throw new Error(`saveState: parameter 'state' must be a state from init() or loadState(), got ${String(state)}`);
  }
  const out: Saved = { kind: state.kind, t: state.t, scalars: {}, buffers: {} };
  for (const k of Object.keys(state.scalars)) out.scalars[k] = encode(state.scalars[k]);
  for (const k of Object.keys(state.buffers)) out.buffers[k] = Array.from(state.buffers[k], encode);
  if (state.children) out.children = state.children.map((c) => saveState(c) as Saved);
  return out;
}

/** Restores a state saved by saveState; stepping it continues bit-identically. */
export function loadState(saved: unknown): OptimizerState {
  const s = saved as Saved;
  if (!s || typeof s !== "object" || typeof s.kind !== "string" || typeof s.t !== "number" || !s.scalars || !s.buffers) {
    throw new Error(`loadState: parameter 'saved' must be a value returned by saveState, got ${JSON.stringify(saved)?.slice(0, 80)}`);
  }
  const state: OptimizerState = { kind: s.kind, t: s.t, scalars: {}, buffers: {} };
  for (const k of Object.keys(s.scalars)) state.scalars[k] = decode(s.scalars[k], `scalars.${k}`);
  for (const k of Object.keys(s.buffers)) {
    const arr = s.buffers[k];
    if (!Array.isArray(arr)) throw new Error(`loadState: parameter 'saved' must hold arrays in buffers, got buffers.${k} = ${JSON.stringify(arr)}`);
    state.buffers[k] = Float64Array.from(arr, (v, i) => decode(v, `buffers.${k}[${i}]`));
  }
  if (s.children) state.children = s.children.map(loadState);
  return state;
}
