/** Experiment helpers for §8.4, parameter initialization strategies; tested in tests/lab-initialization*.test.ts. */
export { initializedMlp } from "./initialized-mlp";
export type { InitializedMlpOptions, WeightInitializer } from "./initialized-mlp";
export { depthTraining, depthTrainingSizes, depthInitializer, DEPTH_INITIALIZERS, DEPTH_INITIALIZER_LABELS, DEPTH_LOSS_THRESHOLD } from "./fashion-depth";
export type { DepthTraining, DepthTrainingOptions, DepthRun, DepthInitializer } from "./fashion-depth";
