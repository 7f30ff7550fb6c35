// Approximate second-order methods (GBC §8.6): Newton, conjugate gradients, BFGS, L-BFGS, Hessian-free.
export type { SecondOrderResult, SmoothObjective } from "./types";
export { strongWolfe, strongWolfeSearch, cubicInterpolate } from "./strong-wolfe";
export type { LineSearchOptions, LineSearchOutcome, LineSearchTrial } from "./strong-wolfe";
export { moreThuente, moreThuenteSearch, moreThuenteStep } from "./more-thuente";
export type { MoreThuenteOptions, MoreThuenteOutcome, MoreThuenteStatus } from "./more-thuente";
export { lbfgs, twoLoop } from "./lbfgs";
export type { LbfgsOptions, LbfgsResult } from "./lbfgs";
export { newton } from "./newton";
export type { NewtonOptions, NewtonResult } from "./newton";
export { bfgs } from "./bfgs";
export type { BfgsOptions, BfgsResult } from "./bfgs";
export { symmetricEigenvalues, classifyStationaryPoint } from "./linalg";
export { conjugateGradient } from "./conjugate-gradient";
export type { CgVariant, ConjugateGradientOptions, ConjugateGradientResult } from "./conjugate-gradient";
export { linearCG } from "./linear-cg";
export type { LinearCgOptions, LinearCgResult } from "./linear-cg";
export { hessianFree } from "./hessian-free";
export type { HessianFreeOptions, HessianFreeResult } from "./hessian-free";
