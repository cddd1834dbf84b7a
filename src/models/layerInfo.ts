import { ACTIVATIONS, TOKEN_POOL_MODES, type LayerSpec, type LayerType } from './spec';

/** One editable field of a layer, with the limits the editor (and clampLayer) keep it in. */
export interface ParamDef {
  key: string;
  label: string;
  kind: 'int' | 'float' | 'select' | 'bool' | 'shape';
  min?: number;
  max?: number;
  step?: number;
  options?: readonly string[];
}

type SpecOf<T extends LayerType> = Extract<LayerSpec, { type: T }>;

export interface LayerKindInfo<T extends LayerType = LayerType> {
  label: string;
  description: string;
  defaults: SpecOf<T>;
  params: ParamDef[];
}

const PADDINGS = ['valid', 'same'] as const;

const units: ParamDef = { key: 'units', label: 'Units', kind: 'int', min: 1, max: 4096, step: 1 };
const activation: ParamDef = { key: 'activation', label: 'Activation', kind: 'select', options: ACTIVATIONS };
const filters: ParamDef = { key: 'filters', label: 'Filters', kind: 'int', min: 1, max: 512, step: 1 };
const kernelSize: ParamDef = { key: 'kernelSize', label: 'Kernel', kind: 'int', min: 1, max: 11, step: 1 };
const strides: ParamDef = { key: 'strides', label: 'Stride', kind: 'int', min: 1, max: 4, step: 1 };
const padding: ParamDef = { key: 'padding', label: 'Padding', kind: 'select', options: PADDINGS };
const poolSize: ParamDef = { key: 'poolSize', label: 'Pool', kind: 'int', min: 1, max: 8, step: 1 };
const returnSequences: ParamDef = { key: 'returnSequences', label: 'Return sequences', kind: 'bool' };
/** Limits for each entry of a Reshape's target shape. */
const targetShape: ParamDef = { key: 'targetShape', label: 'Target shape', kind: 'shape', min: 1, max: 4096, step: 1 };
const pooling = [poolSize, strides, padding];

