export * as optim from "./torch";
export * as book from "./book";
export { DescentOptimizer } from "./base";
export type { TfRule, StepContext, ExtraOptions, Averaging } from "./base";
