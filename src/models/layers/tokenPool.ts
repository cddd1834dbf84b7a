import * as tf from '@tensorflow/tfjs';
import { layerNorm } from './ops';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export type TokenPoolMode = 'cls' | 'mean';

export interface TokenPoolArgs extends LayerArgs {
  /** 'cls': the class token (token 0); 'mean': the average of every token. */
  mode: TokenPoolMode;
}

/**
 * A ViT's exit: the final layer norm (pre-norm blocks leave their output un-normalised), then one vector per
 * example, the class token or the mean of all tokens: [t, d] → [d], ready for a Dense head.
 */
export class TokenPool extends tf.layers.Layer {
  static className = 'TokenPool';
  readonly mode: TokenPoolMode;
  private gamma!: tf.LayerVariable;
  private beta!: tf.LayerVariable;

  constructor(args: TokenPoolArgs) {
    super(args);
    this.mode = args.mode === 'mean' ? 'mean' : 'cls';
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const d = shape[shape.length - 1] as number;
    this.gamma = this.addWeight('gamma', [d], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [d], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0], shape[shape.length - 1]];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => {
      const normed = layerNorm(x, this.gamma.read(), this.beta.read());
      if (this.mode === 'mean') return tf.mean(normed, 1);
      const [b, , d] = normed.shape;
      return tf.reshape(tf.slice(normed, [0, 0, 0], [b, 1, d]), [b, d]);
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode };
  }
}

tf.serialization.registerClass(TokenPool);
