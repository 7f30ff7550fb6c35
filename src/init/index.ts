/**
 * Parameter initialization (book §8.4): seeded initializers, gains, fans and the depth experiment.
 *
 * Conventions: a weight shape is PyTorch's `[fanOut, fanIn, ...kernel]`; every initializer returns number[][]
 * with fanOut rows, a convolution weight flattened to `[out, in·∏kernel]` (torch's `weight.view(out, -1)`,
 * row-major; reshape it yourself for a conv kernel). Fans fold the receptive field in, as torch does.
 * `depthExperiment` runs float64 below width 1024 and on the current tfjs backend (float32) from 1024 up.
 */
export { calculateGain } from "./gain";
export type { Nonlinearity } from "./gain";
export { computeFans } from "./fans";
export type { Fans } from "./fans";
export { uniformBook, glorotUniform, glorotNormal, heUniform, heNormal, lecunNormal } from "./random";
export type { RngOption, HeOptions } from "./random";
export { orthogonal } from "./orthogonal";
export { sparse } from "./sparse";
export { zeros, constant } from "./constant";
export { depthExperiment, INITIALIZER_NAMES } from "./depth";
export type { DepthOptions, DepthResult, InitializerName, InitializerFn } from "./depth";
export type { Activation } from "./activation";
