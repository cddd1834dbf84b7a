import * as tf from '@tensorflow/tfjs';
import { createRng, deriveSeed } from '../core/rng';

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
/** Sub-stream the layer's pool of uniform numbers is drawn from. */
const POOL_STREAM = 2;
/**
 * Uniform numbers drawn once per layer (4 MB); each mask is a window of them at a seeded offset. tfjs draws
 * seeded random numbers on the host, so a fresh randomUniform per batch meant host work and an upload every
 * step (~2 s per MNIST epoch on software WebGL); a window is one slice on the device. Masks larger than half
 * the pool (rare: MC dropout over very large batches) fall back to randomUniform.
 */
const POOL_SIZE = 1 << 20;

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
  private pool: tf.Tensor1D | null = null;

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
      const keep = tf.greaterEqual(this.uniform(x.shape, seed), this.rate);
      // Inverted dropout: scale the kept units so the expected activation matches inference.
      return tf.mul(x, tf.mul(tf.cast(keep, 'float32'), 1 / (1 - this.rate)));
    });
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    super.build(inputShape);
    // Made with the layer (like weights), so it lives exactly as long as the model.
    if (this.rate > 0 && this.rate < 1) this.ensurePool();
  }

  private ensurePool(): tf.Tensor1D {
    if (!this.pool || this.pool.isDisposed) this.pool = tf.keep(tf.randomUniform([POOL_SIZE], 0, 1, 'float32', deriveSeed(this.seed, POOL_STREAM)));
    return this.pool;
  }

  /** Uniform [0, 1) numbers of the given shape, the same for the same seed on every backend. */
  private uniform(shape: number[], seed: number): tf.Tensor {
    const size = shape.reduce((a, b) => a * b, 1);
    if (size > POOL_SIZE / 2) return tf.randomUniform(shape, 0, 1, 'float32', seed);
    const pool = this.ensurePool();
    const offset = Math.floor(createRng(seed)() * (POOL_SIZE - size + 1));
    return tf.slice(pool, offset, size).reshape(shape);
  }

  dispose(): ReturnType<tf.layers.Layer['dispose']> {
    const r = super.dispose();
    // The pool goes with the layer (model.dispose disposes its layers).
    if (r.refCountAfterDispose === 0) {
      this.pool?.dispose();
      this.pool = null;
    }
    return r;
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
