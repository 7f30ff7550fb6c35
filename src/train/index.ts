/** Training networks on tfjs: digits classifiers and the minibatch loop with early stopping on a validation set. */
export { mlp, softmaxClassifier } from "./models";
export { linear, Linear } from "./linear-layer";
export type { LinearArgs } from "./linear-layer";
export type { MlpOptions } from "./models";
export { fit, trainEpoch } from "./fit";
export { crossEntropy, evaluate } from "./metrics";
export type { DeviceSet } from "./fit";
export type { History, EpochRecord } from "./fit-options";
export type { FitOptions, ClassificationData } from "./fit-options";
export { paramNet, netLoss, netEvaluate, flatParams, unflatten, setFlatParams, flatGradient, hessianVectorProduct, toTensors, HVP_STEP } from "./param-net";
export type { ParamNet, ParamNetOptions, ParamNetActivation, ParamNetInitializer } from "./param-net";
