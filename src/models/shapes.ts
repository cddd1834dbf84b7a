import type { Task } from '../core/types';
import type { Activation, LayerSpec, LayerType, Padding } from './spec';

/** Output shape without the batch dimension, e.g. [26, 26, 32] or [128]. */
export type Shape = readonly number[];

export interface LayerInfo {
  index: number;
  /** Display name, e.g. "conv2d_1"; buildModel gives the tfjs layer (for residual: the block's output layer) this name. */
  name: string;
  type: LayerSpec['type'];
  outputShape: Shape;
  params: number;
  /** Why this layer cannot be built with its input, in plain words; absent when fine. */
  error?: string;
}

export interface ModelSummary {
  inputShape: Shape;
  layers: LayerInfo[];
  totalParams: number;
  /** No layer has an error and (when a target was given) the output fits the task. */
  valid: boolean;
  /** Why the model's output does not fit the task, in plain words with the fix; absent when it fits or no target was given. */
  outputError?: string;
}

/** What the model's output must fit: the task and, for classification, the number of classes. */
export interface OutputTarget {
  task: Task;
  numClasses: number;
}

interface Step {
  out: Shape;
  params: number;
  error?: string;
}

/** Names used in error messages, as tfjs/Keras call the layers. */
const KIND: Record<LayerType, string> = {
  dense: 'Dense',
  conv2d: 'Conv2D',
  maxPool2d: 'MaxPool2D',
  avgPool2d: 'AvgPool2D',
  globalAvgPool2d: 'GlobalAvgPool2D',
  dropout: 'Dropout',
  batchNorm: 'BatchNorm',
  flatten: 'Flatten',
  reshape: 'Reshape',
  activation: 'Activation',
  residual: 'Residual',
  lstm: 'LSTM',
  gru: 'GRU',
  patchEmbed: 'PatchEmbed',
  transformerBlock: 'TransformerBlock',
  tokenPool: 'TokenPool',
};

