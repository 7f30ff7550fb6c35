/**
 * Experiment helpers for the notebooks of sections 8.1–8.4 (reachable as `d.lab.*`): each one is a
 * measured experiment or a closed-form rate, tested against an independent reference in tests/lab-part1*.
 */
export { fitPowerLaw, logSpacedSteps } from "./power-law";
export type { PowerLawFit } from "./power-law";
export { momentumRate, gradientDescentRate, heavyBallOptimal, heavyBallOptimalError, nesterovRate } from "./momentum-rate";
export { nesterovWorstCase } from "./worst-case";
export { diagonalQuadratic } from "./diagonal";
export type { WorstCaseQuadratic } from "./worst-case";
export { acceleratedGradient } from "./accelerated";
export { inverseSqrtSchedule, meanExcessLoss } from "./stochastic-rates";
export { syntheticClassification, zeroOneLoss } from "./data";
export { leastSquaresRiskGap } from "./risk";
export type { RiskGap } from "./risk";
export { minibatchGradientError, withReplacement } from "./gradient-noise";
export type { GradientSource, MinibatchGradientError } from "./gradient-noise";
export { strictSaddle, cliffValley } from "./landscapes";
export { twoLayerNet } from "./two-layer-net";
export type { TwoLayerNet } from "./two-layer-net";
export { initializedMlp } from "./initialized-mlp";
export type { InitializedMlpOptions, WeightInitializer } from "./initialized-mlp";
