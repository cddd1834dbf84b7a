import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../buildModel';
import { inferShapes } from '../shapes';
import type { LayerSpec } from '../spec';
import { checkGradients } from './gradientCheck';
import { PatchEmbed, TokenPool, TransformerBlock } from '.';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TOL = 2e-2;

function expectGradientsMatch(layer: tf.layers.Layer, x: tf.Tensor): void {
  const { relativeError, norms } = checkGradients(layer, x);
  // Every trainable weight and the input were checked.
  expect(Object.keys(relativeError)).toHaveLength(layer.trainableWeights.length + 1);
  for (const [name, err] of Object.entries(relativeError)) {
    if (name.endsWith('key_bias')) {
      // q·(k + b) shifts every score of a query row by the same q·b, which softmax ignores: the true gradient is 0.
      expect({ name, zero: norms[name].analytic < 1e-5 && norms[name].numeric < 1e-2 }).toEqual({ name, zero: true });
    } else {
      expect({ name, err: err < TOL, norm: norms[name].analytic > 1e-3 }).toEqual({ name, err: true, norm: true });
    }
  }
}

describe('Vision Transformer layers: gradients against central differences (cpu)', () => {
  it('PatchEmbed: patch kernel, bias, class token, positions and the input', () => {
    const x = tf.randomNormal([2, 4, 6, 2], 0, 1, 'float32', 1);
    expectGradientsMatch(new PatchEmbed({ patchSize: 2, dim: 5, seed: 3 }), x);
  });

  it('TransformerBlock: q, k, v, output, MLP kernels and biases, both norms, and the input', () => {
    const x = tf.randomNormal([2, 5, 8], 0, 1, 'float32', 2);
    expectGradientsMatch(new TransformerBlock({ heads: 2, mlpDim: 6, seed: 4 }), x);
  });

  it('TokenPool in both modes: final norm and the input', () => {
    const x = tf.randomNormal([3, 4, 6], 0, 1, 'float32', 3);
    expectGradientsMatch(new TokenPool({ mode: 'cls' }), x);
    expectGradientsMatch(new TokenPool({ mode: 'mean' }), x);
  });
});

describe('Vision Transformer layers: what they compute', () => {
  it('PatchEmbed puts the class token first and gives each patch its own token', () => {
    const layer = new PatchEmbed({ patchSize: 2, dim: 3, seed: 1 });
    const x = tf.zeros([1, 4, 4, 1]);
    const out = layer.apply(x) as tf.Tensor;
    expect(out.shape).toEqual([1, 5, 3]);
    // Zero input: every patch token is bias (0) + its position; token 0 is class token + position 0.
    const [kernel, , cls, pos] = layer.getWeights();
    expect(kernel.shape).toEqual([2, 2, 1, 3]);
    const want = tf.add(tf.concat([cls, tf.zeros([1, 4, 3])], 1), pos);
    expect(Array.from(out.dataSync())).toEqual(Array.from(want.dataSync()));
  });

  it('TransformerBlock attention is a probability distribution per query and head, and changes with the input', () => {
    const block = new TransformerBlock({ heads: 4, mlpDim: 16, seed: 9 });
    const x = tf.randomNormal([2, 5, 8], 0, 1, 'float32', 5);
    block.apply(x);
    const a = block.attention(x);
    expect(a.shape).toEqual([2, 4, 5, 5]);
    const sums = Array.from(tf.sum(a, -1).dataSync());
    for (const s of sums) expect(s).toBeCloseTo(1, 5);
    const other = block.attention(tf.randomNormal([2, 5, 8], 0, 1, 'float32', 6));
    expect(Array.from(other.dataSync())).not.toEqual(Array.from(a.dataSync()));
  });

  it('TransformerBlock refuses a head count that does not divide the token width', () => {
    expect(() => new TransformerBlock({ heads: 3, mlpDim: 4, seed: 1 }).apply(tf.zeros([1, 2, 8]))).toThrow(/3 heads do not divide the token width 8/);
  });

  it('TokenPool mean averages the normalised tokens; cls takes token 0', () => {
    const x = tf.tensor3d([[[1, 2, 3], [3, 2, 1]]]);
    const mean = new TokenPool({ mode: 'mean' }).apply(x) as tf.Tensor;
    // Normalised tokens are mirror images, so their mean is 0.
    for (const v of mean.dataSync()) expect(v).toBeCloseTo(0, 5);
    const cls = new TokenPool({ mode: 'cls' }).apply(x) as tf.Tensor;
    const c = Array.from(cls.dataSync());
    expect(c[0]).toBeCloseTo(-Math.sqrt(1.5), 3);
    expect(c[2]).toBeCloseTo(Math.sqrt(1.5), 3);
  });
});

const TINY_VIT: LayerSpec[] = [
  { type: 'patchEmbed', patchSize: 7, dim: 16 },
  { type: 'transformerBlock', heads: 4, mlpDim: 32 },
  { type: 'transformerBlock', heads: 2, mlpDim: 24 },
  { type: 'tokenPool', mode: 'mean' },
  { type: 'dense', units: 10, activation: 'softmax' },
];

describe('a ViT model from a spec', () => {
  it('has the parameter count and shapes that shape inference predicts', () => {
    const model = buildModel({ model: { layers: TINY_VIT }, seed: 1 }, [28, 28, 1]);
    const summary = inferShapes(TINY_VIT, [28, 28, 1]);
    expect(summary.valid).toBe(true);
    expect(model.countParams()).toBe(summary.totalParams);
    expect(summary.layers.map((l) => l.outputShape)).toEqual([[17, 16], [17, 16], [17, 16], [16], [10]]);
    summary.layers.forEach((l) => expect(model.getLayer(l.name).outputShape).toEqual([null, ...l.outputShape]));
  });

  it('saves to model.json + weights and loads back with the same predictions and configs', async () => {
    const model = buildModel({ model: { layers: TINY_VIT }, seed: 2 }, [28, 28, 1]);
    let artifacts: tf.io.ModelArtifacts | null = null;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    expect(artifacts).not.toBeNull();
    const topology = JSON.stringify(artifacts!.modelTopology);
    for (const cls of ['PatchEmbed', 'TransformerBlock', 'TokenPool']) expect(topology).toContain(`"class_name":"${cls}"`);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    expect((loaded.getLayer('transformerblock_2') as TransformerBlock).heads).toBe(2);
    expect((loaded.getLayer('tokenpool_1') as TokenPool).mode).toBe('mean');
    const x = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 4);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });

  it('different seeds give different initial weights; the same seed the same', () => {
    const w = (seed: number) => Array.from(buildModel({ model: { layers: TINY_VIT }, seed }, [28, 28, 1]).getLayer('transformerblock_1').getWeights()[0].dataSync());
    expect(w(5)).toEqual(w(5));
    expect(w(5)).not.toEqual(w(6));
  });
});
