/**
 * The browser bench page (bundled by bench/browser-epoch.ts): `runEpochSteps(backend, model, steps)`
 * trains the bench model on `backend` for one warm-up step and `steps` timed steps of 128 random
 * Fashion-MNIST-shaped images (timing does not depend on the pixels), through the same
 * train.trainEpoch and tf.optim.adam as in Node, and returns seconds per step.
 */
import * as d from "../src/browser";
import { makeModel, ModelName } from "./fashion-models";

const tf = d.tf.tf;

async function runEpochSteps(backend: string, model: ModelName, steps: number): Promise<{ secondsPerStep: number; describe: string }> {
  await d.tf.ready({ backend });
  // 256 rows (two batches' worth): SwiftShader's WebGPU refused a 3.2 MB upload (1024 rows) for the CNN.
  const rows = 256;
  const x = tf.randomUniform([rows, 784], 0, 1, "float32", 1) as d.tf.tf.Tensor2D;
  const y = tf.randomUniform([rows], 0, 10, "int32", 2) as d.tf.tf.Tensor1D;
  const net = makeModel(model);
  const optimizer = d.tf.optim.adam({ lr: 1e-3 });
  const vars = net.trainableWeights.map((w) => w.read() as d.tf.tf.Variable);
  const order = (n: number) => Int32Array.from({ length: n * 128 }, (_, i) => (i * 7919) % rows);
  await d.train.trainEpoch(net, optimizer, { x, y }, order(1), 128, vars); // warm-up: shaders compiled
  const t0 = performance.now();
  await d.train.trainEpoch(net, optimizer, { x, y }, order(steps), 128, vars); // reads the loss back: the GPU has finished
  const secondsPerStep = (performance.now() - t0) / 1000 / steps;
  net.dispose();
  optimizer.dispose();
  tf.dispose([x, y]);
  return { secondsPerStep, describe: d.tf.describe() };
}

(globalThis as unknown as { runEpochSteps: typeof runEpochSteps }).runEpochSteps = runEpochSteps;
