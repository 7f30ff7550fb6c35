/**
 * torch's nn.Linear as a tfjs layer: y = x·W + b (W kept as [fanIn, fanOut], tfjs's layout).
 *
 * Why not tf.layers.dense: Dense multiplies with tfjs's fused matMul, whose gradient is one custom
 * function that computes the gradients of *all* its inputs, so every training step also computes
 * dL/dx = dy·Wᵀ for the first layer, whose input is the data: a product nothing reads, 22 % of a
 * Fashion-MNIST 784-256-256-10 step on wasm (bench: `npm run bench -- tf`). Written with the separate
 * matMul and add kernels, each input's gradient is its own closure, and tfjs's tape skips those of
 * tensors that do not depend on the variables. Same weights, same initializers, same layout as Dense.
 */
import * as tf from "@tensorflow/tfjs";
import { fail, positiveInt } from "../args";

/** What tf.initializers.* return (tfjs-layers does not export the class's type by name). */
type Initializer = ReturnType<typeof tf.initializers.zeros>;

export interface LinearArgs {
  units: number;
  inputShape?: number[];
  useBias?: boolean;
  kernelInitializer?: Initializer;
  biasInitializer?: Initializer;
  trainable?: boolean;
  name?: string;
}

export class Linear extends tf.layers.Layer {
  static className = "DescentLinear";
  readonly units: number;
  readonly useBias: boolean;
  private readonly kernelInitializer: Initializer;
  private readonly biasInitializer: Initializer;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: LinearArgs) {
    super(args);
    positiveInt("train.linear", "units", args.units);
    this.units = args.units;
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = args.kernelInitializer ?? tf.initializers.glorotUniform({});
    this.biasInitializer = args.biasInitializer ?? tf.initializers.zeros();
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const fanIn = shape[shape.length - 1];
    if (typeof fanIn !== "number") fail("train.linear", "inputShape", "a shape whose last dimension is known", JSON.stringify(shape));
    // Created in Dense's order (kernel, then bias), so getWeights()/setWeights() read the same.
    this.kernel = this.addWeight("kernel", [fanIn, this.units], "float32", this.kernelInitializer);
    if (this.useBias) this.bias = this.addWeight("bias", [this.units], "float32", this.biasInitializer);
    this.built = true;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      const product = tf.matMul(x, this.kernel!.read() as tf.Tensor2D);
      return this.bias ? tf.add(product, this.bias.read()) : product;
    });
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.units];
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, useBias: this.useBias };
  }
}

tf.serialization.registerClass(Linear);

/** A Linear layer (torch's nn.Linear) for `tf.sequential` models; see the file's comment for why not Dense. */
export function linear(args: LinearArgs): Linear {
  return new Linear(args);
}
