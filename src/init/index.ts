/** Parameter initialization (book §8.4): seeded initializers, gains, fans and the depth experiment. */
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
