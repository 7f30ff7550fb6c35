/** Experiment helpers for §8.1, how learning differs from pure optimization; tested in tests/lab-learning-vs-optimization*.test.ts. */
export { syntheticClassification, zeroOneLoss } from "./data";
export { leastSquaresRiskGap } from "./risk";
export type { RiskGap } from "./risk";
export { minibatchGradientError, withReplacement } from "./gradient-noise";
export type { GradientSource, MinibatchGradientError } from "./gradient-noise";
