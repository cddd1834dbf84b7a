import { describe, expect, it } from 'vitest';
import { clampLayer, defaultLayer, LAYER_GROUPS, LAYER_INFO } from './layerInfo';
import { inferShapes } from './shapes';
import type { LayerSpec, LayerType } from './spec';

const TYPES = Object.keys(LAYER_INFO) as LayerType[];

describe('LAYER_INFO', () => {
  it('describes every layer kind with in-limit defaults whose fields are all editable', () => {
    expect(TYPES.sort()).toEqual(
      ['activation', 'avgPool2d', 'batchNorm', 'conv2d', 'dense', 'dropout', 'flatten', 'globalAvgPool2d', 'gru', 'lstm', 'maxPool2d', 'reshape', 'residual', 'patchEmbed', 'transformerBlock', 'tokenPool'].sort(),
    );
    for (const type of TYPES) {
      const info = LAYER_INFO[type];
      expect(info.defaults.type).toBe(type);
      expect(clampLayer(info.defaults)).toEqual(info.defaults);
      const fields = Object.keys(info.defaults).filter((k) => k !== 'type').sort();
      expect(info.params.map((p) => p.key).sort()).toEqual(fields);
    }
  });

  it('has defaults that build on a typical input', () => {
    for (const type of TYPES) {
      // Transformer blocks and token pools read tokens [count, width] (17 tokens of 64 after the default patch embedding).
      const tokens = type === 'transformerBlock' || type === 'tokenPool';
      const input = type === 'dense' || type === 'dropout' || type === 'batchNorm' || type === 'activation' ? [784] : tokens ? [17, 64] : [28, 28, 1];
      expect(inferShapes([defaultLayer(type)], input).layers[0].error, type).toBeUndefined();
    }
  });

  it('groups every kind exactly once for the add-layer menu', () => {
    const grouped = LAYER_GROUPS.flatMap((g) => g.types);
    expect([...grouped].sort()).toEqual([...TYPES].sort());
    expect(new Set(grouped).size).toBe(grouped.length);
  });
});

describe('clampLayer', () => {
  it('clamps numbers into their limits and rounds whole-number fields', () => {
    expect(clampLayer({ type: 'dense', units: 0, activation: 'relu' })).toEqual({ type: 'dense', units: 1, activation: 'relu' });
    expect(clampLayer({ type: 'dense', units: 5000, activation: 'relu' })).toMatchObject({ units: 4096 });
    expect(clampLayer({ type: 'lstm', units: 3.6, returnSequences: true })).toEqual({ type: 'lstm', units: 4, returnSequences: true });
    expect(clampLayer({ type: 'conv2d', filters: 999, kernelSize: 20, strides: 0, padding: 'same', activation: 'tanh' })).toEqual({
      type: 'conv2d',
      filters: 512,
      kernelSize: 11,
      strides: 1,
      padding: 'same',
      activation: 'tanh',
    });
    expect(clampLayer({ type: 'maxPool2d', poolSize: 9, strides: 5, padding: 'valid' })).toMatchObject({ poolSize: 8, strides: 4 });
    expect(clampLayer({ type: 'dropout', rate: 0.95 })).toEqual({ type: 'dropout', rate: 0.9 });
    expect(clampLayer({ type: 'dropout', rate: -1 })).toEqual({ type: 'dropout', rate: 0 });
    expect(clampLayer({ type: 'dropout', rate: 0.25 })).toEqual({ type: 'dropout', rate: 0.25 });
    expect(clampLayer({ type: 'reshape', targetShape: [0, 5000, 2.4] })).toEqual({ type: 'reshape', targetShape: [1, 4096, 2] });
  });

  it('falls back to the defaults for missing or unknown values, without touching its argument', () => {
    const broken = { type: 'residual', filters: Number.NaN, kernelSize: 3, activation: 'gelu' } as unknown as LayerSpec;
    expect(clampLayer(broken)).toEqual({ type: 'residual', filters: 32, kernelSize: 3, activation: 'relu' });
    expect((broken as { filters: number }).filters).toBeNaN();
    expect(clampLayer({ type: 'reshape', targetShape: [] })).toEqual({ type: 'reshape', targetShape: [28, 28] });
    expect(clampLayer({ type: 'gru', units: 8, returnSequences: 'yes' } as unknown as LayerSpec)).toEqual({ type: 'gru', units: 8, returnSequences: false });
    expect(clampLayer({ type: 'flatten' })).toEqual({ type: 'flatten' });
  });
});
