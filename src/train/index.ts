/** Training networks on tfjs: digits classifiers and the minibatch loop with early stopping. */
export { mlp, softmaxClassifier } from "./models";
export type { MlpOptions } from "./models";
export { fit, evaluate, crossEntropy } from "./fit";
export type { FitOptions, History, EpochRecord, ClassificationData } from "./fit";
