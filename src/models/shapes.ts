import type { LayerSpec } from './spec';

/** Output shape without the batch dimension, e.g. [26, 26, 32] or [128]. */
export type Shape = readonly number[];

export interface LayerInfo {
  index: number;
  /** Display name, e.g. "conv2d_1". */
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
  valid: boolean;
}

function convOut(size: number, kernel: number, stride: number, padding: 'valid' | 'same'): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}

/** Infers each layer's output shape and parameter count without tfjs (Keras's own arithmetic), marking impossible layers. */
export function inferShapes(layers: readonly LayerSpec[], inputShape: Shape): ModelSummary {
  const counters = new Map<string, number>();
  let shape: Shape = inputShape;
  let valid = true;
  const infos: LayerInfo[] = layers.map((layer, index) => {
    const n = (counters.get(layer.type) ?? 0) + 1;
    counters.set(layer.type, n);
    const name = `${layer.type.toLowerCase()}_${n}`;
    let out: Shape = shape;
    let params = 0;
    let error: string | undefined;
    switch (layer.type) {
      case 'flatten':
        // tfjs (unlike Keras) refuses to flatten an input that is already flat.
        if (shape.length < 2) error = `Flatten needs an input with two or more dimensions but gets ${fmt(shape)}, which is already flat; remove it.`;
        out = [shape.reduce((a, b) => a * b, 1)];
        break;
      case 'dense':
        if (shape.length !== 1) error = `Dense needs a flat input but gets ${fmt(shape)}; add a Flatten before it.`;
        out = [layer.units];
        params = shape[shape.length - 1] * layer.units + layer.units;
        break;
      case 'dropout':
        break;
      case 'conv2d': {
        if (shape.length !== 3) {
          error = `Conv2D needs a height × width × channels input but gets ${fmt(shape)}.`;
          out = shape;
          break;
        }
        const [h, w, c] = shape;
        const oh = convOut(h, layer.kernelSize, layer.strides, layer.padding);
        const ow = convOut(w, layer.kernelSize, layer.strides, layer.padding);
        if (oh < 1 || ow < 1) error = `a ${layer.kernelSize}×${layer.kernelSize} kernel does not fit a ${h}×${w} input.`;
        out = [Math.max(oh, 0), Math.max(ow, 0), layer.filters];
        params = layer.kernelSize * layer.kernelSize * c * layer.filters + layer.filters;
        break;
      }
      case 'maxPool2d': {
        if (shape.length !== 3) {
          error = `MaxPool2D needs a height × width × channels input but gets ${fmt(shape)}.`;
          break;
        }
        const [h, w, c] = shape;
        const oh = convOut(h, layer.poolSize, layer.strides, 'valid');
        const ow = convOut(w, layer.poolSize, layer.strides, 'valid');
        if (oh < 1 || ow < 1) error = `a ${layer.poolSize}×${layer.poolSize} pool shrinks a ${h}×${w} input below 1×1.`;
        out = [Math.max(oh, 0), Math.max(ow, 0), c];
        break;
      }
    }
    if (error) valid = false;
    shape = out;
    return { index, name, type: layer.type, outputShape: out, params, ...(error ? { error } : {}) };
  });
  return { inputShape, layers: infos, totalParams: infos.reduce((s, l) => s + l.params, 0), valid };
}

export function fmt(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}
