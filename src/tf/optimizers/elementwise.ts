/**
 * x² as x·x. tfjs's Square kernel on WebGL1 through headless-gl (Mesa, under Xvfb) returns 0 for
 * tensors of 2 to 4 elements, which zeroes Adam's second moment and blows the step up; Multiply is
 * correct there and gives the same float32 numbers everywhere else.
 */
import * as tf from "@tensorflow/tfjs";

export function square(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, x);
}
