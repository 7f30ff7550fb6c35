/**
 * Descent in Node: the public surface (see shared/API.md); notebooks do `import * as d from "./src"`.
 * The library itself is library.ts; this entry installs the Node platform (files, zlib, environment).
 */
import { setPlatform } from "./platform";
import { nodePlatform } from "./platform/node";
import { installNodeAccelerators } from "./optim/accelerated/node";

setPlatform(nodePlatform);
installNodeAccelerators();

export * from "./library";
export { nativeKernels, wasmArena } from "./optim/accelerated/node";
export type { NativeKernelsStatus, Arena } from "./optim/accelerated/node";
