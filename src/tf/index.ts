/** tfjs in Descent: one shared instance, backend selection, and the chapter's optimizers on tensors. */
export { tf, ready, describe, lastReport } from "./backend";
export type { ReadyOptions } from "./backend";
export { backendOrder } from "./select";
export type { BackendName, BackendReport, Probe, ProbeResult } from "./select";
// The chapter's optimizers as tf.Optimizer subclasses: tf.optim.adam({ lr }), tf.book.nesterov({ epsilon, alpha }).
export { optim, book, DescentOptimizer } from "./optimizers";
export type { TfRule, StepContext, ExtraOptions, Averaging } from "./optimizers";
