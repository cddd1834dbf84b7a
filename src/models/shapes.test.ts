import { describe, expect, it } from 'vitest';
import { MNIST_CONTEXT, presetsFor, specFromPreset, type DataContext } from './presets';
import { inferShapes, type Shape } from './shapes';
import type { LayerSpec } from './spec';

const conv = (filters: number, kernelSize: number, padding: 'valid' | 'same' = 'valid', strides = 1): LayerSpec => ({
  type: 'conv2d',
  filters,
  kernelSize,
  strides,
  padding,
  activation: 'relu',
});

/** The single layer's inferred info. */
const one = (layer: LayerSpec, input: Shape) => inferShapes([layer], input).layers[0];

describe('inferShapes', () => {
  it('computes shapes and parameters by hand-checked arithmetic', () => {
    expect(one(conv(32, 3), [28, 28, 1])).toMatchObject({ outputShape: [26, 26, 32], params: 320 });
    expect(one(conv(4, 3, 'same', 2), [7, 7, 3])).toMatchObject({ outputShape: [4, 4, 4], params: 112 });
    expect(one({ type: 'maxPool2d', poolSize: 3, strides: 2, padding: 'valid' }, [7, 7, 2]).outputShape).toEqual([3, 3, 2]);
    expect(one({ type: 'avgPool2d', poolSize: 3, strides: 2, padding: 'same' }, [7, 7, 2]).outputShape).toEqual([4, 4, 2]);
    expect(one({ type: 'globalAvgPool2d' }, [5, 5, 3]).outputShape).toEqual([3]);
    expect(one({ type: 'batchNorm' }, [4, 4, 3]).params).toBe(12);
    expect(one({ type: 'reshape', targetShape: [28, 28] }, [784]).outputShape).toEqual([28, 28]);
    // 3·3·3·4 + 4·4 + 3·3·4·4 + 4·4 + (3·4 + 4) projection
    expect(one({ type: 'residual', filters: 4, kernelSize: 3, activation: 'relu' }, [8, 8, 3])).toMatchObject({ outputShape: [8, 8, 4], params: 300 });
    expect(one({ type: 'residual', filters: 4, kernelSize: 3, activation: 'relu' }, [8, 8, 4]).params).toBe(320);
    // An image [28, 28, 1] is 28 steps of 28 features: 4·(128·(28 + 128) + 128).
    expect(one({ type: 'lstm', units: 128, returnSequences: false }, [28, 28, 1])).toMatchObject({ outputShape: [128], params: 80_384 });
    expect(one({ type: 'gru', units: 128, returnSequences: true }, [28, 28, 1])).toMatchObject({ outputShape: [28, 128], params: 60_288 });
  });

  it('names layers with per-type counters', () => {
    const s = inferShapes([conv(8, 3), conv(8, 3), { type: 'maxPool2d', poolSize: 2, strides: 2, padding: 'valid' }, { type: 'residual', filters: 8, kernelSize: 3, activation: 'relu' }], [28, 28, 1]);
    expect(s.layers.map((l) => l.name)).toEqual(['conv2d_1', 'conv2d_2', 'maxpool2d_1', 'residual_1']);
  });

  it.each<[string, LayerSpec[], Shape, RegExp]>([
    ['a pool larger than its input', [{ type: 'maxPool2d', poolSize: 5, strides: 1, padding: 'valid' }], [3, 3, 8], /A 5×5 pool shrinks a 3×3 input below 1×1/],
    ['a kernel larger than its input', [conv(4, 5)], [3, 3, 1], /A 5×5 kernel does not fit a 3×3 input/],
    ['Dense on an image', [conv(32, 3), { type: 'dense', units: 10, activation: 'relu' }], [28, 28, 1], /Dense needs a flat input but gets \[26, 26, 32\]; add a Flatten before it/],
    ['a Reshape of the wrong size', [{ type: 'reshape', targetShape: [10, 10] }], [28, 28, 1], /Reshape to \[10, 10\] needs 100 values but gets 784/],
    ['an LSTM after a flat input', [{ type: 'flatten' }, { type: 'dense', units: 128, activation: 'relu' }, { type: 'lstm', units: 8, returnSequences: false }], [28, 28, 1], /LSTM after a flat \[128\] input: it needs a sequence/],
    ['a GRU after a 4-D input', [{ type: 'reshape', targetShape: [7, 4, 28, 1] }, { type: 'gru', units: 8, returnSequences: false }], [28, 28, 1], /GRU needs a \[steps, features\] sequence/],
    ['Conv2D on a flat input', [{ type: 'flatten' }, conv(4, 3)], [28, 28, 1], /Conv2D needs a height × width × channels input but gets \[784\]/],
    ['Conv2D on a 2-D input', [conv(4, 3)], [28, 28], /Reshape to \[28, 28, 1\]/],
    ['pooling a flat input', [{ type: 'avgPool2d', poolSize: 2, strides: 2, padding: 'same' }], [10], /AvgPool2D needs a height × width × channels input/],
    ['global pooling a flat input', [{ type: 'globalAvgPool2d' }], [10], /GlobalAvgPool2D needs a height × width × channels input/],
    ['a residual block on a flat input', [{ type: 'residual', filters: 4, kernelSize: 3, activation: 'relu' }], [10], /Residual needs a height × width × channels input/],
    ['flattening a flat input', [{ type: 'flatten' }], [10], /already flat/],
    ['zero units', [{ type: 'dense', units: 0, activation: 'relu' }], [10], /Dense units must be a whole number of at least 1 \(got 0\)/],
    ['a fractional kernel', [conv(4, 2.5)], [8, 8, 1], /Conv2D kernel size must be a whole number/],
    ['a dropout rate of 1', [{ type: 'dropout', rate: 1 }], [10], /Dropout rate must be at least 0 and below 1/],
    ['an empty Reshape', [{ type: 'reshape', targetShape: [] }], [10], /Reshape needs at least one dimension/],
  ])('explains %s', (_, layers, input, message) => {
    const s = inferShapes(layers, input);
    expect(s.valid).toBe(false);
    expect(s.layers.map((l) => l.error ?? '').join(' ')).toMatch(message);
  });

  it('keeps going after an error with a best-effort shape', () => {
    const s = inferShapes(
      [
        { type: 'dense', units: 16, activation: 'relu' },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
      [28, 28, 1],
    );
    expect(s.valid).toBe(false);
    expect(s.layers[0].error).toMatch(/Flatten/);
    expect(s.layers[1]).toMatchObject({ outputShape: [10], params: 170 });
    expect(s.layers[1].error).toBeUndefined();
    expect(s.totalParams).toBe(784 * 16 + 16 + 170);
  });

  it('accepts a valid stack', () => {
    const s = inferShapes([conv(8, 3), { type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax' }], [28, 28, 1]);
    expect(s.valid).toBe(true);
    expect(s.layers.every((l) => l.error === undefined)).toBe(true);
    expect(s.totalParams).toBe(80 + 26 * 26 * 8 * 10 + 10);
  });
});

describe('the output must fit the task (inferShapes with a target)', () => {
  const digits = { task: 'classification', numClasses: 10 } as const;
  const regression = { task: 'regression', numClasses: 0 } as const;
  const mlp: LayerSpec[] = [{ type: 'flatten' }, { type: 'dense', units: 128, activation: 'relu' }, { type: 'dropout', rate: 0.2 }, { type: 'dense', units: 10, activation: 'softmax' }];

  it('a model whose output layer was removed is refused, naming the sizes and the fix', () => {
    const s = inferShapes(mlp.slice(0, 3), [28, 28, 1], digits);
    expect(s.valid).toBe(false);
    expect(s.layers.every((l) => !l.error)).toBe(true);
    expect(s.outputError).toBe('The last layer gives 128 values but the data has 10 classes: add a Dense(10, softmax) output.');
  });

  it('the right output passes; without a target nothing about the output is checked', () => {
    expect(inferShapes(mlp, [28, 28, 1], digits)).toMatchObject({ valid: true });
    expect(inferShapes(mlp, [28, 28, 1], digits).outputError).toBeUndefined();
    expect(inferShapes(mlp.slice(0, 3), [28, 28, 1]).valid).toBe(true);
  });

  it('classification: wrong class count, a non-flat output, no softmax and no layers are refused', () => {
    const withHead = (head: LayerSpec[]) => inferShapes([{ type: 'flatten' }, ...head], [28, 28, 1], digits).outputError;
    expect(withHead([{ type: 'dense', units: 3, activation: 'softmax' }])).toMatch(/gives 3 values but the data has 10 classes: add a Dense\(10, softmax\) output/);
    expect(withHead([{ type: 'dense', units: 10, activation: 'relu' }])).toMatch(/relu activation, but classification needs probabilities: make the output softmax, e.g. Dense\(10, softmax\)/);
    // A separate softmax activation layer (and dropout after it) counts; batch norm after it does not.
    expect(withHead([{ type: 'dense', units: 10, activation: 'linear' }, { type: 'activation', activation: 'softmax' }, { type: 'dropout', rate: 0.1 }])).toBeUndefined();
    expect(withHead([{ type: 'dense', units: 10, activation: 'softmax' }, { type: 'batchNorm' }])).toMatch(/linear activation/);
    expect(inferShapes([conv(8, 3)], [28, 28, 1], digits).outputError).toBe("The model's output is [26, 26, 8], not one value per class: add a Flatten and a Dense(10, softmax) output.");
    expect(inferShapes([{ type: 'lstm', units: 16, returnSequences: true }], [28, 28, 1], digits).outputError).toMatch(/\[28, 16\], not one value per class/);
    expect(inferShapes([], [784], digits)).toMatchObject({ valid: false, outputError: 'The model has no layers: add a Dense(10, softmax) output.' });
    expect(inferShapes([{ type: 'dense', units: 2, activation: 'softmax' }], [4], { task: 'classification', numClasses: 1 }).outputError).toMatch(/the data has 1 class:/);
  });

  it('regression: exactly one number, and never a softmax over it', () => {
    const body: LayerSpec[] = [{ type: 'dense', units: 64, activation: 'relu' }];
    expect(inferShapes([...body, { type: 'dense', units: 1, activation: 'linear' }], [5], regression)).toMatchObject({ valid: true });
    expect(inferShapes(body, [5], regression).outputError).toBe('The last layer gives 64 values but a regression predicts one number: add a Dense(1, linear) output.');
    expect(inferShapes([...body, { type: 'dense', units: 1, activation: 'softmax' }], [5], regression).outputError).toMatch(/softmax over one value, which is always 1/);
    // Other activations are the author's choice (a sigmoid for targets in 0..1, a relu for counts).
    expect(inferShapes([...body, { type: 'dense', units: 1, activation: 'sigmoid' }], [5], regression).valid).toBe(true);
  });

  it('a layer error comes first: the output is not judged from a broken layer', () => {
    const s = inferShapes([conv(8, 3), { type: 'dense', units: 10, activation: 'softmax' }], [28, 28, 1], digits);
    expect(s.valid).toBe(false);
    expect(s.outputError).toBeUndefined();
  });

  it('every preset fits every data context it is offered for', () => {
    const contexts: DataContext[] = [
      MNIST_CONTEXT,
      { kind: 'image', task: 'classification', numClasses: 3 },
      { kind: 'tabular', task: 'classification', numClasses: 2 },
      { kind: 'tabular', task: 'classification', numClasses: 7 },
      { kind: 'tabular', task: 'regression', numClasses: 0 },
    ];
    for (const ctx of contexts) {
      const input = ctx.kind === 'image' ? [28, 28, 1] : [6];
      for (const p of presetsFor(ctx)) {
        const s = inferShapes(specFromPreset(p.id, ctx).model.layers, input, ctx);
        expect({ preset: p.id, ctx, error: s.outputError ?? s.layers.find((l) => l.error)?.error }).toEqual({ preset: p.id, ctx, error: undefined });
      }
    }
  });
});
