/** The two bench models (issue 17, item 4), platform-free so the browser bench page builds the same. */
import { tf as dtf, train } from "../src/library";
import { rng } from "../src/rng";

const tf = dtf.tf;
export type ModelName = "mlp" | "cnn";
export const MODELS: ModelName[] = ["mlp", "cnn"];

/** conv 5×5 1→16 ReLU, max-pool 2, conv 5×5 16→32 ReLU, max-pool 2, dense 512→10 ('valid': 28 → 24 → 12 → 8 → 4). */
export function fashionCnn(seed = 1): dtf.tf.Sequential {
  const random = rng(seed);
  const init = () => tf.initializers.heUniform({ seed: random.int(2 ** 31) });
  const m = tf.sequential();
  m.add(tf.layers.reshape({ targetShape: [28, 28, 1], inputShape: [784] }));
  m.add(tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: "relu", kernelInitializer: init() }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 32, kernelSize: 5, activation: "relu", kernelInitializer: init() }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 10, kernelInitializer: init() }));
  return m;
}

export function makeModel(name: ModelName): dtf.tf.Sequential {
  return name === "mlp" ? train.mlp({ sizes: [784, 256, 256, 10], seed: 1 }) : fashionCnn(1);
}
