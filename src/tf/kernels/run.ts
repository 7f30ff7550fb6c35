/**
 * What the kernels share: calling one backend kernel from inside another (temporaries freed whatever
 * happens), the parts of tfjs-backend-wasm they use, replacing one of its kernels while keeping tfjs's
 * for the cases left to it, and instantiating a WebAssembly module once on tfjs's memory.
 */
import * as tf from "@tensorflow/tfjs";
import { moduleBytes, type FunctionSpec } from "../../wasm/encoder";

export type Info = tf.TensorInfo;

/** tfjs-backend-wasm's memory, which our modules import. */
export type WasmMemory = { buffer: ArrayBuffer };

/** The parts of tfjs-backend-wasm's backend the kernels use. */
export type WasmBackend = tf.KernelBackend & {
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  typedArrayFromHeap(info: Info): Float32Array;
  dataIdMap: { get(id: object): { memoryOffset: number } };
  wasm: { asm?: { memory?: WasmMemory } };
};

/** Runs the registered kernel `name` of `backend`'s family (wasm here) on tensor infos. */
export function runKernel(name: string, backendName: string, backend: tf.KernelBackend, inputs: Record<string, Info>, attrs: object): Info {
  const kernel = tf.getKernel(name, backendName);
  if (!kernel) throw new Error(`src/tf/kernels: needs the ${backendName} '${name}' kernel, which is not registered`);
  return kernel.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as Info;
}

/** Calls `body` with a `temp` marker; every info marked is disposed on the backend afterwards. */
export function withTemps<T>(backend: tf.KernelBackend, body: (temp: (t: Info) => Info) => T): T {
  const temps: Info[] = [];
  try {
    return body((t) => (temps.push(t), t));
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

/**
 * A new float32 output of `shape`, written by `fill`; null, with the output freed, where `fill` returns
 * false (it could not run, and the caller takes another path) or throws.
 */
export function outputIf(backend: WasmBackend, shape: number[], fill: (out: Info) => boolean): Info | null {
  const out = backend.makeOutput(shape, "float32");
  let done = false;
  try {
    done = fill(out);
  } finally {
    if (!done) backend.disposeData(out.dataId);
  }
  return done ? out : null;
}

const originals = new Map<string, tf.KernelConfig>();

/**
 * Puts `kernelFunc` in place of tfjs's wasm kernel `name` (its other hooks kept); tfjs's own stays
 * callable through `originalWasmKernel`. False where tfjs has none or it is already replaced.
 */
export function replaceWasmKernel(name: string, kernelFunc: unknown): boolean {
  const current = tf.getKernel(name, "wasm");
  if (!current || current.kernelFunc === kernelFunc) return false;
  originals.set(name, current);
  tf.unregisterKernel(name, "wasm");
  tf.registerKernel({ ...current, kernelFunc: kernelFunc as tf.KernelFunc });
  return true;
}

/** tfjs's wasm kernel `name` as it was before `replaceWasmKernel`: for the cases a replacement leaves to it. */
export function originalWasmKernel(name: string): tf.KernelConfig {
  const kernel = originals.get(name);
  if (!kernel) throw new Error(`src/tf/kernels: the wasm '${name}' kernel was not replaced, so there is no original to call`);
  return kernel;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const WebAssemblyApi: any = (globalThis as any).WebAssembly;

/**
 * The exports of the module made of `functions`, instantiated once per memory (tfjs's, imported as
 * env.memory); null where that fails (e.g. a shared memory), and the caller then keeps tfjs's kernel.
 */
export function perMemory<Exports>(functions: () => FunctionSpec[]): (memory: WasmMemory) => Exports | null {
  const instances = new WeakMap<WasmMemory, Exports | null>();
  return (memory) => {
    if (!instances.has(memory)) {
      // Not named `exports`: transpiled to CommonJS for notebooks, a local of that name would hide the module's.
      let instance: Exports | null = null;
      try {
        instance = new WebAssemblyApi.Instance(new WebAssemblyApi.Module(moduleBytes(functions())), { env: { memory } }).exports as Exports;
      } catch {
        instance = null;
      }
      instances.set(memory, instance);
    }
    return instances.get(memory)!;
  };
}
