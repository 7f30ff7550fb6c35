/**
 * Experiments behind the chapter notebooks that are more than a call into the library: each is a tested
 * function, so a notebook cell stays a short, readable demonstration. One folder per section of the chapter.
 */
export * from "./learning-vs-optimization";
export * from "./challenges";
export * from "./basic-algorithms";
export * from "./initialization";
export * from "./adaptive-learning-rates";
export * from "./second-order-methods";
export * from "./meta-algorithms";
export { workSize, workLine, fashionSlice, trainSteps, trainParamNet, checkpointSteps, WORK_SIZES, WORK_SIZE_SETTING } from "./heavy";
export type { WorkSize, FashionSlice, TrainStepsOptions } from "./heavy";
