/**
 * Experiment helpers for the notebooks of sections 8.5–8.7 (reachable as `d.lab.*`), each tested
 * against an independent reference in tests/lab-part2*.
 */
export { runOnGradients, effectiveRates, relaxingGradients } from "./gradient-stream";
export type { GradientStreamOptions } from "./gradient-stream";
export { adamMomentTrace } from "./adam-moments";
export type { AdamMomentTrace } from "./adam-moments";
export { periodicSlope, randomSlope } from "./reddi";
export { bestLearningRate } from "./tune";
export type { TunedRun } from "./tune";
export { saddleBetweenMinima, steepestDescentExact, spdWithSpectrum, quasiNewtonMemory } from "./second-order";
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
