import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../core/rng';
import type { ExperimentSpec, LayerSpec } from './spec';
import type { Shape } from './shapes';

/** Each weighted layer gets its own seed derived from the spec's seed, so the same spec always starts from the same weights. */
function layerFor(spec: LayerSpec, index: number, seed: number): tf.layers.Layer {
  const kernelInitializer = tf.initializers.glorotUniform({ seed: deriveSeed(seed, index) });
  switch (spec.type) {
    case 'flatten':
      return tf.layers.flatten();
    case 'dense':
      return tf.layers.dense({ units: spec.units, activation: spec.activation, kernelInitializer });
    case 'dropout':
      // Unseeded on purpose: tfjs reuses a fixed seed for every call, which would drop the same units each batch.
      return tf.layers.dropout({ rate: spec.rate });
    case 'conv2d':
      return tf.layers.conv2d({
        filters: spec.filters,
        kernelSize: spec.kernelSize,
        strides: spec.strides,
        padding: spec.padding,
        activation: spec.activation,
        kernelInitializer,
      });
    case 'maxPool2d':
      return tf.layers.maxPooling2d({ poolSize: spec.poolSize, strides: spec.strides });
  }
}

/** Builds the spec's model for inputs of the given shape (height, width, channels). */
export function buildModel(spec: Pick<ExperimentSpec, 'model' | 'seed'>, inputShape: Shape): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape: [...inputShape] }));
  spec.model.layers.forEach((l, i) => model.add(layerFor(l, i, spec.seed)));
  return model;
}
