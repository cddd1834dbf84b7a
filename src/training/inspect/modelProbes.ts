import * as tf from '@tensorflow/tfjs';
import { hasDropout, setMonteCarloDropout } from '../../models/seededDropout';
import type { LayerType } from '../../models/spec';
import { gatherInputs, type DeviceData, type DeviceNorm } from '../deviceData';

/**
 * Probes that look inside a trained model from the training worker: Monte Carlo dropout samples, every spec
 * layer's activations for one example, the first convolution's filters and weight histograms. Each disposes
 * every tensor it makes and reads results back in one transfer, asynchronously (WebGPU's synchronous read goes
 * through a canvas; under SwiftShader in a worker the results of work queued before it were lost).
 */

/** Every spec layer type, so that a new type is a compile error here until its tfjs name is known. */
const SPEC_TYPES: Record<LayerType, true> = {
  dense: true,
  conv2d: true,
  maxPool2d: true,
  avgPool2d: true,
  globalAvgPool2d: true,
  dropout: true,
  batchNorm: true,
  flatten: true,
  reshape: true,
  activation: true,
  residual: true,
  lstm: true,
  gru: true,
  patchEmbed: true,
  transformerBlock: true,
  tokenPool: true,
};

/**
 * A spec layer's tfjs name as layerNames/buildModel give it ("conv2d_1", "maxpool2d_2"); internal sub-layers
 * ("residual_1_conv_a", "lstm_1_rows") carry a suffix and do not match.
 */
const SPEC_LAYER_NAME = new RegExp(`^(${Object.keys(SPEC_TYPES).map((t) => t.toLowerCase()).join('|')})_\\d+$`);

export function isSpecLayerName(name: string): boolean {
  return SPEC_LAYER_NAME.test(name);
}

function checkPasses(passes: number): void {
  if (!Number.isInteger(passes) || passes < 1) throw new RangeError(`passes must be a whole number of at least 1 (got ${passes}).`);
}

/**
 * `passes` forward passes of a batch, stacked as [passes, batch, C] (C: the output size per example). Call
 * with MC dropout on; the whole batch goes through as one predict batch, so one mask per pass and layer.
 */
function stackedPasses(model: tf.LayersModel, x: tf.Tensor, passes: number): tf.Tensor {
  return tf.tidy(() => {
    const m = x.shape[0];
    const outs = Array.from({ length: passes }, () => (model.predict(x, { batchSize: m }) as tf.Tensor).reshape([m, -1]));
    return tf.stack(outs);
  });
}

/**
 * Runs `make` (which builds [T, m, C] tensors from `x`s) with MC dropout on, synchronously, then switches it back
 * before the single read-back: no other prediction can run while the module-wide switch is on.
 */
async function sampleMonteCarlo(model: tf.LayersModel, passes: number, inputs: (() => tf.Tensor)[]): Promise<Float32Array> {
  checkPasses(passes);
  // Without dropout every pass is the same: compute one and repeat it on the host.
  const sampled = hasDropout(model) ? passes : 1;
  const parts: tf.Tensor[] = [];
  const previous = setMonteCarloDropout(true);
  try {
    for (const input of inputs) {
      parts.push(tf.tidy(() => stackedPasses(model, input(), sampled)));
    }
  } catch (e) {
    tf.dispose(parts);
    throw e;
  } finally {
    setMonteCarloDropout(previous);
  }
  if (parts.length === 0) return new Float32Array(0);
  // Chunks are [T, m_k, C]; joining on the example axis gives [T, n, C] and one transfer for all of them.
  const all = parts.length === 1 ? parts[0] : tf.concat(parts, 1);
  let values: Float32Array;
  try {
    values = (await all.data()) as Float32Array;
  } finally {
    tf.dispose(parts);
    if (parts.length > 1) all.dispose();
  }
  if (sampled === passes) return values;
  const out = new Float32Array(values.length * passes);
  for (let t = 0; t < passes; t++) out.set(values, t * values.length);
  return out;
}

/**
 * Monte Carlo dropout: `passes` forward passes over the given examples with dropout active (batch norm stays
 * in inference mode), as a flat [T, n, C] array: sample t of example i's output c is at ((t·n) + i)·C + c.
 * Chunks of `chunk` examples are gathered once and run T times; everything is read back in one transfer.
 * A model without dropout gives T identical passes (computed once).
 */
export async function mcDropoutPredict(
  model: tf.LayersModel,
  data: DeviceData,
  norm: DeviceNorm,
  indices: Int32Array,
  passes: number,
  chunk = 256,
): Promise<Float32Array> {
  checkPasses(passes);
  const size = Math.max(1, Math.floor(chunk));
  const inputs: (() => tf.Tensor)[] = [];
  for (let start = 0; start < indices.length; start += size) {
    const part = indices.subarray(start, Math.min(indices.length, start + size));
    inputs.push(() => gatherInputs(data, norm, tf.tensor1d(part, 'int32')));
  }
  return sampleMonteCarlo(model, passes, inputs);
}

