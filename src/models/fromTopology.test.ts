import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from './buildModel';
import { layersFromTopology } from './fromTopology';
import { specFromPreset, type PresetId } from './presets';

const topologyOf = (model: tf.LayersModel) => model.toJSON(null, false) as object;

describe('layersFromTopology', () => {
  it.each<PresetId>(['keras-mlp', 'cnn', 'lenet5', 'vit-tiny'])("maps Tensorscope's own %s export (a functional chain) back to its layers", (id) => {
    const spec = specFromPreset(id);
    const model = buildModel(spec, [28, 28, 1]);
    const r = layersFromTopology(topologyOf(model));
    model.dispose();
    expect(r.unsupported).toEqual([]);
    expect(r.layers).toEqual(spec.model.layers);
  });

  it('maps a Keras-style Sequential (wrapped in model_config) and names what it cannot build', () => {
    const seq = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 4, kernelSize: 3, activation: 'relu' }), tf.layers.flatten(), tf.layers.dense({ units: 10, activation: 'softmax' })] });
    const r = layersFromTopology({ model_config: topologyOf(seq) });
    expect(r.layers).toEqual([
      { type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' },
      { type: 'flatten' },
      { type: 'dense', units: 10, activation: 'softmax' },
    ]);
    seq.dispose();
    const resnet = buildModel(specFromPreset('resnet-small'), [28, 28, 1]);
    const bad = layersFromTopology(topologyOf(resnet));
    resnet.dispose();
    expect(bad.layers).toBeNull();
    expect(bad.unsupported.join(' ')).toMatch(/Add|not a plain chain/);
    expect(layersFromTopology({ nothing: 1 }).unsupported).toEqual(['model.json has no layer list']);
  });
});