export function fmt(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

const size = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

/** tfjs's convOutputLength (no dilation): used by convolutions and pools alike. */
export function convOut(length: number, kernel: number, stride: number, padding: Padding): number {
  const span = padding === 'same' ? length : length - kernel + 1;
  return Math.floor((span + stride - 1) / stride);
}

/** Per-type display names in spec order: "conv2d_1", "dense_2", … (buildModel names the tfjs layers the same way). */
export function layerNames(layers: readonly LayerSpec[]): string[] {
  const counters = new Map<string, number>();
  return layers.map((l) => {
    const n = (counters.get(l.type) ?? 0) + 1;
    counters.set(l.type, n);
    return `${l.type.toLowerCase()}_${n}`;
  });
}

/**
 * The [steps, features] sequence a recurrent layer reads: an image [h, w, c] row by row as h steps of w·c
 * features, a [steps, features] input as is; null when the input is no sequence.
 */
export function sequenceOf(shape: Shape): [number, number] | null {
  if (shape.length === 3) return [shape[0], shape[1] * shape[2]];
  if (shape.length === 2) return [shape[0], shape[1]];
  return null;
}

/** Residual block parameters; its convolutions feed batch norm, so they carry no bias (BN's beta replaces it). */
export function residualParams(channels: number, filters: number, kernel: number): number {
  const bn = 4 * filters; // gamma, beta, moving mean, moving variance: tfjs counts all four
  const convA = kernel * kernel * channels * filters;
  const convB = kernel * kernel * filters * filters;
  const projection = channels === filters ? 0 : channels * filters + filters;
  return convA + bn + convB + bn + projection;
}

/** Divisors of n up to n/2, for suggesting a patch size. */
function divisors(n: number): number[] {
  const out: number[] = [];
  for (let d = 2; d <= n / 2; d++) if (n % d === 0) out.push(d);
  return out;
}

/** Patch embedding parameters: the p×p×c → dim patch kernel and bias, the class token, one position vector per token. */
export function patchEmbedParams(channels: number, patchSize: number, dim: number, tokens: number): number {
  return patchSize * patchSize * channels * dim + dim + dim + tokens * dim;
}

/** Transformer block parameters: q, k, v, output projections (kernel + bias), two layer norms, the two-layer MLP. */
export function transformerBlockParams(dim: number, mlpDim: number): number {
  return 4 * (dim * dim + dim) + 4 * dim + dim * mlpDim + mlpDim + mlpDim * dim + dim;
}

/** Why a patch size cannot cut this image into whole patches, with sizes that would; undefined when it can. */
export function patchSizeProblem(h: number, w: number, p: number): string | undefined {
  if (h % p === 0 && w % p === 0) return undefined;
  const fits = divisors(h).filter((d) => w % d === 0);
  const hint = fits.length > 0 ? `use one that divides both, e.g. ${fits.join(', ')}` : 'resize the input or add a Reshape';
  return `Patch size ${p} does not divide the ${h}×${w} input into whole patches; ${hint}.`;
}

/** Gates per recurrent cell: tfjs 4.22 LSTM has 4, its GRU 3 (no reset_after variant, so one bias per gate). */
export const GATES = { lstm: 4, gru: 3 } as const;

function whole(layer: LayerSpec, key: string, value: number): string | undefined {
  return Number.isInteger(value) && value >= 1 ? undefined : `${KIND[layer.type]} ${key} must be a whole number of at least 1 (got ${value}).`;
}

function badNumbers(layer: LayerSpec): string | undefined {
  switch (layer.type) {
    case 'dense':
    case 'lstm':
    case 'gru':
      return whole(layer, 'units', layer.units);
    case 'conv2d':
      return whole(layer, 'filters', layer.filters) ?? whole(layer, 'kernel size', layer.kernelSize) ?? whole(layer, 'strides', layer.strides);
    case 'maxPool2d':
    case 'avgPool2d':
      return whole(layer, 'pool size', layer.poolSize) ?? whole(layer, 'strides', layer.strides);
    case 'residual':
      return whole(layer, 'filters', layer.filters) ?? whole(layer, 'kernel size', layer.kernelSize);
    case 'patchEmbed':
      return whole(layer, 'patch size', layer.patchSize) ?? whole(layer, 'dim', layer.dim);
    case 'transformerBlock':
      return whole(layer, 'heads', layer.heads) ?? whole(layer, 'MLP width', layer.mlpDim);
    case 'dropout':
      return layer.rate >= 0 && layer.rate < 1 ? undefined : `Dropout rate must be at least 0 and below 1 (got ${layer.rate}).`;
    case 'reshape':
      if (layer.targetShape.length === 0) return 'Reshape needs at least one dimension.';
      return layer.targetShape.every((d) => Number.isInteger(d) && d >= 1) ? undefined : `Reshape sizes must be whole numbers of at least 1 (got ${fmt(layer.targetShape)}).`;
    default:
      return undefined;
  }
}

function needsImage(layer: LayerSpec, shape: Shape): string {
  const fix = shape.length === 2 ? `add a Reshape to [${shape[0]}, ${shape[1]}, 1] before it` : 'it cannot follow a flat layer; move it before Flatten/Dense or add a Reshape to [h, w, c]';
  return `${KIND[layer.type]} needs a height × width × channels input but gets ${fmt(shape)}; ${fix}.`;
}

/** One layer's output shape and parameter count, as tfjs builds it, or why it cannot be built (with a best guess at the shape). */
function step(layer: LayerSpec, shape: Shape): Step {
  switch (layer.type) {
    case 'dense': {
      const error = shape.length === 1 ? undefined : `Dense needs a flat input but gets ${fmt(shape)}; add a Flatten before it.`;
      // When not flat, count what it would have after the suggested Flatten.
      return { out: [layer.units], params: size(shape) * layer.units + layer.units, error };
    }
    case 'conv2d':
    case 'residual': {
      if (shape.length !== 3) return { out: shape, params: 0, error: needsImage(layer, shape) };
      const [h, w, c] = shape;
      if (layer.type === 'residual') return { out: [h, w, layer.filters], params: residualParams(c, layer.filters, layer.kernelSize) };
      const k = layer.kernelSize;
      const oh = convOut(h, k, layer.strides, layer.padding);
      const ow = convOut(w, k, layer.strides, layer.padding);
      const error = oh < 1 || ow < 1 ? `A ${k}×${k} kernel does not fit a ${h}×${w} input; use padding 'same' or a smaller kernel.` : undefined;
      return { out: [Math.max(oh, 0), Math.max(ow, 0), layer.filters], params: k * k * c * layer.filters + layer.filters, error };
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      if (shape.length !== 3) return { out: shape, params: 0, error: needsImage(layer, shape) };
      const [h, w, c] = shape;
      const p = layer.poolSize;
      const oh = convOut(h, p, layer.strides, layer.padding);
      const ow = convOut(w, p, layer.strides, layer.padding);
      const error = oh < 1 || ow < 1 ? `A ${p}×${p} pool shrinks a ${h}×${w} input below 1×1; use a smaller pool or padding 'same'.` : undefined;
      return { out: [Math.max(oh, 0), Math.max(ow, 0), c], params: 0, error };
    }
    case 'globalAvgPool2d':
      if (shape.length !== 3) return { out: shape, params: 0, error: needsImage(layer, shape) };
      return { out: [shape[2]], params: 0 };
    case 'flatten': {
      // tfjs (unlike Keras) refuses to flatten an input that is already flat.
      const error = shape.length < 2 ? `Flatten needs an input with two or more dimensions but gets ${fmt(shape)}, which is already flat; remove it.` : undefined;
      return { out: [size(shape)], params: 0, error };
    }
    case 'reshape': {
      const want = size(layer.targetShape);
      const error = want === size(shape) ? undefined : `Reshape to ${fmt(layer.targetShape)} needs ${want} values but gets ${size(shape)}.`;
      return { out: [...layer.targetShape], params: 0, error };
    }
    case 'batchNorm':
      return { out: shape, params: 4 * shape[shape.length - 1] };
    case 'patchEmbed': {
      if (shape.length !== 3) return { out: [1, layer.dim], params: 0, error: needsImage(layer, shape) };
      const [h, w, c] = shape;
      const p = layer.patchSize;
      const tokens = 1 + Math.floor(h / p) * Math.floor(w / p);
      return { out: [tokens, layer.dim], params: patchEmbedParams(c, p, layer.dim, tokens), error: patchSizeProblem(h, w, p) };
    }
    case 'transformerBlock': {
      if (shape.length !== 2) {
        return { out: shape, params: 0, error: `TransformerBlock needs tokens [count, width] but gets ${fmt(shape)}; put a Patch embedding before it.` };
      }
      const d = shape[1];
      const error = d % layer.heads === 0 ? undefined : `${layer.heads} heads do not divide the token width ${d}; use a head count that divides ${d}, or change the patch embedding's dim.`;
      return { out: shape, params: transformerBlockParams(d, layer.mlpDim), error };
    }
    case 'tokenPool': {
      if (shape.length !== 2) return { out: [shape[shape.length - 1]], params: 0, error: `TokenPool needs tokens [count, width] but gets ${fmt(shape)}; put it after a Patch embedding or Transformer block.` };
      return { out: [shape[1]], params: 2 * shape[1] };
    }
    case 'dropout':
    case 'activation':
      return { out: shape, params: 0 };
    case 'lstm':
    case 'gru': {
      const seq = sequenceOf(shape);
      const u = layer.units;
      if (!seq) {
        const error =
          shape.length < 2
            ? `${KIND[layer.type]} after a flat ${fmt(shape)} input: it needs a sequence [steps, features]; move it before Flatten/Dense or add a Reshape.`
            : `${KIND[layer.type]} needs a [steps, features] sequence or a [h, w, c] image but gets ${fmt(shape)}.`;
        return { out: [u], params: 0, error };
      }
      const [steps, features] = seq;
      return { out: layer.returnSequences ? [steps, u] : [u], params: GATES[layer.type] * (u * (features + u) + u) };
    }
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 'es'}`;

/** The fix to suggest: the output layer the task needs. */
function headFor(target: OutputTarget): string {
  return target.task === 'classification' ? `Dense(${target.numClasses}, softmax)` : 'Dense(1, linear)';
}

/**
 * Why a model output of this per-example shape cannot be trained on the target, or undefined when its size fits.
 * The shape is all the training engine knows of the model (losses.ts checks every batch with it); outputProblem
 * adds what the spec tells (the last layer's activation).
 */
export function outputSizeProblem(out: Shape, target: OutputTarget): string | undefined {
  const head = headFor(target);
  if (out.length !== 1) {
    const what = target.task === 'classification' ? 'one value per class' : 'one number per example';
    return `The model's output is ${fmt(out)}, not ${what}: add a Flatten and a ${head} output.`;
  }
  const [units] = out;
  if (target.task === 'classification') {
    if (units === target.numClasses) return undefined;
    return `The last layer gives ${units} value${units === 1 ? '' : 's'} but the data has ${plural(target.numClasses, 'class')}: add a ${head} output.`;
  }
  if (units === 1) return undefined;
  return `The last layer gives ${units} values but a regression predicts one number: add a ${head} output.`;
}

