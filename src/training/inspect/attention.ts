import * as tf from '@tensorflow/tfjs';
import { PatchEmbed } from '../../models/layers/patchEmbed';
import { TokenPool } from '../../models/layers/tokenPool';
import { TransformerBlock } from '../../models/layers/transformerBlock';
import { headOverPatches, rollout, rolloutOverPatches, type AttentionQuery } from './attentionMath';

/** One transformer block's attention over the patch grid for one example. */
export interface BlockAttention {
  /** The block's layer name, e.g. "transformerblock_1". */
  name: string;
  /** One map per head, gridRows × gridCols values row by row, each summing to 1. */
  heads: Float32Array[];
}

/** Attention maps of a ViT for one input, small enough to post from the training worker (a few KB). */
export interface AttentionMaps {
  gridRows: number;
  gridCols: number;
  patchSize: number;
  query: AttentionQuery;
  blocks: BlockAttention[];
  /** Rollout across every block, gridRows × gridCols, summing to 1. */
  rollout: Float32Array;
}

/** True when the model has a patch embedding and at least one transformer block (the Attention view applies). */
export function hasAttention(model: tf.LayersModel): boolean {
  return model.layers.some((l) => l instanceof PatchEmbed) && model.layers.some((l) => l instanceof TransformerBlock);
}

/**
 * Each block's per-head attention over the patch grid, and the rollout, for one normalised input [h, w, c] (a batch
 * of one, [1, h, w, c], also works). The class token's row is shown unless the model pools by the mean of its
 * tokens, where every query's row is averaged. Returns null for a model without attention. Disposes what it makes.
 * Reads back asynchronously: WebGPU's synchronous read goes through a canvas, and under SwiftShader in a worker the
 * results of work queued before it were lost (read as zeros).
 */
export async function attentionMaps(model: tf.LayersModel, input: tf.Tensor): Promise<AttentionMaps | null> {
  const embed = model.layers.find((l): l is PatchEmbed => l instanceof PatchEmbed);
  const blocks = model.layers.filter((l): l is TransformerBlock => l instanceof TransformerBlock);
  if (!embed || blocks.length === 0) return null;
  const pool = model.layers.find((l): l is TokenPool => l instanceof TokenPool);
  const query: AttentionQuery = pool?.mode === 'mean' ? 'mean' : 'cls';
  const [gridRows, gridCols] = embed.grid(embed.inputSpec?.[0]?.shape ?? (embed.input as tf.SymbolicTensor).shape);
  const tokens = 1 + gridRows * gridCols;
  const probs = tf.tidy(() => {
    const x = input.rank === 3 ? tf.expandDims(input, 0) : input;
    // The tokens each block reads, from one forward pass of a model cut at the blocks' inputs.
    const feeder = tf.model({ inputs: model.inputs, outputs: blocks.map((b) => b.input as tf.SymbolicTensor) });
    const fed = feeder.predict(x);
    const inputs = Array.isArray(fed) ? fed : [fed];
    // Flattened and joined: blocks may differ in head count; one read-back for all of them.
    return tf.concat(blocks.map((b, i) => tf.reshape(b.attention(inputs[i]), [-1])));
  });
  let all: Float32Array;
  try {
    all = (await probs.data()) as Float32Array;
  } finally {
    probs.dispose();
  }
  const offsets = blocks.map((_, i) => blocks.slice(0, i).reduce((sum, b) => sum + b.heads * tokens * tokens, 0));
  const per = blocks.map((b, i) => all.subarray(offsets[i], offsets[i] + b.heads * tokens * tokens));
  // Rollout averages heads per block; blocks may differ in head count, so each is first reduced to its head mean.
  const means = per.map((a, i) => {
    const heads = blocks[i].heads;
    const m = new Float32Array(tokens * tokens);
    for (let h = 0; h < heads; h++) for (let j = 0; j < tokens * tokens; j++) m[j] += a[h * tokens * tokens + j] / heads;
    return m;
  });
  return {
    gridRows,
    gridCols,
    patchSize: embed.patchSize,
    query,
    blocks: blocks.map((b, i) => ({ name: b.name, heads: Array.from({ length: b.heads }, (_, h) => headOverPatches(per[i], tokens, h, query)) })),
    rollout: rolloutOverPatches(rollout(means, tokens, 1), tokens, query),
  };
}
