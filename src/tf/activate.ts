import * as tf from "@tensorflow/tfjs";
import type { BackendName } from "./select";

/** Makes `name` tfjs's current backend; tfjs swallows a failing backend factory (and PROD mode hides its warning), so check the result. */
export async function activateBackend(name: BackendName): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
}