/**
 * The activation that shapes the model's output: the last layer that sets one, looking back past layers that only
 * move or drop values (dropout, flatten, reshape). Pooling and batch norm change the values, so what comes out is
 * no longer that activation ('linear'); a recurrent layer's output is tanh; no layer at all is the raw input.
 */
export function outputActivation(layers: readonly LayerSpec[]): Activation {
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i];
    switch (l.type) {
      case 'dropout':
      case 'flatten':
      case 'reshape':
        continue;
      case 'dense':
      case 'conv2d':
      case 'residual':
      case 'activation':
        return l.activation;
      case 'lstm':
      case 'gru':
        return 'tanh';
      default:
        return 'linear';
    }
  }
  return 'linear';
}

/**
 * Why the model's output cannot be trained on the task, with the fix, or undefined when it fits: classification
 * needs numClasses probabilities (a softmax over numClasses units; the cross-entropy reads them as probabilities),
 * regression exactly one number (a softmax over one unit is always 1, so it cannot learn anything).
 */
export function outputProblem(layers: readonly LayerSpec[], out: Shape, target: OutputTarget): string | undefined {
  if (layers.length === 0) return `The model has no layers: add a ${headFor(target)} output.`;
  const size = outputSizeProblem(out, target);
  if (size) return size;
  const activation = outputActivation(layers);
  if (target.task === 'classification' && activation !== 'softmax') {
    return `The last layer gives ${plural(target.numClasses, 'class')} of scores with a ${activation} activation, but classification needs probabilities: make the output softmax, e.g. ${headFor(target)}.`;
  }
  if (target.task === 'regression' && activation === 'softmax') {
    return `The output is a softmax over one value, which is always 1, so the model cannot learn: use a ${headFor(target)} output.`;
  }
  return undefined;
}

