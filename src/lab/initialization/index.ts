/** Experiment helpers for §8.4, parameter initialization strategies; tested in tests/lab-initialization*.test.ts. */
export { initializedMlp } from "./initialized-mlp";
export type { InitializedMlpOptions, WeightInitializer } from "./initialized-mlp";
