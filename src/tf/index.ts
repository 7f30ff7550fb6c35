/** tfjs in Descent: one shared instance, backend selection, and the chapter's optimizers on tensors. */
export { tf, ready, describe, lastReport } from "./backend";
export type { ReadyOptions } from "./backend";
export { backendOrder, selectBackend, isBackendName } from "./select";
export type { BackendName, BackendReport, Probe, ProbeResult } from "./select";
export { nodeProbes } from "./probes";