/**
 * Monte Carlo dropout for raw examples in the dataset's own units (e.g. a drawn digit as 0..255 pixels, or k
 * points of a regression curve, k × features), normalised like training data, (x − shift)·scale; returns [T, k, C].
 */
export async function mcDropoutPredictRaw(
  model: tf.LayersModel,
  norm: DeviceNorm,
  inputs: Float32Array,
  inputShape: readonly number[],
  passes: number,
): Promise<Float32Array> {
  const d = inputShape.reduce((a, b) => a * b, 1);
  const input = () => tf.tensor2d(inputs, [inputs.length / d, d]).sub(norm.shift).mul(norm.scale).reshape([-1, ...inputShape]);
  return sampleMonteCarlo(model, passes, [input]);
}

export interface LayerActivation {
  /** The spec layer's name, e.g. "conv2d_1". */
  name: string;
  /** tfjs class, e.g. "Conv2D" ("Activation" for a residual block's output). */
  className: string;
  /** Output shape without the batch dimension. */
  shape: number[];
  /** Row-major values, the first maxValues of them when truncated. */
  values: Float32Array;
  truncated: boolean;
}

export interface ActivationOptions {
  /** Values kept per layer (default 65,536); larger outputs are cut to their first maxValues values. */
  maxValues?: number;
  /** Layers to probe, by name, in model order; default: every spec layer (see isSpecLayerName). */
  names?: readonly string[];
}

export const DEFAULT_MAX_VALUES = 65_536;

interface ActivationProbe {
  key: string;
  layers: tf.layers.Layer[];
  model: tf.LayersModel | null;
}

/**
 * One auxiliary model per probed model, reused while its layer list stays the same. It shares the model's
 * layers and weights, so it must never be disposed (that would dispose the weights); it holds no tensors.
 */
const probes = new WeakMap<tf.LayersModel, ActivationProbe>();

function activationProbe(model: tf.LayersModel, names: readonly string[] | undefined): ActivationProbe {
  const wanted = names ? new Set(names) : null;
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer' && (wanted ? wanted.has(l.name) : isSpecLayerName(l.name)));
  const key = layers.map((l) => l.name).join('\n');
  const cached = probes.get(model);
  if (cached && cached.key === key) return cached;
  // Each spec layer is applied once in buildModel, so `output` is its single output tensor.
  const outputs = layers.map((l) => l.output as tf.SymbolicTensor);
  const probe = { key, layers, model: layers.length > 0 ? tf.model({ inputs: model.inputs, outputs }) : null };
  probes.set(model, probe);
  return probe;
}

/**
 * The output of every spec layer (InputLayer and internal sub-layers skipped; a residual block appears once,
 * as its final output) for one example: `input` has batch 1 and is normalised and shaped already. One
 * auxiliary predict, one read-back for all layers.
 */
export async function layerActivations(model: tf.LayersModel, input: tf.Tensor, opts: ActivationOptions = {}): Promise<LayerActivation[]> {
  if (input.shape[0] !== 1) throw new RangeError(`layerActivations takes one example (batch 1), got a batch of ${input.shape[0]}.`);
  const maxValues = Math.max(0, Math.floor(opts.maxValues ?? DEFAULT_MAX_VALUES));
  const probe = activationProbe(model, opts.names);
  if (!probe.model) return [];
  const aux = probe.model;
  const outs = tf.tidy(() => {
    const out = aux.predict(input);
    return Array.isArray(out) ? out : [out];
  });
  const shapes = outs.map((t) => t.shape.slice(1));
  const sizes = outs.map((t) => t.size);
  const kept = sizes.map((size) => Math.min(size, maxValues));
  const flat = tf.tidy(() => tf.concat(outs.map((t, i) => t.reshape([-1]).slice(0, kept[i]))));
  tf.dispose(outs);
  let all: Float32Array;
  try {
    all = (await flat.data()) as Float32Array;
  } finally {
    flat.dispose();
  }
  let offset = 0;
  return probe.layers.map((layer, i) => {
    // slice, not subarray: each layer gets its own buffer, transferable on its own.
    const values = all.slice(offset, offset + kept[i]);
    offset += kept[i];
    return { name: layer.name, className: layer.getClassName(), shape: shapes[i], values, truncated: kept[i] < sizes[i] };
  });
}

/** layerActivations for example `index` of the device data, normalised as in training. */
export async function layerActivationsForIndex(
  model: tf.LayersModel,
  data: DeviceData,
  norm: DeviceNorm,
  index: number,
  opts?: ActivationOptions,
): Promise<LayerActivation[]> {
  const count = data.y.shape[0];
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`Example ${index} is not in the data (0..${count - 1}).`);
  const x = tf.tidy(() => gatherInputs(data, norm, tf.tensor1d([index], 'int32')));
  try {
    return await layerActivations(model, x, opts);
  } finally {
    x.dispose();
  }
}

