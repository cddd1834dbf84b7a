import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Kwargs = Parameters<tf.layers.Layer['call']>[1];

export interface SeededDropoutArgs extends LayerArgs {
  /** Fraction of units dropped in training, 0 ≤ rate < 1. */
  rate: number;
  /** Base seed of the mask stream; training call k uses seed + k. */
  seed: number;
}

/**
 * Dropout with a reproducible stream of masks. tfjs's Dropout either takes a fixed seed (and then drops the
 * same units on every batch) or none (and runs cannot be reproduced). This one draws training call k's mask
 * from seed + k, so the same seed and the same sequence of training calls give the same masks.
 *
 * Only training calls advance the counter: predictions made between training steps (validation, the drawing
 * pad) do not shift later masks. The counter is not part of the config; a deserialised layer starts at 0.
 */
export class SeededDropout extends tf.layers.Layer {
  static className = 'SeededDropout';
  readonly rate: number;
  readonly seed: number;
  /** Training calls so far; exposed so a loop resuming a run could restore it. */
  calls = 0;

  constructor(args: SeededDropoutArgs) {
    super(args);
    this.rate = Math.min(Math.max(args.rate, 0), 1);
    this.seed = args.seed;
    this.supportsMasking = true;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs?.training !== true || this.rate <= 0) return x;
    const seed = this.seed + this.calls;
    this.calls += 1;
    if (this.rate >= 1) return tf.zerosLike(x);
    return tf.tidy(() => {
      const keep = tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), this.rate);
      // Inverted dropout: scale the kept units so the expected activation matches inference.
      return tf.mul(x, tf.mul(tf.cast(keep, 'float32'), 1 / (1 - this.rate)));
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

tf.serialization.registerClass(SeededDropout);