/**
 * Infers each layer's output shape and parameter count without tfjs (tfjs's own arithmetic), marking impossible layers.
 * With a target (the loaded data's task and class count) the output is checked against it too (outputError).
 */
export function inferShapes(layers: readonly LayerSpec[], inputShape: Shape, target?: OutputTarget): ModelSummary {
  const names = layerNames(layers);
  let shape: Shape = inputShape;
  const infos: LayerInfo[] = layers.map((layer, index) => {
    const bad = badNumbers(layer);
    const { out, params, error } = step(layer, shape);
    // A shape containing 0 (after an impossible conv/pool) keeps flowing so that later rows still show something.
    shape = out;
    const why = bad ?? error;
    return { index, name: names[index], type: layer.type, outputShape: out, params: Number.isFinite(params) ? params : 0, ...(why ? { error: why } : {}) };
  });
  const layersValid = infos.every((l) => !l.error);
  // The output is judged only once every layer builds: a broken layer's guessed shape would give a second, wrong message.
  const outputError = target && layersValid ? outputProblem(layers, shape, target) : undefined;
  return {
    inputShape,
    layers: infos,
    totalParams: infos.reduce((s, l) => s + l.params, 0),
    valid: layersValid && !outputError,
    ...(outputError ? { outputError } : {}),
  };
}
