/** Experiment helpers for §8.2, challenges in neural network optimization; tested in tests/lab-challenges*.test.ts. */
export { strictSaddle, cliffValley } from "./landscapes";
export { twoLayerNet } from "./two-layer-net";
export type { TwoLayerNet } from "./two-layer-net";
export { l2Regularized, findCriticalPoint, criticalPointSurvey } from "./critical-points";
export type { CriticalPoint } from "./critical-points";
export { chainGradients } from "./chains";
export type { ChainGradients } from "./chains";
export { clippedDrift, clippedFixedPoint, sgdOnExponentialMean } from "./estimators";
export { wrongSideOfRidge } from "./ridge";
export { thresholdNetErrors, exhaustiveXorSearch, xorData } from "./exhaustive";
export { gradientGrowth, gradientGrowthSizes, lanczos, hessianSpectrum, hessianSpectrumSizes } from "./fashion-curvature";
export type { GradientGrowth, GradientGrowthOptions, LanczosResult, HessianSpectrum } from "./fashion-curvature";
