/** Experiment helpers for §8.7, optimization strategies and meta-algorithms; tested in tests/lab-meta-algorithms*.test.ts. */
export { coordinateDescent } from "./coordinate-descent";
export { linearChainStep } from "./linear-chain";
export type { ChainStep } from "./linear-chain";
export { gradientFlow, flowLossAndGrads } from "./gradient-flow";
export type { FlowArchitecture, GradientFlow, GradientFlowOptions } from "./gradient-flow";
export { blurredCosines, continuation } from "./continuation";
export type { BlurredObjective } from "./continuation";
export { sparseCodingAlternating, sparseCodingObjective, dictionaryStep, codeStep } from "./sparse-coding";
export type { SparseCodingRun } from "./sparse-coding";
export { hiddenPreActivations, greedySupervisedPretraining, marginOrder, subsetOf, fitCurriculum } from "./tf-strategies";
export type { PretrainingResult, CurriculumHistory } from "./tf-strategies";
export { batchNormDrift, batchNormDriftSizes, quantile } from "./fashion-batchnorm";
export type { BatchNormDrift, BatchNormDriftOptions, BatchNormRun } from "./fashion-batchnorm";
export { lossLandscapes, lossLandscapeSizes, landscapeGrid, filterNormalizedDirection, basinRadius } from "./fashion-landscape";
export type { Landscape, LandscapeGrid, LossLandscapeOptions, LandscapeInit } from "./fashion-landscape";
