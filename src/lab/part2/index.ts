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
