/** tfjs twins of the float64 normalization layers, with PyTorch's conventions. */
export { BatchNorm, batchNorm } from "./batch-norm";
export type { BatchNormArgs } from "./batch-norm";
export { layerNorm } from "./layer-norm";
export type { LayerNormArgs } from "./layer-norm";
