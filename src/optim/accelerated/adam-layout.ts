/**
 * What every accelerated Adam kernel (C in native/kernels.c, WebAssembly in wasm/adam-kernel.ts)
 * shares, defined once: the variants (which branches of src/optim/torch/adam.ts a step takes) and
 * the layout of the per-step scalars they read from one Float64Array. The C side includes
 * native/adam-layout.h, generated from this file (`npx tsx src/optim/accelerated/native/write-adam-layout.ts`;
 * tests/optim-native.test.ts fails when the two differ).
 */
import type { AdamOptions } from "../torch/adam";

export type AdamDecay = "none" | "coupled" | "decoupled";

/** One specialised loop: torch's `maximize`, the weight-decay form (Adam's λ added to the gradient, AdamW's p ← p(1 − lr·λ)), `amsgrad`. */
export interface AdamVariant {
  maximize: boolean;
  decay: AdamDecay;
  amsgrad: boolean;
}

/** Every variant; a variant's code (what the C kernel switches on) is its index here. */
export const ADAM_VARIANTS: readonly AdamVariant[] = [false, true].flatMap((maximize) =>
  (["none", "coupled", "decoupled"] as const).flatMap((decay) => [false, true].map((amsgrad) => ({ maximize, decay, amsgrad }))),
);

/** The variant adam.ts runs for optimizer `name` ("adam" or "adamw") with these hyperparameters. */
export function adamVariantOf(name: string, h: AdamOptions): AdamVariant {
  const decay: AdamDecay = name === "adamw" ? "decoupled" : h.weightDecay !== 0 ? "coupled" : "none";
  return { maximize: h.maximize, decay, amsgrad: h.amsgrad };
}

export function adamVariantCode(v: AdamVariant): number {
  return ADAM_VARIANTS.findIndex((w) => w.maximize === v.maximize && w.decay === v.decay && w.amsgrad === v.amsgrad);
}

/** The exported name of a variant's wasm function. */
export function adamVariantName(v: AdamVariant): string {
  return `adam_${v.maximize ? "max" : "min"}_${v.decay}_${v.amsgrad ? "ams" : "noams"}`;
}

/**
 * The per-step scalars, in this order. Each is computed here with the operations adam.ts uses
 * (1 − β1, lr / (1 − β1^t), …), so the kernels start from the same bits as the reference loop.
 */
export const ADAM_SCALARS = [
  "beta1", // β1
  "beta2", // β2
  "oneMinusBeta1", // 1 − β1
  "oneMinusBeta2", // 1 − β2
  "eps", // ε
  "weightDecay", // λ (Adam: added to the gradient)
  "decay", // 1 − lr·λ (AdamW: the parameter's factor)
  "negStepSize", // −lr / (1 − β1^t)
  "biasCorrection2Sqrt", // √(1 − β2^t)
] as const;

export type AdamScalar = (typeof ADAM_SCALARS)[number];

/** Index of each scalar in the layout. */
export const ADAM_SCALAR: { readonly [K in AdamScalar]: number } = Object.fromEntries(ADAM_SCALARS.map((name, i) => [name, i])) as never;

/** Writes step `step`'s scalars (1-based, as torch counts) into `out`, in the layout above. */
export function writeAdamScalars(out: Float64Array, h: AdamOptions, lr: number, step: number): void {
  const beta1 = h.betas[0];
  const beta2 = h.betas[1];
  out[ADAM_SCALAR.beta1] = beta1;
  out[ADAM_SCALAR.beta2] = beta2;
  out[ADAM_SCALAR.oneMinusBeta1] = 1 - beta1;
  out[ADAM_SCALAR.oneMinusBeta2] = 1 - beta2;
  out[ADAM_SCALAR.eps] = h.eps;
  out[ADAM_SCALAR.weightDecay] = h.weightDecay;
  out[ADAM_SCALAR.decay] = 1 - lr * h.weightDecay;
  out[ADAM_SCALAR.negStepSize] = -(lr / (1 - Math.pow(beta1, step)));
  out[ADAM_SCALAR.biasCorrection2Sqrt] = Math.sqrt(1 - Math.pow(beta2, step));
}

const C_NAME: { [K in AdamScalar]: string } = {
  beta1: "ADAM_BETA1",
  beta2: "ADAM_BETA2",
  oneMinusBeta1: "ADAM_ONE_MINUS_BETA1",
  oneMinusBeta2: "ADAM_ONE_MINUS_BETA2",
  eps: "ADAM_EPS",
  weightDecay: "ADAM_WEIGHT_DECAY",
  decay: "ADAM_DECAY",
  negStepSize: "ADAM_NEG_STEP_SIZE",
  biasCorrection2Sqrt: "ADAM_BIAS_CORRECTION2_SQRT",
};

/** The text of native/adam-layout.h: the scalar indices and the variant table, as C. */
export function adamLayoutHeader(): string {
  const decayC: { [K in AdamDecay]: string } = { none: "DECAY_NONE", coupled: "DECAY_COUPLED", decoupled: "DECAY_DECOUPLED" };
  return [
    "/* Generated from src/optim/accelerated/adam-layout.ts by write-adam-layout.ts: do not edit. */",
    "#ifndef DESCENT_ADAM_LAYOUT_H",
    "#define DESCENT_ADAM_LAYOUT_H",
    "",
    "/* Index of each per-step scalar in the Float64Array the kernel receives. */",
    `enum { ${ADAM_SCALARS.map((s, i) => `${C_NAME[s]} = ${i}`).join(", ")}, ADAM_SCALAR_COUNT = ${ADAM_SCALARS.length} };`,
    "",
    "enum { DECAY_NONE = 0, DECAY_COUPLED = 1, DECAY_DECOUPLED = 2 };",
    "",
    "/* X(code, maximize, decay, amsgrad) for every variant. */",
    "#define ADAM_VARIANTS(X) \\",
    ...ADAM_VARIANTS.map((v, i) => `  X(${i}, ${v.maximize ? 1 : 0}, ${decayC[v.decay]}, ${v.amsgrad ? 1 : 0})${i < ADAM_VARIANTS.length - 1 ? " \\" : ""}`),
    "",
    `#define ADAM_VARIANT_COUNT ${ADAM_VARIANTS.length}`,
    "",
    "#endif",
    "",
  ].join("\n");
}
