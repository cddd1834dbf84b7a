import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../../core/rng';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface PatchEmbedArgs extends LayerArgs {
  /** Side of the square patches; must divide the input's height and width. */
  patchSize: number;
  /** Token width. */
  dim: number;
  /** Seed of the initial weights (kernel, class token, position embedding). */
  seed: number;
}

/**
 * A ViT's input stage in one layer: [h, w, c] image → (h/p)·(w/p) patch tokens of `dim` values (a Conv2D with
 * kernel = stride = p, so the Keras export is a plain Conv2D), a learned class token put first, and a learned
 * position embedding added to all 1 + n tokens. Output [1 + n, dim].
 */
export class PatchEmbed extends tf.layers.Layer {
  static className = 'PatchEmbed';
  readonly patchSize: number;
  readonly dim: number;
  readonly seed: number;
  private kernel!: tf.LayerVariable;
  private bias!: tf.LayerVariable;
  private classToken!: tf.LayerVariable;
  private position!: tf.LayerVariable;

  constructor(args: PatchEmbedArgs) {
    super(args);
    this.patchSize = args.patchSize;
    this.dim = args.dim;
    this.seed = args.seed;
  }

  /** Patches along height and width for an input shape [batch?, h, w, c]; throws when the patch size does not divide it. */
  grid(inputShape: tf.Shape): [number, number] {
    const [h, w] = inputShape.slice(-3, -1) as number[];
    const p = this.patchSize;
    if (h % p !== 0 || w % p !== 0) throw new Error(`PatchEmbed: patch size ${p} does not divide the ${h}×${w} input.`);
    return [h / p, w / p];
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const [gh, gw] = this.grid(shape);
    const c = shape[shape.length - 1] as number;
    const p = this.patchSize;
    const small = (s: number) => tf.initializers.truncatedNormal({ stddev: 0.02, seed: deriveSeed(this.seed, s) });
    this.kernel = this.addWeight('kernel', [p, p, c, this.dim], 'float32', tf.initializers.glorotUniform({ seed: this.seed }));
    this.bias = this.addWeight('bias', [this.dim], 'float32', tf.initializers.zeros());
    this.classToken = this.addWeight('class_token', [1, 1, this.dim], 'float32', small(1));
    this.position = this.addWeight('position_embedding', [1, 1 + gh * gw, this.dim], 'float32', small(2));
    this.built = true;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const [gh, gw] = this.grid(shape);
    return [shape[0], 1 + gh * gw, this.dim];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.tidy(() => {
      const b = x.shape[0];
      const p = this.patchSize;
      const patches = tf.add(tf.conv2d(x, this.kernel.read() as tf.Tensor4D, p, 'valid'), this.bias.read());
      const [, gh, gw] = patches.shape;
      const tokens = tf.reshape(patches, [b, gh * gw, this.dim]);
      const cls = tf.tile(this.classToken.read(), [b, 1, 1]);
      return tf.add(tf.concat([cls, tokens], 1), this.position.read());
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), patchSize: this.patchSize, dim: this.dim, seed: this.seed };
  }
}

tf.serialization.registerClass(PatchEmbed);
