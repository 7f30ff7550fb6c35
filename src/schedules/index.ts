/** Learning-rate schedules ε_k (section 8.3.1); use them with any optimizer through `scheduleLr` in optim. */
export { constant, linearDecay, step, exponential, cosine, inverseTime, linearWarmup, values } from "./rules";
export type { Schedule } from "./schedule";
