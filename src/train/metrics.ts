/** Cross-entropy (6.2.2.3) and accuracy of a classifier on tfjs tensors. */
import * as tf from "@tensorflow/tfjs";

/** Mean cross-entropy of softmax(logits) against integer labels (float32). */
export function crossEntropy(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    return tf.neg(tf.mean(tf.sum(tf.mul(logp, tf.oneHot(labels as tf.Tensor1D, logits.shape[1]!)), 1))) as tf.Scalar;
  });
}

/** Loss and accuracy of a model on a whole set, in inference mode (one asynchronous read of the device: webgpu cannot read synchronously). */
export async function evaluate(model: tf.LayersModel, x: tf.Tensor2D, y: tf.Tensor1D): Promise<{ loss: number; accuracy: number }> {
  const both = tf.tidy(() => {
    const logits = model.apply(x, { training: false }) as tf.Tensor;
    const correct = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), y), "float32"));
    return tf.stack([crossEntropy(logits, y), correct]);
  });
  let values: ArrayLike<number>;
  try {
    values = await both.data();
  } finally {
    both.dispose();
  }
  const [loss, accuracy] = Array.from(values);
  return { loss, accuracy };
}
