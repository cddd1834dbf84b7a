import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../core/rng';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Kwargs = Parameters<tf.layers.Layer['call']>[1];

export interface SeededDropoutArgs extends LayerArgs {
  /** Fraction of units dropped in training, 0 ≤ rate < 1. */
  rate: number;
  /** Base seed of the mask stream; training call k uses seed + k. */
  seed: number;
}

/** Sub-stream of the layer's seed that MC masks are drawn from (stream 0, the seed itself, is training's). */
const MC_STREAM = 1;

let monteCarlo = false;

/**
 * Turns Monte Carlo dropout on or off for every SeededDropout: while on, inference calls (predict, apply
 * without training: true, even with training: false) drop units as in training; batch norm and every other
 * layer stay in inference mode. A module-wide switch, since predict() passes layers no flag of their own:
 * set it, make the forward passes synchronously, and switch it off again (try/finally) before any await, so
 * that no other prediction (validation, the drawing pad) runs while it is on. Returns the previous setting.
 */
export function setMonteCarloDropout(on: boolean): boolean {
  const previous = monteCarlo;
  monteCarlo = on;
  return previous;
}

export function isMonteCarloDropout(): boolean {
  return monteCarlo;
}

/**
 * Dropout with a reproducible stream of masks. tfjs's Dropout either takes a fixed seed (and then drops the
 * same units on every batch) or none (and runs cannot be reproduced). This one draws training call k's mask
 * from seed + k, so the same seed and the same sequence of training calls give the same masks.
 *
 * Only training calls advance the counter: predictions made between training steps (validation, the drawing
 * pad) do not shift later masks. The counter is not part of the config; a deserialised layer starts at 0.
 *
 * Monte Carlo dropout: while setMonteCarloDropout(true) is in force, inference calls drop units too (a fresh
 * mask per call), so repeated predictions sample the model's uncertainty. Only dropout changes: the call is
 * still an inference call, so batch norm keeps its moving statistics (model.apply(x, { training: true }) would
 * switch it to batch statistics). MC masks come from a separate stream, deriveSeed(seed, 1) + mcCalls, and
 * advance only `mcCalls`, so MC inference between training steps leaves later training masks unchanged.
 */
export class SeededDropout extends tf.layers.Layer {
  static className = 'SeededDropout';
  readonly rate: number;
  readonly seed: number;
  /** Training calls so far; exposed so a loop resuming a run could restore it. */
  calls = 0;
  /** Monte Carlo (inference-time) calls so far; a stream of its own, see setMonteCarloDropout. */
  mcCalls = 0;

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
    if (this.rate <= 0) return x;
    let seed: number;
    if (kwargs?.training === true) {
      seed = this.seed + this.calls;
      this.calls += 1;
    } else if (monteCarlo) {
      seed = deriveSeed(this.seed, MC_STREAM) + this.mcCalls;
      this.mcCalls += 1;
    } else {
      return x;
    }
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

/** True when the model (or a model nested in it) has a SeededDropout that drops anything (rate > 0). */
export function hasDropout(model: tf.LayersModel): boolean {
  return model.layers.some((l) => (l instanceof SeededDropout && l.rate > 0) || (l instanceof tf.LayersModel && hasDropout(l)));
}
