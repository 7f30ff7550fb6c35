/** Experiment helpers for §8.2, challenges in neural network optimization; tested in tests/lab-challenges*.test.ts. */
export { strictSaddle, cliffValley } from "./landscapes";
export { twoLayerNet } from "./two-layer-net";
export type { TwoLayerNet } from "./two-layer-net";
