/** Training networks on tfjs: digits classifiers and the minibatch loop with early stopping on a validation set. */
export { mlp, softmaxClassifier } from "./models";
export type { MlpOptions } from "./models";
export { fit, trainEpoch } from "./fit";
export { crossEntropy, evaluate } from "./metrics";
export type { History, EpochRecord, DeviceSet } from "./fit";
export type { FitOptions, ClassificationData } from "./fit-options";
