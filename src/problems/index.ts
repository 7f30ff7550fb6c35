export { quadratic } from "./quadratic";
export { rosenbrock } from "./rosenbrock";
export { logisticRegression, softplus, sigmoid } from "./logistic";
export { saddle } from "./saddle";
export { reference, referenceNames } from "./reference";
export type { ReferenceName, ReferenceProblem } from "./reference";
