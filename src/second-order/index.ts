// Approximate second-order methods (GBC §8.6): Newton, conjugate gradients, BFGS, L-BFGS, Hessian-free.
export type { SecondOrderResult, SmoothObjective } from "./types";
export { strongWolfe, strongWolfeSearch, cubicInterpolate } from "./strong-wolfe";
export type { LineSearchOptions, LineSearchOutcome, LineSearchTrial } from "./strong-wolfe";
export { lbfgs, twoLoop } from "./lbfgs";
export type { LbfgsOptions, LbfgsResult } from "./lbfgs";
