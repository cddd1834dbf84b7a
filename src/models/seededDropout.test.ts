import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from './buildModel';
import { specFromPreset } from './presets';
import { SeededDropout } from './seededDropout';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dropoutOnly = (seed: number) => buildModel({ model: { layers: [{ type: 'dropout', rate: 0.5 }] }, seed }, [64]);

/** Output of successive training calls on a batch of ones, as plain arrays. */
function trainingOutputs(model: tf.LayersModel, calls: number): number[][] {
  return tf.tidy(() => {
    const x = tf.ones([4, 64]);
    return Array.from({ length: calls }, () => Array.from((model.apply(x, { training: true }) as tf.Tensor).dataSync()));
  });
}

describe('SeededDropout', () => {
  it('draws the same masks for the same seed and call sequence, a fresh one each call', () => {
    const a = dropoutOnly(5);
    const b = dropoutOnly(5);
    const outA = trainingOutputs(a, 3);
    expect(trainingOutputs(b, 3)).toEqual(outA);
    expect(outA[1]).not.toEqual(outA[0]);
    expect(outA[2]).not.toEqual(outA[1]);
    // Kept units are scaled by 1 / (1 − rate) = 2; about half are dropped.
    const values = outA.flat();
    expect(values.every((v) => v === 0 || v === 2)).toBe(true);
    const dropped = values.filter((v) => v === 0).length / values.length;
    expect(dropped).toBeGreaterThan(0.35);
    expect(dropped).toBeLessThan(0.65);
    const c = dropoutOnly(6);
    expect(trainingOutputs(c, 1)[0]).not.toEqual(outA[0]);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('is the identity at inference, and inference does not shift later masks', () => {
    const a = dropoutOnly(9);
    const b = dropoutOnly(9);
    const x = tf.randomNormal([4, 64], 0, 1, 'float32', 1);
    const expected = Array.from(x.dataSync());
    for (const y of [a.apply(x), a.apply(x, { training: false }), a.predict(x)] as tf.Tensor[]) {
      expect(Array.from(y.dataSync())).toEqual(expected);
      y.dispose();
    }
    expect(trainingOutputs(a, 2)).toEqual(trainingOutputs(b, 2));
    x.dispose();
    a.dispose();
    b.dispose();
  });

  it('receives the training flag inside a Sequential model too', () => {
    const layer = new SeededDropout({ rate: 0.5, seed: 3 });
    const model = tf.sequential({ layers: [tf.layers.inputLayer({ inputShape: [64] }), layer] });
    const out = trainingOutputs(model, 1)[0];
    expect(out.some((v) => v === 0)).toBe(true);
    expect(layer.calls).toBe(1);
    model.dispose();
  });

  it('serialises its rate and seed and comes back from JSON', async () => {
    const model = dropoutOnly(11);
    const layer = model.getLayer('dropout_1');
    expect(layer.getClassName()).toBe('SeededDropout');
    expect(layer.getConfig()).toMatchObject({ rate: 0.5, seed: (layer as SeededDropout).seed });
    const restored = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'] });
    const copy = restored.getLayer('dropout_1');
    expect(copy).toBeInstanceOf(SeededDropout);
    expect(trainingOutputs(restored, 2)).toEqual(trainingOutputs(model, 2));
    model.dispose();
    restored.dispose();
  });

  it('trains through optimizer.minimize with finite losses, advancing one mask per step', () => {
    const model = buildModel(specFromPreset('keras-mlp'), [8, 8, 1]);
    const x = tf.randomUniform([16, 8, 8, 1], 0, 1, 'float32', 2);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 10), 'int32'), 10);
    const optimizer = tf.train.adam(0.01);
    const losses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const cost = optimizer.minimize(() => tf.mean(tf.metrics.categoricalCrossentropy(y, model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, true);
      losses.push(cost!.dataSync()[0]);
      cost!.dispose();
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[4]).toBeLessThan(losses[0]);
    expect((model.getLayer('dropout_1') as SeededDropout).calls).toBe(5);
    model.dispose();
    optimizer.dispose();
    tf.dispose([x, y]);
  });
});
