/**
 * Descent — chapter 8 of Goodfellow, Bengio & Courville's *Deep Learning* as a library: everything that
 * runs the same in Node and in a browser. The entry points install a platform and re-export this file:
 * index.ts (Node, what notebooks import as "./src") and browser.ts (the browser bundle).
 */
export type { Vec, Objective } from "./types";
export { rng } from "./rng";
export type { Rng } from "./rng";
export * as problems from "./problems";
// optim (torch-exact), book (Algorithms 8.1–8.7), run, saveState, loadState, transforms
export * from "./optim";
export * as schedules from "./schedules";
export * as secondOrder from "./second-order";
export * as init from "./init";
export * as norm from "./norm";
export * as plot from "./plot";
export * as tf from "./tf";
export * as train from "./train";
export * as data from "./data";
export * as check from "./check";
export * as lab from "./lab";