/** What the layer editor shows and allows for each kind of layer. */
export const LAYER_INFO: { readonly [T in LayerType]: LayerKindInfo<T> } = {
  dense: {
    label: 'Dense',
    description: 'Every output unit sees every input value: weights × input + bias, then the activation. Needs a flat input.',
    defaults: { type: 'dense', units: 64, activation: 'relu' },
    params: [units, activation],
  },
  conv2d: {
    label: 'Conv2D',
    description: 'Slides small learned filters over the image; each filter makes one output channel. "same" padding keeps the size.',
    defaults: { type: 'conv2d', filters: 32, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' },
    params: [filters, kernelSize, strides, padding, activation],
  },
  maxPool2d: {
    label: 'MaxPool2D',
    description: 'Keeps the largest value of each pool window, shrinking the image; no weights.',
    defaults: { type: 'maxPool2d', poolSize: 2, strides: 2, padding: 'valid' },
    params: pooling,
  },
  avgPool2d: {
    label: 'AvgPool2D',
    description: 'Averages each pool window, shrinking the image; no weights.',
    defaults: { type: 'avgPool2d', poolSize: 2, strides: 2, padding: 'valid' },
    params: pooling,
  },
  globalAvgPool2d: {
    label: 'GlobalAvgPool2D',
    description: 'Averages each channel over the whole image: [h, w, c] becomes [c]. A light alternative to Flatten.',
    defaults: { type: 'globalAvgPool2d' },
    params: [],
  },
  dropout: {
    label: 'Dropout',
    description: 'While training, zeroes a random fraction of values (a fresh, seeded draw each batch) to fight overfitting.',
    defaults: { type: 'dropout', rate: 0.2 },
    params: [{ key: 'rate', label: 'Rate', kind: 'float', min: 0, max: 0.9, step: 0.05 }],
  },
  batchNorm: {
    label: 'BatchNorm',
    description: 'Normalises each channel to zero mean and unit variance over the batch, then scales and shifts it.',
    defaults: { type: 'batchNorm' },
    params: [],
  },
  flatten: {
    label: 'Flatten',
    description: 'Unrolls an image [h, w, c] into a flat vector of h·w·c values, as Dense layers need.',
    defaults: { type: 'flatten' },
    params: [],
  },
  reshape: {
    label: 'Reshape',
    description: 'Rearranges the values into a new shape with the same number of values.',
    defaults: { type: 'reshape', targetShape: [28, 28] },
    params: [targetShape],
  },
  activation: {
    label: 'Activation',
    description: 'Applies a function to each value, e.g. relu cuts negatives to 0.',
    defaults: { type: 'activation', activation: 'relu' },
    params: [activation],
  },
  residual: {
    label: 'Residual block',
    description: 'Two same-size convolutions with batch norm, added back to the block\'s input (ResNet): deep nets train more easily.',
    defaults: { type: 'residual', filters: 32, kernelSize: 3, activation: 'relu' },
    params: [filters, kernelSize, activation],
  },
  lstm: {
    label: 'LSTM',
    description: 'A recurrent layer with gated memory; reads an image row by row as a sequence.',
    defaults: { type: 'lstm', units: 64, returnSequences: false },
    params: [units, returnSequences],
  },
  gru: {
    label: 'GRU',
    description: 'A lighter gated recurrent layer (3 gates to the LSTM\'s 4); reads an image row by row.',
    defaults: { type: 'gru', units: 64, returnSequences: false },
    params: [units, returnSequences],
  },
  patchEmbed: {
    label: 'Patch embedding',
    description: 'Cuts the image into square patches (the size must divide height and width), maps each to a token of Dim values, puts a learned class token first and adds a learned position to each: the start of a Vision Transformer.',
    defaults: { type: 'patchEmbed', patchSize: 7, dim: 64 },
    params: [
      { key: 'patchSize', label: 'Patch size', kind: 'int', min: 1, max: 64, step: 1 },
      { key: 'dim', label: 'Dim', kind: 'int', min: 1, max: 1024, step: 1 },
    ],
  },
  transformerBlock: {
    label: 'Transformer block',
    description: 'Pre-norm encoder block: layer norm → multi-head self-attention (every token looks at every other) → added back, then layer norm → MLP (gelu) → added back. Heads must divide the token width.',
    defaults: { type: 'transformerBlock', heads: 4, mlpDim: 128 },
    params: [
      { key: 'heads', label: 'Heads', kind: 'int', min: 1, max: 64, step: 1 },
      { key: 'mlpDim', label: 'MLP width', kind: 'int', min: 1, max: 4096, step: 1 },
    ],
  },
  tokenPool: {
    label: 'Token pool',
    description: 'Ends a transformer: a final layer norm, then one vector per image, the class token ("cls") or the mean of all tokens ("mean"), for a Dense head.',
    defaults: { type: 'tokenPool', mode: 'cls' },
    params: [{ key: 'mode', label: 'Pool', kind: 'select', options: TOKEN_POOL_MODES }],
  },
};

/** Layer kinds grouped for the "add layer" menu. */
export const LAYER_GROUPS: readonly { label: string; types: readonly LayerType[] }[] = [
  { label: 'Core', types: ['dense', 'activation', 'flatten', 'reshape'] },
  { label: 'Convolution', types: ['conv2d', 'maxPool2d', 'avgPool2d', 'globalAvgPool2d', 'residual'] },
  { label: 'Recurrent', types: ['lstm', 'gru'] },
  { label: 'Transformer', types: ['patchEmbed', 'transformerBlock', 'tokenPool'] },
  { label: 'Regularisation', types: ['dropout', 'batchNorm'] },
];

/** A fresh copy of a kind's default layer (safe to edit: no shared arrays). */
export function defaultLayer<T extends LayerType>(type: T): SpecOf<T> {
  return structuredClone(LAYER_INFO[type].defaults) as SpecOf<T>;
}

function clampNumber(value: unknown, def: ParamDef, fallback: number): number {
  const v = typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  const rounded = def.kind === 'int' || def.kind === 'shape' ? Math.round(v) : v;
  return Math.min(def.max ?? Infinity, Math.max(def.min ?? -Infinity, rounded));
}

function clampValue(value: unknown, def: ParamDef, fallback: unknown): unknown {
  switch (def.kind) {
    case 'int':
    case 'float':
      return clampNumber(value, def, fallback as number);
    case 'select':
      return typeof value === 'string' && def.options?.includes(value) ? value : fallback;
    case 'bool':
      return typeof value === 'boolean' ? value : fallback;
    case 'shape': {
      const dims = Array.isArray(value) && value.length > 0 ? value : (fallback as number[]);
      return dims.map((d) => clampNumber(d, def, 1));
    }
  }
}

/** Brings every parameter into its editor limits (whole numbers where needed); unknown options fall back to the defaults. */
export function clampLayer(layer: LayerSpec): LayerSpec {
  const info = LAYER_INFO[layer.type] as LayerKindInfo;
  // Indexed by ParamDef.key, which names a field of this layer kind; the table above keeps keys and kinds in step.
  const source = layer as unknown as Record<string, unknown>;
  const defaults = info.defaults as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { ...source };
  for (const def of info.params) out[def.key] = clampValue(source[def.key], def, defaults[def.key]);
  return out as unknown as LayerSpec;
}