export interface ConvFilters {
  name: string;
  /** Row-major [kh, kw, inChannels, outChannels], as tfjs stores a Conv2D kernel. */
  kernel: Float32Array;
  size: [number, number, number, number];
}

function kernelOf(layer: tf.layers.Layer): tf.LayerVariable | undefined {
  return layer.weights.find((w) => w.originalName.split('/').pop() === 'kernel');
}

/** The first Conv2D layer's kernel (a residual block's first convolution counts), or null without one. */
export async function firstConvFilters(model: tf.LayersModel): Promise<ConvFilters | null> {
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'Conv2D') continue;
    const kernel = kernelOf(layer);
    if (!kernel) continue;
    const [kh, kw, cin, cout] = kernel.shape as number[];
    // read() is the variable itself (nothing to dispose); copy, since the CPU backend hands out its own buffer.
    return { name: layer.name, kernel: Float32Array.from(await kernel.read().data()), size: [kh, kw, cin, cout] };
  }
  return null;
}

/**
 * Counts of `idx` (int32 values in [0, bins)) per bin, as float32, on the device. WebGL's Bincount reads its
 * input back synchronously and counts on the CPU, so there (and when asked) a one-hot sum in bounded slices
 * is used; the CPU, WASM and WebGPU backends count with Bincount.
 */
export function deviceBinCounts(idx: tf.Tensor1D, bins: number, via: 'bincount' | 'oneHot' = tf.getBackend() === 'webgl' ? 'oneHot' : 'bincount'): tf.Tensor1D {
  return tf.tidy(() => {
    if (via === 'bincount') return tf.bincount(idx, tf.tensor1d([], 'float32'), bins);
    // About 4M one-hot entries at a time, so a large kernel does not need size × bins memory at once.
    const slice = Math.max(1, Math.floor(4_194_304 / bins));
    let counts: tf.Tensor1D = tf.zeros([bins], 'int32');
    for (let start = 0; start < idx.size; start += slice) {
      const part = idx.slice(start, Math.min(slice, idx.size - start));
      counts = counts.add(tf.oneHot(part, bins).sum(0));
    }
    return counts.toFloat();
  });
}

export interface WeightHistogram {
  /** Layer name, e.g. "dense_1" or "residual_1_conv_a". */
  layer: string;
  /** Weight name within the layer: "kernel", "recurrent_kernel". */
  weight: string;
  /** bins + 1 bin edges, evenly from min to max. */
  edges: number[];
  counts: number[];
  min: number;
  max: number;
  mean: number;
  std: number;
}

/**
 * A histogram of every trainable kernel (weights whose name contains "kernel", so biases, batch-norm
 * parameters and statistics are left out), computed on the device and read back in one transfer for all.
 * Bin k holds min + k·(max − min)/bins ≤ w < the next edge; the last bin includes max. A constant kernel
 * (max = min) puts every value in bin 0. Non-finite weights give meaningless (but well-formed) counts.
 */
export async function weightHistograms(model: tf.LayersModel, bins = 30): Promise<WeightHistogram[]> {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a whole number of at least 1 (got ${bins}).`);
  const kernels = model.layers.flatMap((layer) =>
    layer.trainableWeights
      .filter((w) => w.originalName.includes('kernel') && w.shape.every((d) => d !== null && d > 0))
      .map((w) => ({ layer: layer.name, weight: w.originalName.split('/').pop() ?? w.originalName, variable: w })),
  );
  if (kernels.length === 0) return [];
  // One row per kernel: [min, max, mean, std, counts…].
  const rows = tf.tidy(() =>
    tf.stack(
      kernels.map(({ variable }) => {
        const w = variable.read().reshape([-1]);
        const min = w.min();
        const max = w.max();
        const { mean, variance } = tf.moments(w);
        const range = max.sub(min);
        const safeRange = tf.where(range.greater(0), range, tf.onesLike(range));
        const scaled = w.sub(min).div(safeRange).mul(bins).floor();
        // Clip after the cast as well: a NaN weight casts to an arbitrary integer on the GPU.
        const idx = scaled.clipByValue(0, bins - 1).toInt().clipByValue(0, bins - 1) as tf.Tensor1D;
        return tf.concat([tf.stack([min, max, mean, variance.sqrt()]), deviceBinCounts(idx, bins)]);
      }),
    ),
  );
  let values: Float32Array;
  try {
    values = (await rows.data()) as Float32Array;
  } finally {
    rows.dispose();
  }
  const width = 4 + bins;
  return kernels.map(({ layer, weight }, i) => {
    const row = values.subarray(i * width, (i + 1) * width);
    const [min, max, mean, std] = row;
    const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? max : min + ((max - min) * k) / bins));
    return { layer, weight, edges, counts: Array.from(row.subarray(4)), min, max, mean, std };
  });
}
