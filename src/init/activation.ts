import { show } from "../args";

/** Activations the depth experiment can use (PyTorch's names, as in calculateGain). */
export type Activation = "linear" | "relu" | "leaky_relu" | "tanh" | "sigmoid" | "selu";

export const ACTIVATIONS: readonly Activation[] = ["linear", "relu", "leaky_relu", "tanh", "sigmoid", "selu"];

/** torch.nn.LeakyReLU's default negative slope. */
export const LEAKY_SLOPE = 0.01;
/** Klambauer et al. (2017) SELU constants, as in torch.nn.SELU. */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
export const SELU_SCALE = 1.0507009873554804934193349852946;

export function checkActivation(fn: string, a: unknown): Activation {
  if (typeof a !== "string" || !(ACTIVATIONS as readonly string[]).includes(a)) {
    throw new Error(`${fn}: parameter 'activation' must be one of ${ACTIVATIONS.join(", ")}, got ${show(a)}`);
  }
  return a as Activation;
}

/** Writes f(h) into `out` (may alias `h`). */
export function applyActivation(act: Activation, h: Float64Array, out: Float64Array): void {
  const n = h.length;
  switch (act) {
    case "linear":
      if (out !== h) out.set(h);
      return;
    case "relu":
      for (let i = 0; i < n; i++) out[i] = h[i] > 0 ? h[i] : 0;
      return;
    case "leaky_relu":
      for (let i = 0; i < n; i++) out[i] = h[i] > 0 ? h[i] : LEAKY_SLOPE * h[i];
      return;
    case "tanh":
      for (let i = 0; i < n; i++) out[i] = Math.tanh(h[i]);
      return;
    case "sigmoid":
      for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-h[i]));
      return;
    case "selu":
      for (let i = 0; i < n; i++) out[i] = SELU_SCALE * (h[i] > 0 ? h[i] : SELU_ALPHA * Math.expm1(h[i]));
      return;
  }
}

/** Multiplies `g` in place by f'(h), given the pre-activation `h` and post-activation `a = f(h)`. */
export function multiplyByDerivative(act: Activation, h: Float64Array, a: Float64Array, g: Float64Array): void {
  const n = g.length;
  switch (act) {
    case "linear":
      return;
    case "relu":
      for (let i = 0; i < n; i++) if (!(h[i] > 0)) g[i] = 0;
      return;
    case "leaky_relu":
      for (let i = 0; i < n; i++) if (!(h[i] > 0)) g[i] *= LEAKY_SLOPE;
      return;
    case "tanh":
      for (let i = 0; i < n; i++) g[i] *= 1 - a[i] * a[i];
      return;
    case "sigmoid":
      for (let i = 0; i < n; i++) g[i] *= a[i] * (1 - a[i]);
      return;
    case "selu":
      // For h ≤ 0, f'(h) = λα·e^h = f(h) + λα.
      for (let i = 0; i < n; i++) g[i] *= h[i] > 0 ? SELU_SCALE : a[i] + SELU_SCALE * SELU_ALPHA;
      return;
  }
}
