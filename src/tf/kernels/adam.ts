/**
 * torch.optim.Adam's update of one parameter tensor as ONE kernel (`DescentAdam`) on wasm and cpu,
 * in place of the ten elementwise kernels (and their tensors) that tf.optim.adam's rule runs per
 * tensor per step: on wasm a SIMD loop over tfjs's memory (adam-wasm-simd.ts; 0.6–0.9 ms CPU per step
 * for the bench MLP's 270k parameters where the ten kernels took 3–5.5 ms, each tfjs-wasm binary op
 * costing ≈ 0.1 ms however small its tensors), on cpu (and where that module cannot load) the JS loop
 * below. It does exactly what that rule does, operation by operation, each result rounded
 * to float32 as the separate kernels round it (Math.fround; a float32 sum, product, quotient or
 * square root computed in float64 and rounded once is the correctly rounded float32 one), so the
 * numbers are bit-identical:
 *
 *   d = ±g (+ wd·p, coupled decay);  p ← p·(1 − lr·wd) (decoupled)
 *   m ← b1·m + (1 − b1)·d;  v ← b2·v + (1 − b2)·d·d
 *   p ← p − (m / (√v + eps·√bc2))·(stepSize·√bc2)
 */
import * as tf from "@tensorflow/tfjs";
import type { Info, WasmBackend } from "./run";
import { runSimdAdam, type AdamAttrs } from "./adam-wasm-simd";

export type { AdamAttrs };

export const ADAM_KERNEL = "DescentAdam";

const f32 = Math.fround;

/** The update on plain arrays: p, m, v in place (outputs may alias inputs). */
export function adamUpdate(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, pOut: Float32Array, mOut: Float32Array, vOut: Float32Array, a: AdamAttrs): void {
  const b1 = f32(a.beta1), c1 = f32(a.oneMinusBeta1), b2 = f32(a.beta2), c2 = f32(a.oneMinusBeta2);
  const eps = f32(a.epsHat), step = f32(a.stepHat), wd = f32(a.weightDecay), decay = f32(a.decayFactor);
  const coupled = a.weightDecay !== 0;
  const decoupled = a.decayFactor !== 1;
  const sign = a.maximize ? -1 : 1;
  for (let i = 0; i < p.length; i++) {
    const p0 = p[i];
    let d = sign * g[i];
    if (coupled) d = f32(d + f32(p0 * wd));
    const pd = decoupled ? f32(p0 * decay) : p0;
    const mi = f32(f32(m[i] * b1) + f32(d * c1));
    const vi = f32(f32(v[i] * b2) + f32(f32(d * d) * c2));
    const denom = f32(f32(Math.sqrt(vi)) + eps);
    pOut[i] = f32(pd - f32(f32(mi / denom) * step));
    mOut[i] = mi;
    vOut[i] = vi;
  }
}

type CpuBackend = tf.KernelBackend & { makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Float32Array): Info; data: { get(id: object): { values: Float32Array } } };
type Args<B> = { inputs: { p: Info; g: Info; m: Info; v: Info }; backend: B; attrs: AdamAttrs };

function adamWasm({ inputs, backend, attrs }: Args<WasmBackend>): Info[] {
  const outs = [inputs.p, inputs.m, inputs.v].map((t) => backend.makeOutput(t.shape, "float32"));
  const memory = backend.wasm.asm?.memory;
  const at = (t: Info) => backend.dataIdMap.get(t.dataId).memoryOffset;
  const n = tf.util.sizeFromShape(inputs.p.shape);
  const ptr = { p: at(inputs.p), g: at(inputs.g), m: at(inputs.m), v: at(inputs.v), po: at(outs[0]), mo: at(outs[1]), vo: at(outs[2]) };
  if (memory && runSimdAdam(memory, ptr, n, attrs)) return outs;
  // Views after every allocation: growing the wasm memory detaches older ones.
  const [p, g, m, v] = [inputs.p, inputs.g, inputs.m, inputs.v].map((t) => backend.typedArrayFromHeap(t));
  const [pOut, mOut, vOut] = outs.map((t) => backend.typedArrayFromHeap(t));
  adamUpdate(p, g, m, v, pOut, mOut, vOut, attrs);
  return outs;
}

function adamCpu({ inputs, backend, attrs }: Args<CpuBackend>): Info[] {
  const [p, g, m, v] = [inputs.p, inputs.g, inputs.m, inputs.v].map((t) => backend.data.get(t.dataId).values as Float32Array);
  const [pOut, mOut, vOut] = [p, m, v].map((a) => new Float32Array(a.length));
  adamUpdate(p, g, m, v, pOut, mOut, vOut, attrs);
  return [pOut, mOut, vOut].map((values, i) => backend.makeTensorInfo([inputs.p, inputs.m, inputs.v][i].shape, "float32", values));
}

/** Registers DescentAdam on wasm (when loaded) and cpu; idempotent. */
export function registerAdamKernels(): void {
  if (tf.getKernel("Add", "wasm") && !tf.getKernel(ADAM_KERNEL, "wasm")) {
    tf.registerKernel({ kernelName: ADAM_KERNEL, backendName: "wasm", kernelFunc: adamWasm as unknown as tf.KernelFunc });
  }
  if (!tf.getKernel(ADAM_KERNEL, "cpu")) {
    tf.registerKernel({ kernelName: ADAM_KERNEL, backendName: "cpu", kernelFunc: adamCpu as unknown as tf.KernelFunc });
  }
}

/**
 * The fused update when the current backend has the kernel and every tensor is float32 of one
 * shape; otherwise null (the caller runs the unfused rule). Returns new tensors [p, m, v].
 */
export function fusedAdam(p: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, attrs: AdamAttrs): [tf.Tensor, tf.Tensor, tf.Tensor] | null {
  // DESCENT_FUSED_ADAM=off runs the ten-kernel rule (to measure what this saves).
  if (typeof process !== "undefined" && process.env?.DESCENT_FUSED_ADAM === "off") return null;
  if (!tf.getKernel(ADAM_KERNEL, tf.getBackend())) return null;
  for (const t of [p, g, m, v]) if (t.dtype !== "float32" || !tf.util.arraysEqual(t.shape, p.shape)) return null;
  const out = tf.engine().runKernel(ADAM_KERNEL, { p, g, m, v }, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
  return [out[0], out[1], out[2]];
}

/**
 * The fused update with tf.optim.adam/adamw's step scalars (torch's bias corrections); null where
 * the unfused rule must run (amsgrad, a backend without the kernel, DESCENT_FUSED_ADAM=off).
 */
export function fusedAdamStep(
  p: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor,
  h: { betas: readonly number[] | [number, number]; eps: number; weightDecay: number; maximize: boolean; amsgrad?: boolean },
  lr: number, t: number, decoupled: boolean,
): [tf.Tensor, tf.Tensor, tf.Tensor] | null {
  if (h.amsgrad) return null;
  const [b1, b2] = h.betas;
  const stepSize = lr / (1 - Math.pow(b1, t));
  const bc2Sqrt = Math.sqrt(1 - Math.pow(b2, t));
  return fusedAdam(p, g, m, v, {
    beta1: b1, oneMinusBeta1: 1 - b1, beta2: b2, oneMinusBeta2: 1 - b2,
    epsHat: h.eps * bc2Sqrt, stepHat: stepSize * bc2Sqrt, maximize: h.maximize,
    weightDecay: decoupled ? 0 : h.weightDecay, decayFactor: decoupled ? 1 - lr * h.weightDecay : 1,
  });
}
