/** Experiment helpers for §8.5, algorithms with adaptive learning rates; tested in tests/lab-adaptive-learning-rates*.test.ts. */
export { runOnGradients, effectiveRates, relaxingGradients } from "./gradient-stream";
export type { GradientStreamOptions } from "./gradient-stream";
export { adamMomentTrace } from "./adam-moments";
export type { AdamMomentTrace } from "./adam-moments";
export { periodicSlope, randomSlope } from "./reddi";
export { bestLearningRate } from "./tune";
export type { TunedRun } from "./tune";
export { sparseFeatureData } from "./sparse-features";
export type { SparseFeatureData } from "./sparse-features";
export { wilsonProblem } from "./wilson";
export type { WilsonProblem } from "./wilson";
export { optimizerComparison, optimizerComparisonSizes, optimizerRecipes, smallCnn, meanAndSpread, CNN_ARCHITECTURES } from "./fashion-optimizers";
export type { OptimizerComparison, OptimizerComparisonOptions, OptimizerRecipe, RecipeCurves, CnnArchitecture } from "./fashion-optimizers";
