import * as tf from '@tensorflow/tfjs';
import { TARGET_SCALE_LAYER } from './spec';

/**
 * Regression targets in their own units: the model ends in a fixed (non-trainable) Dense(1) layer, y = z·std + mean,
 * with the train split's target mean and standard deviation. The layers before it learn z near N(0, 1) whatever
 * the units (house prices, box-office takings: a target of 10⁸ was out of reach of Adam's steps from an output near
 * 0, R² −0.2 after 5 epochs), while every output — evaluation, the prediction form, exports, a served model — is in
 * the target's own units with no step of its own: the two numbers are weights, saved and restored with the others.
 * The training loss is measured in std units (lossScale) so its size and gradients do not grow with the units either.
 */
export { TARGET_SCALE_LAYER };

/** The fixed output layer, applied after the spec's last layer (kernel 1, bias 0 until the run sets them). */
export function targetScaleLayer(): tf.layers.Layer {
  return tf.layers.dense({ units: 1, trainable: false, kernelInitializer: 'ones', biasInitializer: 'zeros', name: TARGET_SCALE_LAYER });
}

export function hasTargetScale(model: tf.LayersModel): boolean {
  return model.layers.some((l) => l.name === TARGET_SCALE_LAYER);
}

/** Sets y = z·std + mean. */
export function setTargetScale(model: tf.LayersModel, stats: { mean: number; std: number }): void {
  const layer = model.getLayer(TARGET_SCALE_LAYER);
  const w = [tf.tensor2d([[stats.std]]), tf.tensor1d([stats.mean])];
  try {
    layer.setWeights(w);
  } finally {
    tf.dispose(w);
  }
}
