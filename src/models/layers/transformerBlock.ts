import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../../core/rng';
import { dense3d, gelu, layerNorm } from './ops';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface TransformerBlockArgs extends LayerArgs {
  /** Attention heads; must divide the token width. */
  heads: number;
  /** Hidden width of the MLP. */
  mlpDim: number;
  /** Seed of the initial kernels (one sub-stream each). */
  seed: number;
}

/** Weight names; `kernel` in a name makes the loop's L1/L2 penalty apply to it, as to Dense kernels. */
const KERNELS = ['query_kernel', 'key_kernel', 'value_kernel', 'output_kernel', 'mlp_kernel_1', 'mlp_kernel_2'] as const;

/**
 * One pre-norm transformer encoder block over [t, d] tokens, all its weights in one layer:
 *   y = x + MHSA(LN₁(x));  out = y + MLP(LN₂(y)),  MLP = Dense(mlpDim, gelu) → Dense(d).
 * Multi-head self-attention splits d into `heads` heads of d/heads values, softmax(q·kᵀ/√(d/heads))·v per head,
 * then one output projection: the same maths as keras.layers.MultiHeadAttention(num_heads, key_dim=d/heads),
 * whose per-head kernels are these [d, d] kernels reshaped (see share/kerasVit.ts).
 */
export class TransformerBlock extends tf.layers.Layer {
  static className = 'TransformerBlock';
  readonly heads: number;
  readonly mlpDim: number;
  readonly seed: number;
  private w: Record<string, tf.LayerVariable> = {};

  constructor(args: TransformerBlockArgs) {
    super(args);
    this.heads = args.heads;
    this.mlpDim = args.mlpDim;
    this.seed = args.seed;
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const d = shape[shape.length - 1] as number;
    if (d % this.heads !== 0) throw new Error(`TransformerBlock: ${this.heads} heads do not divide the token width ${d}.`);
    const m = this.mlpDim;
    const shapes: Record<(typeof KERNELS)[number], number[]> = {
      query_kernel: [d, d],
      key_kernel: [d, d],
      value_kernel: [d, d],
      output_kernel: [d, d],
      mlp_kernel_1: [d, m],
      mlp_kernel_2: [m, d],
    };
    KERNELS.forEach((name, i) => {
      this.w[name] = this.addWeight(name, shapes[name], 'float32', tf.initializers.glorotUniform({ seed: deriveSeed(this.seed, i) }));
    });
    const zeros = tf.initializers.zeros();
    for (const [name, size] of [['query_bias', d], ['key_bias', d], ['value_bias', d], ['output_bias', d], ['mlp_bias_1', m], ['mlp_bias_2', d], ['norm1_beta', d], ['norm2_beta', d]] as const) {
      this.w[name] = this.addWeight(name, [size], 'float32', zeros);
    }
    this.w.norm1_gamma = this.addWeight('norm1_gamma', [d], 'float32', tf.initializers.ones());
    this.w.norm2_gamma = this.addWeight('norm2_gamma', [d], 'float32', tf.initializers.ones());
    this.built = true;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  private read(name: string): tf.Tensor {
    return this.w[name].read();
  }

  /** [b, t, d] → [b, heads, t, d/heads]. */
  private split(x: tf.Tensor): tf.Tensor {
    const [b, t, d] = x.shape;
    return tf.transpose(tf.reshape(x, [b, t, this.heads, d / this.heads]), [0, 2, 1, 3]);
  }

  /** Attention probabilities [b, heads, t, t] (row = query token, column = key token) for the block's input x. */
  private probabilities(normed: tf.Tensor): { probs: tf.Tensor; v: tf.Tensor } {
    const d = normed.shape[2] as number;
    const q = this.split(dense3d(normed, this.read('query_kernel'), this.read('query_bias')));
    const k = this.split(dense3d(normed, this.read('key_kernel'), this.read('key_bias')));
    const v = this.split(dense3d(normed, this.read('value_kernel'), this.read('value_bias')));
    const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(d / this.heads));
    return { probs: tf.softmax(scores), v };
  }

  /** Each head's attention [b, heads, t, t] for block input x (no training-time effects: the block has no dropout). */
  attention(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.probabilities(layerNorm(x, this.read('norm1_gamma'), this.read('norm1_beta'))).probs);
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => {
      const [b, t, d] = x.shape;
      const { probs, v } = this.probabilities(layerNorm(x, this.read('norm1_gamma'), this.read('norm1_beta')));
      const mixed = tf.reshape(tf.transpose(tf.matMul(probs, v), [0, 2, 1, 3]), [b, t, d]);
      const y = tf.add(x, dense3d(mixed, this.read('output_kernel'), this.read('output_bias')));
      const hidden = gelu(dense3d(layerNorm(y, this.read('norm2_gamma'), this.read('norm2_beta')), this.read('mlp_kernel_1'), this.read('mlp_bias_1')));
      return tf.add(y, dense3d(hidden, this.read('mlp_kernel_2'), this.read('mlp_bias_2')));
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads, mlpDim: this.mlpDim, seed: this.seed };
  }
}

tf.serialization.registerClass(TransformerBlock);
