import { describe, expect, it } from 'vitest';
import { specFromPreset } from './presets';
import { applyConfig, applyKnob, KNOBS, knobValueOf, parseKnobValues, sweepConfigs, type KnobValue } from './sweep';

describe('hyperparameter sweeps', () => {
  it('a grid is the cross product of the axes, in order', () => {
    const configs = sweepConfigs({
      mode: 'grid',
      axes: [
        { knob: 'learningRate', values: [0.1, 0.01] },
        { knob: 'batchSize', values: [16, 32, 64] },
      ],
      samples: 0,
      seed: 1,
    });
    expect(configs).toHaveLength(6);
    expect(configs[0]).toEqual({ learningRate: 0.1, batchSize: 16 });
    expect(configs[5]).toEqual({ learningRate: 0.01, batchSize: 64 });
  });

  it('random draws stay within the range (log scale for rates), are seeded, and integers stay whole', () => {
    const def = { mode: 'random' as const, axes: [{ knob: 'learningRate' as const, values: [0.0001, 0.1] }, { knob: 'batchSize' as const, values: [8, 256] }], samples: 20, seed: 3 };
    const a = sweepConfigs(def);
    expect(a).toEqual(sweepConfigs(def));
    for (const c of a) {
      expect(c.learningRate as number).toBeGreaterThanOrEqual(0.0001);
      expect(c.learningRate as number).toBeLessThanOrEqual(0.1);
      expect(Number.isInteger(c.batchSize)).toBe(true);
    }
    // Log-uniform: about half the draws fall below the geometric middle (0.00316).
    const below = a.filter((c) => (c.learningRate as number) < 0.00316).length;
    expect(below).toBeGreaterThan(4);
    expect(below).toBeLessThan(16);
  });

  it('applies knobs to the spec without touching the original', () => {
    const spec = specFromPreset('keras-mlp');
    const next = applyConfig(spec, { learningRate: 0.01, hiddenUnits: 64, dropoutRate: 0.5, optimizer: 'sgd' });
    expect(next.training.learningRate).toBe(0.01);
    expect(next.training.optimizer).toBe('sgd');
    expect(next.model.layers.find((l) => l.type === 'dense')).toMatchObject({ units: 64 });
    expect(next.model.layers.find((l) => l.type === 'dropout')).toMatchObject({ rate: 0.5 });
    expect(spec.training.learningRate).toBe(0.001);
  });

  it('reads value lists and explains bad ones', () => {
    expect(parseKnobValues('learningRate', '0.1, 0.01 0.001')).toEqual({ values: [0.1, 0.01, 0.001] });
    expect(parseKnobValues('batchSize', '32, 12.5')).toEqual({ error: expect.stringMatching(/whole number/) });
    expect(parseKnobValues('learningRate', 'fast')).toEqual({ error: expect.stringMatching(/not a number/) });
    expect(parseKnobValues('optimizer', 'adam, sgd')).toEqual({ values: ['adam', 'sgd'] });
    expect(parseKnobValues('optimizer', 'adamw')).toEqual({ error: expect.stringMatching(/not an optimizer/) });
  });
});

describe('reading a knob back from a spec', () => {
  it('gives what applyKnob set, for every knob', () => {
    const spec = specFromPreset('keras-mlp');
    const values: Record<string, KnobValue> = { learningRate: 0.05, batchSize: 64, epochs: 3, l1: 0.001, l2: 0.002, optimizer: 'sgd', seed: 7, hiddenUnits: 48, dropoutRate: 0.3 };
    for (const k of KNOBS) expect(knobValueOf(applyKnob(spec, k.id, values[k.id]), k.id)).toBe(values[k.id]);
  });

  it('is null when the model has no such layer', () => {
    const spec = specFromPreset('keras-mlp');
    const noDropout = { ...spec, model: { layers: spec.model.layers.filter((l) => l.type !== 'dropout') } };
    expect(knobValueOf(noDropout, 'dropoutRate')).toBeNull();
  });
});
