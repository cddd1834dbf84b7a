import { inferShapes, sequenceOf, type Shape } from './shapes';
import type { LayerSpec, LayerType } from './spec';
import { groupDigits } from '../core/numberFormat';

/** Keras's class name for each layer type (the names the Keras script writes too). */
const KERAS_CLASS: Record<LayerType, string> = {
  dense: 'Dense',
  conv2d: 'Conv2D',
  maxPool2d: 'MaxPooling2D',
  avgPool2d: 'AveragePooling2D',
  globalAvgPool2d: 'GlobalAveragePooling2D',
  dropout: 'Dropout',
  batchNorm: 'BatchNormalization',
  flatten: 'Flatten',
  reshape: 'Reshape',
  activation: 'Activation',
  residual: 'Residual block',
  lstm: 'LSTM',
  gru: 'GRU',
  patchEmbed: 'PatchEmbed',
  transformerBlock: 'TransformerBlock',
  tokenPool: 'TokenPool',
};

export interface KerasSummaryRow {
  name: string;
  kind: string;
  outputShape: Shape;
  params: number;
}

export interface KerasSummary {
  rows: KerasSummaryRow[];
  total: number;
  trainable: number;
  nonTrainable: number;
  /** The summary as Keras's `model.summary()` prints it. */
  text: string;
}

/** Parameters that training does not change: batch norm's moving mean and variance (two per channel). */
function nonTrainableOf(layer: LayerSpec, input: Shape): number {
  if (layer.type === 'batchNorm') return 2 * input[input.length - 1];
  // A residual block has two batch norms over its filters.
  if (layer.type === 'residual') return 2 * 2 * layer.filters;
  return 0;
}

const WIDTHS = [29, 26, 10] as const;
const cell = (text: string, width: number) => (text.length >= width ? `${text} ` : text.padEnd(width));
const kerasShape = (shape: Shape) => `(None, ${shape.join(', ')})`;

/**
 * A Keras-style text summary (`model.summary()`) of a sequential spec on an input shape: one row per layer with its
 * output shape and parameter count, then Total / Trainable / Non-trainable params. Recurrent layers fed an image
 * get the "<name>_rows" Reshape that buildModel and the Keras script insert. Pure: from inferShapes' arithmetic.
 */
export function kerasSummary(layers: readonly LayerSpec[], inputShape: Shape, modelName = 'sequential'): KerasSummary {
  const summary = inferShapes(layers, inputShape);
  const rows: KerasSummaryRow[] = [];
  let nonTrainable = 0;
  let input: Shape = inputShape;
  summary.layers.forEach((info, i) => {
    const layer = layers[i];
    if ((layer.type === 'lstm' || layer.type === 'gru') && input.length === 3) {
      const seq = sequenceOf(input)!;
      rows.push({ name: `${info.name}_rows`, kind: 'Reshape', outputShape: seq, params: 0 });
    }
    rows.push({ name: info.name, kind: KERAS_CLASS[layer.type], outputShape: info.outputShape, params: info.params });
    nonTrainable += nonTrainableOf(layer, input);
    input = info.outputShape;
  });
  const total = summary.totalParams;
  const trainable = total - nonTrainable;
  const rule = (ch: string) => ch.repeat(WIDTHS[0] + WIDTHS[1] + WIDTHS[2]);
  const line = (a: string, b: string, c: string) => ` ${cell(a, WIDTHS[0] - 1)}${cell(b, WIDTHS[1])}${c}`.trimEnd();
  const text = [
    `Model: "${modelName}"`,
    rule('_'),
    line('Layer (type)', 'Output Shape', 'Param #'),
    rule('='),
    ...rows.map((r) => line(`${r.name} (${r.kind})`, kerasShape(r.outputShape), String(r.params))),
    rule('='),
    `Total params: ${groupDigits(total)}`,
    `Trainable params: ${groupDigits(trainable)}`,
    `Non-trainable params: ${groupDigits(nonTrainable)}`,
    rule('_'),
  ].join('\n');
  return { rows, total, trainable, nonTrainable, text };
}
