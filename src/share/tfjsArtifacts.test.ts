import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { TensorscopeError } from '../core/errors';
import { fromFloat16, quantizeUint8, WEIGHT_QUANTIZATIONS, type WeightQuantization } from '../core/quantize';
import { toTfjsArtifacts, type TfjsArtifacts, type TfjsWeight } from './tfjsArtifacts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TOPOLOGY = { class_name: 'Sequential', config: { name: 'm', layers: [] } };

function decode(a: TfjsArtifacts): Record<string, Float32Array> {
  const tensors = tf.io.decodeWeights(a.weightData, a.modelJson.weightsManifest[0].weights);
  const out: Record<string, Float32Array> = {};
  for (const [name, t] of Object.entries(tensors)) {
    expect(t.dtype).toBe('float32');
    out[name] = t.dataSync() as Float32Array;
    t.dispose();
  }
  return out;
}

/** Half an ulp of float32 at the magnitudes involved: the rounding of a dequantised value. */
const f32Slack = (min: number, scale: number) => (Math.abs(min) + 255 * scale) * 2 ** -23;

describe('toTfjsArtifacts', () => {
  it('writes the standard layers-model model.json', () => {
    const weights: TfjsWeight[] = [
      { name: 'dense/kernel', shape: [2, 2], values: Float32Array.of(-1, 0, 0.5, 2) },
      { name: 'dense/bias', shape: [2], values: Float32Array.of(0.25, 0.25) },
    ];
    const { modelJson, weightData } = toTfjsArtifacts(TOPOLOGY, weights, 'uint8');
    expect(modelJson).toEqual({
      format: 'layers-model',
      generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
      convertedBy: 'Tensorscope',
      modelTopology: TOPOLOGY,
      weightsManifest: [
        {
          paths: ['weights.bin'],
          weights: [
            { name: 'dense/kernel', shape: [2, 2], dtype: 'float32', quantization: { dtype: 'uint8', min: expect.any(Number), scale: 3 / 255, original_dtype: 'float32' } },
            { name: 'dense/bias', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', min: 0.25, scale: 0, original_dtype: 'float32' } },
          ],
        },
      ],
    });
    expect(weightData.byteLength).toBe(6);
    // Survives being written out as text.
    expect(JSON.parse(JSON.stringify(modelJson))).toEqual(modelJson);

    const f16 = toTfjsArtifacts(TOPOLOGY, weights, 'float16', { generatedBy: 'x', weightsFileName: 'm.bin' });
    expect(f16.modelJson.weightsManifest[0]).toEqual({
      paths: ['m.bin'],
      weights: [
        { name: 'dense/kernel', shape: [2, 2], dtype: 'float32', quantization: { dtype: 'float16', original_dtype: 'float32' } },
        { name: 'dense/bias', shape: [2], dtype: 'float32', quantization: { dtype: 'float16', original_dtype: 'float32' } },
      ],
    });
    expect(f16.modelJson.generatedBy).toBe('x');
    expect(f16.weightData.byteLength).toBe(12);

    const f32 = toTfjsArtifacts(TOPOLOGY, weights, 'float32');
    expect(f32.modelJson.weightsManifest[0].weights.map((w) => 'quantization' in w)).toEqual([false, false]);
    expect(new Float32Array(f32.weightData)).toEqual(Float32Array.of(-1, 0, 0.5, 2, 0.25, 0.25));
  });

  it('is read back by tf.io.decodeWeights within each format’s error bound (property)', () => {
    const arbWeights = fc.array(
      fc
        .tuple(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }), fc.constantFrom(1e-3, 1, 100))
        .chain(([shape, spread]) => {
          const size = shape.reduce((a, b) => a * b, 1);
          return fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: size, maxLength: size }).map((xs) => ({ shape, values: Float32Array.from(xs, (x) => x * spread) }));
        }),
      { minLength: 1, maxLength: 5 },
    );
    fc.assert(
      fc.property(arbWeights, fc.constantFrom(...WEIGHT_QUANTIZATIONS), (ws, quant) => {
        const weights = ws.map((w, i) => ({ name: `layer${i}/kernel`, ...w }));
        const decoded = decode(toTfjsArtifacts(TOPOLOGY, weights, quant));
        for (const w of weights) {
          const back = decoded[w.name];
          expect(back.length).toBe(w.values.length);
          const q = quantizeUint8(w.values);
          for (let i = 0; i < back.length; i++) {
            const v = w.values[i];
            const err = Math.abs(back[i] - v);
            if (quant === 'float32') expect(back[i]).toBe(v);
            else if (quant === 'uint8') expect(err).toBeLessThanOrEqual(q.scale / 2 + f32Slack(q.min, q.scale));
            else expect(err).toBeLessThanOrEqual(Math.max(Math.abs(v) * 2 ** -11, 2 ** -25)); // relative, or half a subnormal step
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with tfjs’s own float16 decoder on all 65,536 half patterns', () => {
    const halves = new Uint16Array(65536).map((_, i) => i);
    const tensors = tf.io.decodeWeights(halves.buffer, [{ name: 'h', shape: [65536], dtype: 'float32', quantization: { dtype: 'float16' } }]);
    const theirs = tensors.h.dataSync() as Float32Array;
    tensors.h.dispose();
    const ours = fromFloat16(halves);
    for (let i = 0; i < 65536; i++) {
      if (Number.isNaN(ours[i])) expect(Number.isNaN(theirs[i])).toBe(true);
      else if (ours[i] !== theirs[i] || Object.is(ours[i], -0) !== Object.is(theirs[i], -0)) throw new Error(`0x${i.toString(16)}: ours ${ours[i]}, tfjs ${theirs[i]}`);
    }
  });

  it('refuses what it cannot write faithfully', () => {
    const w = (values: Float32Array, shape = [values.length]): TfjsWeight[] => [{ name: 'k', shape, values }];
    expect(() => toTfjsArtifacts(TOPOLOGY, w(new Float32Array(3), [2, 2]), 'float32')).toThrow(/has 3 values but its shape \[2, 2\] needs 4/);
    expect(() => toTfjsArtifacts(TOPOLOGY, w(Float32Array.of(NaN)), 'uint8')).toThrow(/weights are not finite numbers \(training diverged\): retrain with a lower learning rate \(weight "k" holds NaN\)/);
    // Every format refuses a diverged model, float32 and float16 included (they could store NaN, but it would predict NaN).
    for (const q of ['float32', 'float16'] as const) {
      expect(() => toTfjsArtifacts(TOPOLOGY, w(Float32Array.of(1, -Infinity)), q)).toThrow(/Cannot export the model: the model's weights are not finite numbers \(training diverged\): retrain with a lower learning rate \(weight "k" holds -Infinity\)/);
    }
    expect(() => toTfjsArtifacts(TOPOLOGY, w(Float32Array.of(70000)), 'float16')).toThrow(/beyond float16/);
    expect(() => toTfjsArtifacts(TOPOLOGY, [...w(new Float32Array(1)), ...w(new Float32Array(1))], 'float32')).toThrow(/two weights are named "k"/);
    expect(() => toTfjsArtifacts(TOPOLOGY, w(new Float32Array(1)), 'int4' as WeightQuantization)).toThrow(TensorscopeError);
    try {
      toTfjsArtifacts(TOPOLOGY, w(Float32Array.of(NaN)), 'uint8');
    } catch (e) {
      expect((e as TensorscopeError).code).toBe('export-failed');
    }
  });
});

describe('a real model, saved, converted and loaded by tfjs', () => {
  async function tinyModel(): Promise<{ model: tf.LayersModel; topology: object; weights: TfjsWeight[] }> {
    const init = (seed: number) => tf.initializers.glorotUniform({ seed });
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 3, kernelSize: 3, activation: 'relu', kernelInitializer: init(1), biasInitializer: 'ones', name: 'conv' }),
        tf.layers.flatten({ name: 'flat' }),
        tf.layers.batchNormalization({ name: 'bn' }),
        tf.layers.dense({ units: 8, activation: 'tanh', kernelInitializer: init(2), name: 'hidden' }),
        tf.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: init(3), name: 'out' }),
      ],
    });
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const a = saved as unknown as tf.io.ModelArtifacts;
    const decoded = tf.io.decodeWeights(a.weightData!, a.weightSpecs!);
    const weights = a.weightSpecs!.map((s) => ({ name: s.name, shape: s.shape, values: decoded[s.name].dataSync() as Float32Array }));
    tf.dispose(Object.values(decoded));
    return { model, topology: a.modelTopology as object, weights };
  }

  /** Loads as a browser would from a server: model.json over HTTP, then the weights file it names. */
  async function loadOverHttp(a: TfjsArtifacts): Promise<tf.LayersModel> {
    const files: Record<string, BodyInit> = {
      'https://models.example/m/model.json': JSON.stringify(a.modelJson),
      'https://models.example/m/weights.bin': a.weightData,
    };
    const fetchFunc = (async (input: RequestInfo | URL) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      return url in files ? new Response(files[url]) : new Response('missing', { status: 404 });
    }) as typeof fetch;
    return tf.loadLayersModel(tf.io.http('https://models.example/m/model.json', { fetchFunc }));
  }

  async function loadFromMemory(a: TfjsArtifacts): Promise<tf.LayersModel> {
    const json = JSON.parse(JSON.stringify(a.modelJson)) as tf.io.ModelJSON;
    const artifacts = await tf.io.getModelArtifactsForJSON(json, async (manifest) => [manifest.flatMap((g) => g.weights), a.weightData]);
    return tf.loadLayersModel(tf.io.fromMemory(artifacts));
  }

  it.each<[WeightQuantization, number]>([
    ['float32', 0],
    ['float16', 2e-3],
    ['uint8', 3e-2],
  ])('%s: predictions match the original (within %s)', async (quant, tolerance) => {
    const { model, topology, weights } = await tinyModel();
    const x = tf.randomUniform([5, 6, 6, 1], 0, 1, 'float32', 11);
    const expected = (model.predict(x) as tf.Tensor).arraySync() as number[][];
    const artifacts = toTfjsArtifacts(topology, weights, quant);
    for (const load of [loadOverHttp, loadFromMemory]) {
      const loaded = await load(artifacts);
      // tfjs makes variable names unique per process ('conv/kernel_1'); the weights still map one to one.
      const base = (m: tf.LayersModel) => m.weights.map((w) => w.name.replace(/_\d+$/, ''));
      expect(base(loaded)).toEqual(base(model));
      const got = (loaded.predict(x) as tf.Tensor).arraySync() as number[][];
      for (let i = 0; i < 5; i++) {
        for (let k = 0; k < 4; k++) {
          if (quant === 'float32') expect(got[i][k]).toBe(expected[i][k]);
          else expect(Math.abs(got[i][k] - expected[i][k])).toBeLessThanOrEqual(tolerance);
        }
      }
      loaded.dispose();
    }
    model.dispose();
    x.dispose();
  });
});
