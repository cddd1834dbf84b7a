import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from './buildModel';
import { PRESETS, specFromPreset } from './presets';
import { inferShapes } from './shapes';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('buildModel', () => {
  it('builds the Keras MLP with exactly the Keras example\'s 101,770 parameters', () => {
    const model = buildModel(specFromPreset('keras-mlp'), [28, 28, 1]);
    expect(model.countParams()).toBe(101_770);
    expect(model.outputs[0].shape).toEqual([null, 10]);
    model.dispose();
  });

  it.each(PRESETS.map((p) => [p.id]))('pure shape inference agrees with tfjs for preset %s', (id) => {
    const spec = specFromPreset(id);
    const model = buildModel(spec, [28, 28, 1]);
    const inferred = inferShapes(spec.model.layers, [28, 28, 1]);
    expect(inferred.valid).toBe(true);
    const tfLayers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
    expect(tfLayers.length).toBe(inferred.layers.length);
    tfLayers.forEach((layer, i) => {
      expect((layer.outputShape as number[]).slice(1)).toEqual([...inferred.layers[i].outputShape]);
      expect(layer.countParams()).toBe(inferred.layers[i].params);
    });
    expect(inferred.totalParams).toBe(model.countParams());
    model.dispose();
  });

  it('gives the same initial weights for the same seed and different ones for another seed', () => {
    const weightsOf = (seed: number) => {
      const m = buildModel({ ...specFromPreset('keras-mlp'), seed }, [28, 28, 1]);
      const w = m.getWeights()[0].dataSync().slice(0, 50);
      m.dispose();
      return Array.from(w);
    };
    expect(weightsOf(1)).toEqual(weightsOf(1));
    expect(weightsOf(1)).not.toEqual(weightsOf(2));
  });

  it('marks impossible layers with a reason', () => {
    const s = inferShapes(
      [
        { type: 'dense', units: 10, activation: 'relu' },
        { type: 'maxPool2d', poolSize: 40, strides: 2 },
      ],
      [28, 28, 1],
    );
    expect(s.valid).toBe(false);
    expect(s.layers[0].error).toMatch(/Flatten/);
  });
});
