import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../models/buildModel';
import { specFromPreset } from '../models/presets';
import type { ExperimentSpec } from '../models/spec';
import { mnistFixture } from '../test/mnistFixture';
import { uploadNorm, disposeNorm } from './deviceData';
import { predictRaw } from './evaluate';
import { TrainingHost } from './host';
import { readWeights } from './modelTransfer';
import { predictBatch } from './predictBatch';
import type { FromEngine } from './protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const NORM = { shift: new Float32Array([0]), scale: new Float32Array([1 / 255]) };

/** The small MLP with its dropout, or the same layers without it. */
function digitsSpec(dropout: boolean): ExperimentSpec {
  const spec = specFromPreset('mlp-digits');
  if (!dropout) spec.model.layers = spec.model.layers.filter((l) => l.type !== 'dropout');
  return spec;
}

describe('predictBatch (the embed view’s batched engine request)', () => {
  it('without dropout: each row equals the one-example prediction, no spread, one pass', async () => {
    const ds = await mnistFixture(3);
    const model = buildModel(digitsSpec(false), [28, 28, 1]);
    const norm = uploadNorm(NORM);
    const count = 5;
    const inputs = Float32Array.from(ds.x.subarray(0, count * 784));
    const r = await predictBatch(model, norm, inputs, count, [28, 28, 1], 20);
    expect(r.hasDropout).toBe(false);
    expect(r.std).toBeNull();
    expect(r.passes).toBe(1);
    expect(r.outputs).toBe(10);
    expect(r.mean.length).toBe(count * 10);
    for (let i = 0; i < count; i++) {
      const one = await predictRaw(model, norm, inputs.slice(i * 784, (i + 1) * 784), [28, 28, 1]);
      one.forEach((p, c) => expect(r.mean[i * 10 + c]).toBeCloseTo(p, 5));
    }
    model.dispose();
    disposeNorm(norm);
  });

  it('with dropout: MC mean rows sum to 1, a spread per class, and no tensor is left behind', async () => {
    const ds = await mnistFixture(7);
    const model = buildModel(digitsSpec(true), [28, 28, 1]);
    const norm = uploadNorm(NORM);
    const count = 64;
    const inputs = Float32Array.from(ds.x.subarray(0, count * 784));
    // Warm up once: the first call may create lazily built variables.
    await predictBatch(model, norm, inputs.slice(0, 784), 1, [28, 28, 1], 3);
    const before = tf.memory().numTensors;
    const r = await predictBatch(model, norm, inputs, count, [28, 28, 1], 20);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.hasDropout).toBe(true);
    expect(r.passes).toBe(20);
    expect(r.std).not.toBeNull();
    const std = r.std!;
    for (let i = 0; i < count; i++) {
      let s = 0;
      for (let c = 0; c < 10; c++) s += r.mean[i * 10 + c];
      expect(s).toBeCloseTo(1, 4);
    }
    // Dropout at 0.2 on 32 units moves an untrained model's softmax: some spread, none negative, none NaN.
    expect(Math.max(...std)).toBeGreaterThan(1e-4);
    expect(std.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
    // MC mode is switched off afterwards: a plain prediction is deterministic again.
    const a = await predictRaw(model, norm, inputs.slice(0, 784), [28, 28, 1]);
    const b = await predictRaw(model, norm, inputs.slice(0, 784), [28, 28, 1]);
    expect(a).toEqual(b);
    model.dispose();
    disposeNorm(norm);
  });

  it('refuses inputs that are not count whole examples', async () => {
    const model = buildModel(digitsSpec(false), [28, 28, 1]);
    const norm = uploadNorm(NORM);
    await expect(predictBatch(model, norm, new Float32Array(783), 1, [28, 28, 1], 1)).rejects.toThrow(/783 numbers is not 1 examples/);
    await expect(predictBatch(model, norm, new Float32Array(0), 0, [28, 28, 1], 1)).rejects.toThrow(/at least one/);
    model.dispose();
    disposeNorm(norm);
  });

  it('through the host: a loaded demo model answers predictBatch; no model or a wrong size is a requestError', async () => {
    const msgs: FromEngine[] = [];
    const host = new TrainingHost((m) => msgs.push(m));
    await host.handle({ type: 'predictBatch', requestId: 1, inputs: new Float32Array(784), count: 1, passes: 20 });
    expect(msgs.find((m) => m.type === 'requestError' && m.requestId === 1)).toMatchObject({ code: 'model-not-ready' });

    const spec = digitsSpec(true);
    const source = buildModel(spec, [28, 28, 1]);
    const weights = await readWeights(source);
    source.dispose();
    await host.handle({ type: 'loadWeights', requestId: 2, runId: 'embed', spec, inputShape: [28, 28, 1], weights, norm: NORM, backend: 'cpu', evaluate: false });
    expect(msgs.find((m) => m.type === 'modelLoaded')).toBeDefined();
    const ds = await mnistFixture(2);
    await host.handle({ type: 'predictBatch', requestId: 3, inputs: Float32Array.from(ds.x.subarray(0, 3 * 784)), count: 3, passes: 10 });
    const answer = msgs.find((m) => m.type === 'predictionBatch' && m.requestId === 3) as Extract<FromEngine, { type: 'predictionBatch' }>;
    expect(answer.mean.length).toBe(30);
    expect(answer.std?.length).toBe(30);
    expect(answer).toMatchObject({ outputs: 10, hasDropout: true, passes: 10 });

    await host.handle({ type: 'predictBatch', requestId: 4, inputs: new Float32Array(100), count: 1, passes: 10 });
    const err = msgs.find((m) => m.type === 'requestError' && m.requestId === 4) as Extract<FromEngine, { type: 'requestError' }>;
    expect(err.message).toMatch(/100 numbers/);
    host.handle({ type: 'reset' });
  });
});
