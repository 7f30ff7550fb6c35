/**
 * Normalization layers (book §8.7.1) in exact float64 with hand-derived backward passes, and their tfjs twins.
 *
 * Float64 layers take nested arrays in PyTorch order (N×C, N×C×L), return the same nesting, never modify their
 * inputs (BatchNorm returns new running statistics), and default affine parameters to ones/zeros.
 * `norm.tf.batchNorm(args)` / `new norm.tf.BatchNorm(args)`: a tf.layers Layer with torch's BatchNorm conventions
 * (channels on `axis`, default −1); `norm.tf.layerNorm(args)`: tf.layers.layerNormalization with torch's eps.
 */
export { batchNorm } from "./batch-norm";
export type { BatchNormOptions, BatchNormResult, BatchInput } from "./batch-norm";
export { layerNorm } from "./layer-norm";
export type { AffineResult, LayerInput } from "./layer-norm";
export { groupNorm, instanceNorm } from "./group-norm";
export type { ChannelInput } from "./group-norm";
export { weightNorm } from "./weight-norm";
export type { WeightNormVector, WeightNormMatrix } from "./weight-norm";
export * as tf from "./tf";
