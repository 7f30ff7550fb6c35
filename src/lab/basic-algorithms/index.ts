/** Experiment helpers for §8.3, basic algorithms (SGD, momentum, Nesterov) and their rates; tested in tests/lab-basic-algorithms*.test.ts. */
export { fitPowerLaw, logSpacedSteps } from "./power-law";
export type { PowerLawFit } from "./power-law";
export { momentumRate, gradientDescentRate, heavyBallOptimal, heavyBallOptimalError, nesterovRate } from "./momentum-rate";
export { nesterovWorstCase } from "./worst-case";
export { diagonalQuadratic } from "./diagonal";
export type { WorstCaseQuadratic } from "./worst-case";
export { acceleratedGradient } from "./accelerated";
export { inverseSqrtSchedule, meanExcessLoss } from "./stochastic-rates";
export { cauchyRegression } from "./descent-lemma";
