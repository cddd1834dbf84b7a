import * as tf from '@tensorflow/tfjs';
import type { OptimizerName, TrainingSpec } from '../models/spec';
import { FusedAdamOptimizer, hasFusedAdam } from './fusedAdam/fusedAdamOptimizer';
import './fusedAdam/register';

/** Keras's epsilon (tfjs would otherwise use the backend's, 1e-7 on cpu/wasm but 1e-4 on webgl with float16). */
const KERAS_EPSILON = 1e-7;

/**
 * The optimizer a spec asks for. Hyper-parameters other than the learning rate (and momentum) follow Keras, so
 * a spec behaves like the Keras code it describes:
 * - sgd: plain gradient descent.
 * - momentum: tf.train.momentum(lr, t.momentum) — classical (not Nesterov) momentum.
 * - adam: beta1 0.9, beta2 0.999, epsilon 1e-7; its update fused into one kernel per weight where the active
 *   backend has that kernel (fusedAdam/), tfjs's own Adam elsewhere. Same maths, state and checkpoints.
 * - rmsprop: rho (decay) 0.9, no momentum, not centered, epsilon 1e-7.
 * - adagrad: initial accumulator 0.1 (tfjs's and Keras's default).
 * - adadelta: rho 0.95, epsilon 1e-7, the learning rate as given (Keras's default is 0.001; tfjs's examples use 1).
 */
export function makeOptimizer(t: Pick<TrainingSpec, 'optimizer' | 'learningRate' | 'momentum'>): tf.Optimizer {
  const name: OptimizerName = t.optimizer;
  switch (name) {
    case 'sgd':
      return tf.train.sgd(t.learningRate);
    case 'momentum':
      return tf.train.momentum(t.learningRate, t.momentum);
    case 'adam':
      return hasFusedAdam() ? new FusedAdamOptimizer(t.learningRate, 0.9, 0.999, KERAS_EPSILON) : tf.train.adam(t.learningRate, 0.9, 0.999, KERAS_EPSILON);
    case 'rmsprop':
      return tf.train.rmsprop(t.learningRate, 0.9, 0, KERAS_EPSILON);
    case 'adagrad':
      return tf.train.adagrad(t.learningRate, 0.1);
    case 'adadelta':
      return tf.train.adadelta(t.learningRate, 0.95, KERAS_EPSILON);
    default: {
      // Unreachable for a validated spec; a clear error beats a silent undefined optimizer.
      const unknown: never = name;
      throw new Error(`unknown optimizer: ${String(unknown)}`);
    }
  }
}

/**
 * Changes the learning rate of an existing optimizer in place (for schedules), keeping its accumulated state.
 *
 * tfjs 4.22 optimizers keep the rate in a protected `learningRate` field, read on every step by Adam, RMSProp,
 * Adagrad, Adadelta and Adamax. SGD and Momentum instead multiply by a cached scalar `c` = −lr, which their public
 * `setLearningRate` rebuilds; writing the field alone would not change their steps. Adam's `accBeta1`/`accBeta2`
 * are powers of the betas, independent of the rate, so nothing else needs updating.
 *
 * Throws a RangeError for a negative or non-finite rate (0 is allowed: a cosine schedule can end there).
 */
export function setOptimizerLearningRate(opt: tf.Optimizer, lr: number): void {
  if (!Number.isFinite(lr) || lr < 0) throw new RangeError(`learning rate must be a finite number ≥ 0, got ${lr}`);
  // `learningRate` (and SGD's `setLearningRate`) are not in tf.Optimizer's type; this cast is the narrowest way
  // to reach them. Duck typing rather than instanceof, which a second copy of tfjs-core in a bundle would defeat.
  const withRate = opt as unknown as { learningRate?: unknown; setLearningRate?: unknown };
  if (typeof withRate.setLearningRate === 'function') {
    // SGDOptimizer and its subclass MomentumOptimizer: rebuilds the cached −lr scalar.
    (opt as tf.SGDOptimizer).setLearningRate(lr);
    return;
  }
  if (typeof withRate.learningRate !== 'number') {
    throw new Error(`cannot set the learning rate of ${opt.getClassName()}: it has no numeric learningRate field`);
  }
  withRate.learningRate = lr;
}
