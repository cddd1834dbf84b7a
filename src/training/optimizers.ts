import * as tf from '@tensorflow/tfjs';
import type { TrainingSpec } from '../models/spec';

export function makeOptimizer(t: Pick<TrainingSpec, 'optimizer' | 'learningRate'>): tf.Optimizer {
  switch (t.optimizer) {
    case 'adam':
      // Keras's defaults (beta1 0.9, beta2 0.999, epsilon 1e-7), so the Keras MLP preset matches the Keras example.
      return tf.train.adam(t.learningRate, 0.9, 0.999, 1e-7);
    case 'sgd':
      return tf.train.sgd(t.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(t.learningRate, 0.9, 0, 1e-7);
  }
}
