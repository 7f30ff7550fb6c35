/** Normalization layers (book §8.7.1) in exact float64 with hand-derived backward passes, and their tfjs twins. */
export { batchNorm } from "./batch-norm";
export type { BatchNormOptions, BatchNormResult, BatchInput } from "./batch-norm";
export { layerNorm } from "./layer-norm";
export type { AffineResult, LayerInput } from "./layer-norm";
export { groupNorm, instanceNorm } from "./group-norm";
export type { ChannelInput } from "./group-norm";
export { weightNorm } from "./weight-norm";
export type { WeightNormVector, WeightNormMatrix } from "./weight-norm";
export * as tf from "./tf";
