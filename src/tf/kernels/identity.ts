/**
 * `Identity` (tf.clone, and tfjs-layers' copies of every layer's output in training) without a copy:
 * tfjs-backend-wasm 4.22 copies the whole tensor (1.1 ms per bench CNN batch for the first layer's
 * three copies of 128×24×24×16), where its cpu and webgl backends return the same data with its
 * reference count raised, as its own Reshape does. Sharing is safe because no wasm kernel writes
 * into its inputs; disposing either tensor leaves the other's data alone. Strings keep tfjs's kernel.
 */
import { originalWasmKernel, replaceWasmKernel, type Info, type WasmBackend } from "./run";

type Args = { inputs: { x: Info }; backend: WasmBackend & { incRef(dataId: object): void } };

function identity(args: Args): Info {
  const { x } = args.inputs;
  if (x.dtype === "string") return originalWasmKernel("Identity").kernelFunc(args as never) as Info;
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Replaces tfjs's wasm Identity; idempotent. */
export function registerWasmIdentity(): boolean {
  return replaceWasmKernel("Identity", identity);
}
