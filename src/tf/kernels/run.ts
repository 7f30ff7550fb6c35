/** Calling one backend kernel from inside another, with the temporaries freed whatever happens. */
import * as tf from "@tensorflow/tfjs";

export type Info = tf.TensorInfo;

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
