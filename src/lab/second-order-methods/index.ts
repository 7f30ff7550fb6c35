/** Experiment helpers for §8.6, approximate second-order methods; tested in tests/lab-second-order-methods*.test.ts. */
export { saddleBetweenMinima, steepestDescentExact, spdWithSpectrum, quasiNewtonMemory } from "./second-order";
export { newtonVersusHessianFree, logisticWithHvp } from "./hessian-free-cost";
export type { CostAtDimension } from "./hessian-free-cost";
