/** Cross-entropy (6.2.2.3) and accuracy of a classifier on tfjs tensors. */
import * as tf from "@tensorflow/tfjs";

/** Mean cross-entropy of softmax(logits) against integer labels (float32). */
export function crossEntropy(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    return tf.neg(tf.mean(tf.sum(tf.mul(logp, tf.oneHot(labels as tf.Tensor1D, logits.shape[1]!)), 1))) as tf.Scalar;
  });
}

/**
 * Mean cross-entropy and accuracy of the logits `forward` computes against labels y, in one
 * asynchronous read of the device (webgpu cannot read synchronously); the tensors made are freed.
 */
export async function lossAndAccuracy(forward: () => tf.Tensor, y: tf.Tensor1D): Promise<{ loss: number; accuracy: number }> {
  const both = tf.tidy(() => {
    const logits = forward();
    const correct = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), y), "float32"));
    return tf.stack([crossEntropy(logits, y), correct]);
  });
  try {
    const [loss, accuracy] = await both.data();
    return { loss, accuracy };
  } finally {
    both.dispose();
  }
}

/** Loss and accuracy of a model on a whole set, in inference mode. */
export function evaluate(model: tf.LayersModel, x: tf.Tensor2D, y: tf.Tensor1D): Promise<{ loss: number; accuracy: number }> {
  return lossAndAccuracy(() => model.apply(x, { training: false }) as tf.Tensor, y);
}
