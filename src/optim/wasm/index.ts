/** WebAssembly arenas and SIMD kernels for the float64 hot loops (issue 4, item 7). */
export { wasmArena } from "./arena";
export type { Arena } from "./arena";
export { allFiniteInArena } from "./finite";
