import { GATES, sequenceOf, type ModelSummary, type Shape } from './shapes';
import type { LayerSpec } from './spec';

/**
 * Rough compute and memory needs of a model, for the builder's totals. Estimates, not measurements:
 * - flopsPerSample: one forward pass for one example. Dense, Conv2D, residual and recurrent layers count
 *   2 FLOPs per multiply-add (bias and activation neglected); other layers about one operation per value they
 *   read (pools and global pooling read their whole input); Flatten and Reshape are free (tfjs reshapes are views).
 * - weightBytes: parameters × 4 bytes (float32).
 * - activationBytes: the values every layer produces for one batch × 4 bytes. A residual block counts each of its
 *   internal tensors; a recurrent layer counts its state at every step (backprop through time keeps them all),
 *   even when it returns only the last one. Flatten/Reshape outputs share memory with their input: not counted.
 * - trainingBytes: 4 × weightBytes (weights, gradients and Adam's two moment estimates; plain SGD needs less)
 *   + 2 × activationBytes (activations kept for the backward pass, and their gradients).
 */
export interface CostEstimate {
  flopsPerSample: number;
  weightBytes: number;
  activationBytes: number;
  trainingBytes: number;
}

const BYTES_PER_VALUE = 4;
/** Copies of each weight while training with Adam: value, gradient, first and second moments. */
const TRAINING_WEIGHT_COPIES = 4;
/** Copies of each activation while training: the value and its gradient. */
const TRAINING_ACTIVATION_COPIES = 2;

const size = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

/** Forward FLOPs and produced values (per example) of one layer, given its input and output shapes. */
function layerCost(layer: LayerSpec, input: Shape, output: Shape): { flops: number; values: number } {
  const out = size(output);
  switch (layer.type) {
    case 'dense':
      return { flops: 2 * size(input) * layer.units, values: out };
    case 'conv2d': {
      const k = layer.kernelSize;
      return { flops: input.length === 3 ? 2 * out * k * k * input[2] : 0, values: out };
    }
    case 'residual': {
      if (input.length !== 3) return { flops: 0, values: out };
      const c = input[2];
      const f = layer.filters;
      const k2 = layer.kernelSize * layer.kernelSize;
      const pixels = output[0] * output[1];
      const projection = c === f ? 0 : c;
      const macs = pixels * f * (k2 * c + k2 * f + projection);
      // Cheap parts: two batch norms, two activations and the addition, each one pass over the output.
      const tensors = 7 + (projection ? 1 : 0); // conv, BN, act, conv, BN, (projection), add, act
      return { flops: 2 * macs + 5 * out, values: tensors * out };
    }
    case 'lstm':
    case 'gru': {
      const seq = sequenceOf(input);
      if (!seq) return { flops: 0, values: out };
      const [steps, features] = seq;
      const u = layer.units;
      return { flops: 2 * steps * GATES[layer.type] * u * (features + u), values: steps * u };
    }
    case 'flatten':
    case 'reshape':
      return { flops: 0, values: 0 };
    case 'patchEmbed': {
      // The patch convolution reads every input value once per output channel; class token and positions are one add a value.
      const c = input.length === 3 ? input[2] : 0;
      const patches = Math.max(0, output[0] - 1);
      return { flops: 2 * patches * layer.patchSize * layer.patchSize * c * layer.dim + out, values: 2 * out };
    }
    case 'transformerBlock': {
      if (output.length !== 2) return { flops: 0, values: out };
      const [t, d] = output;
      const m = layer.mlpDim;
      // q, k, v and output projections, q·kᵀ and probs·v over all heads, the MLP; norms, softmax, gelu, adds ≈ 10 passes.
      const macs = 4 * t * d * d + 2 * t * t * d + 2 * t * d * m;
      // Kept for the backward pass: two norms, q, k, v, mixed, projection, two residual sums, two MLP tensors (t·m), heads' t×t scores and probs.
      const values = 9 * t * d + 2 * t * m + 2 * layer.heads * t * t;
      return { flops: 2 * macs + 10 * t * d, values };
    }
    default:
      return { flops: size(input), values: out };
  }
}

export function estimateCost(summary: ModelSummary, layers: readonly LayerSpec[], batchSize: number): CostEstimate {
  let flops = 0;
  let values = 0;
  let input = summary.inputShape;
  summary.layers.forEach((info, i) => {
    const layer = layers[i];
    if (layer) {
      const c = layerCost(layer, input, info.outputShape);
      flops += c.flops;
      values += c.values;
    }
    input = info.outputShape;
  });
  const weightBytes = summary.totalParams * BYTES_PER_VALUE;
  const activationBytes = values * Math.max(0, batchSize) * BYTES_PER_VALUE;
  return {
    flopsPerSample: flops,
    weightBytes,
    activationBytes,
    trainingBytes: TRAINING_WEIGHT_COPIES * weightBytes + TRAINING_ACTIVATION_COPIES * activationBytes,
  };
}

/** Above this, training may exhaust a laptop GPU or a browser tab: it is allowed, with a warning. */
export const MEMORY_SOFT_LIMIT = 1024 ** 3;
/** Above this, a browser backend cannot hold it (WebGL textures, a 4 GB wasm heap): refused before starting. */
export const MEMORY_HARD_LIMIT = 4 * 1024 ** 3;

const gb = (b: number) => `${(b / 1024 ** 3).toFixed(b >= 10 * 1024 ** 3 ? 0 : 1)} GB`;

/** Whether a model fits: the numbers behind it in words, so the person knows what to shrink. */
export function memoryVerdict(cost: CostEstimate, params: number, batchSize: number): { level: 'ok' | 'warn' | 'refuse'; text: string | null } {
  const detail = `${params.toLocaleString('en-US')} parameters need about ${gb(cost.trainingBytes)} to train at batch ${batchSize} (weights and optimizer state ${gb(4 * cost.weightBytes)}, activations ${gb(2 * cost.activationBytes)})`;
  if (cost.trainingBytes > MEMORY_HARD_LIMIT) return { level: 'refuse', text: `Too large to train in a browser: ${detail}; the limit is ${gb(MEMORY_HARD_LIMIT)}. Use fewer units or filters, or a smaller batch.` };
  if (cost.trainingBytes > MEMORY_SOFT_LIMIT) return { level: 'warn', text: `A large model: ${detail}. Many GPUs and tabs run out of memory above ${gb(MEMORY_SOFT_LIMIT)}.` };
  return { level: 'ok', text: null };
}

/** The verdict for a spec on data of this input shape (the store refuses to start, the panel says why). */
export function specMemoryVerdict(summary: ModelSummary, layers: readonly LayerSpec[], batchSize: number): ReturnType<typeof memoryVerdict> {
  return memoryVerdict(estimateCost(summary, layers, batchSize), summary.totalParams, batchSize);
}
