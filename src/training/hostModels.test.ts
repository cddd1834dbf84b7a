import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { specFromPreset } from '../models/presets';
import { buildModel } from '../models/buildModel';
import { mnistFixture } from '../test/mnistFixture';
import { TrainingHost } from './host';
import type { Dataset } from '../core/types';
import type { ExperimentSpec } from '../models/spec';
import type { FromEngine, NamedWeights, ToEngine } from './protocol';
import { loadModelFromArtifacts, withTimeout } from './modelTransfer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A host whose messages are collected; `until` waits for a message of a type. */
function harness() {
  const msgs: FromEngine[] = [];
  const waiters: { pred: (m: FromEngine) => boolean; resolve: (m: FromEngine) => void }[] = [];
  const host = new TrainingHost((m) => {
    msgs.push(m);
    for (const w of waiters.splice(0)) {
      if (w.pred(m)) w.resolve(m);
      else waiters.push(w);
    }
  });
  const until = <T extends FromEngine['type']>(type: T, pred: (m: Extract<FromEngine, { type: T }>) => boolean = () => true) =>
    new Promise<Extract<FromEngine, { type: T }>>((resolve) => {
      const found = msgs.find((m) => m.type === type && pred(m as Extract<FromEngine, { type: T }>));
      if (found) resolve(found as Extract<FromEngine, { type: T }>);
      else waiters.push({ pred: (m) => m.type === type && pred(m as Extract<FromEngine, { type: T }>), resolve: resolve as (m: FromEngine) => void });
    });
  const send = (m: ToEngine) => host.handle(m);
  return { host, msgs, until, send };
}

const copyDataset = (ds: Dataset): Dataset => ({ ...ds, x: ds.x.slice(), y: ds.y.slice() });

function smallSpec(epochs: number): ExperimentSpec {
  const spec = specFromPreset('keras-mlp');
  spec.training.epochs = epochs;
  spec.training.batchSize = 32;
  spec.dataset.testFraction = 0.2;
  return spec;
}

describe('checkpoints and resume', () => {
  it('a run resumed from its epoch-1 checkpoint continues exactly like the uninterrupted run', async () => {
    const ds = await mnistFixture(30);
    const spec = smallSpec(2);

    const full = harness();
    await full.send({ type: 'setDataset', dataset: copyDataset(ds) });
    await full.send({ type: 'start', runId: 'full', spec, backend: 'cpu' });
    const fullEpochs = full.msgs.filter((m) => m.type === 'epochEnd').map((m) => (m as Extract<FromEngine, { type: 'epochEnd' }>).summary);
    const checkpoints = full.msgs.filter((m) => m.type === 'checkpoint') as Extract<FromEngine, { type: 'checkpoint' }>[];
    expect(checkpoints.map((c) => c.epoch)).toEqual([1, 2]);
    expect(checkpoints[0].optimizer?.length).toBeGreaterThan(0);

    const resumed = harness();
    await resumed.send({ type: 'setDataset', dataset: copyDataset(ds) });
    const cp = checkpoints[0];
    await resumed.send({ type: 'start', runId: 'again', spec, backend: 'cpu', resume: { epochsDone: 1, weights: cp.weights, optimizer: cp.optimizer } });
    const again = resumed.msgs.filter((m) => m.type === 'epochEnd').map((m) => (m as Extract<FromEngine, { type: 'epochEnd' }>).summary);
    expect(again.map((e) => e.epoch)).toEqual([2]);
    expect(again[0].trainLoss).toBeCloseTo(fullEpochs[1].trainLoss, 5);
    expect(again[0].testMetric).toBe(fullEpochs[1].testMetric);
    const metrics = resumed.msgs.filter((m) => m.type === 'metrics') as Extract<FromEngine, { type: 'metrics' }>[];
    // Steps continue from where the checkpoint left them.
    expect(metrics[0].points[0].step).toBe((cp.epoch * (full.msgs.find((m) => m.type === 'runStarted') as Extract<FromEngine, { type: 'runStarted' }>).batchesPerEpoch) + 1);
  });
});

describe('weights out and back in', () => {
  it('getWeights, then loadWeights into a fresh engine, predicts the same', async () => {
    const ds = await mnistFixture(20);
    const spec = smallSpec(1);
    const a = harness();
    await a.send({ type: 'setDataset', dataset: copyDataset(ds) });
    await a.send({ type: 'start', runId: 'r', spec, backend: 'cpu' });
    await a.send({ type: 'getWeights', requestId: 1 });
    const w = await a.until('weights');
    expect(JSON.stringify(w.topology)).not.toContain('SeededDropout');
    const digit = Float32Array.from(ds.x.subarray(0, 784));
    await a.send({ type: 'predict', requestId: 2, inputs: digit.slice() });
    const p1 = await a.until('prediction');

    const b = harness();
    await b.send({ type: 'loadWeights', requestId: 3, runId: 'demo', spec, inputShape: w.inputShape, weights: w.weights, norm: w.norm, backend: 'cpu', evaluate: false });
    expect(b.msgs.find((m) => m.type === 'requestError')).toBeUndefined();
    await b.send({ type: 'predict', requestId: 4, inputs: digit.slice() });
    const p2 = await b.until('prediction');
    p2.probabilities.forEach((p, i) => expect(p).toBeCloseTo(p1.probabilities[i], 6));
  });

  it('refuses weights that do not fit the model, naming the mismatch', async () => {
    const spec = smallSpec(1);
    const b = harness();
    const bad: NamedWeights[] = [{ name: 'x', shape: [2], values: new Float32Array(2) }];
    await b.send({ type: 'loadWeights', requestId: 1, runId: 'demo', spec, inputShape: [28, 28, 1], weights: bad, norm: { shift: new Float32Array(1), scale: new Float32Array([1 / 255]) }, backend: 'cpu', evaluate: false });
    const err = await b.until('requestError');
    expect(err.message).toMatch(/has 4 weight tensors, the file has 1/);
  });

  it('evaluateWeights measures other weights and puts the originals back', async () => {
    const ds = await mnistFixture(20);
    const a = harness();
    await a.send({ type: 'setDataset', dataset: copyDataset(ds) });
    await a.send({ type: 'start', runId: 'r', spec: smallSpec(1), backend: 'cpu' });
    const trained = (a.msgs.find((m) => m.type === 'epochEnd') as Extract<FromEngine, { type: 'epochEnd' }>).summary.testMetric;
    await a.send({ type: 'getWeights', requestId: 1 });
    const w = await a.until('weights');
    const zeros = w.weights.map((t) => ({ ...t, values: new Float32Array(t.values.length) }));
    await a.send({ type: 'evaluateWeights', requestId: 2, weights: zeros });
    const zeroed = await a.until('weightsEvaluated');
    expect(zeroed.metric).toBeLessThan(trained);
    await a.send({ type: 'evaluateWeights', requestId: 3, weights: w.weights });
    const same = await a.until('weightsEvaluated', (m) => m.requestId === 3);
    expect(same.metric).toBe(trained);
  });
});

describe('importing a model', () => {
  it('refuses a model.json whose input does not fit the data, with the shapes in the message', async () => {
    const ds = await mnistFixture(10);
    const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [10], units: 10, activation: 'softmax' })] });
    const art = await new Promise<tf.io.ModelArtifacts>((resolve) => void m.save(tf.io.withSaveHandler(async (x) => (resolve(x), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }))));
    m.dispose();
    const h = harness();
    await h.send({ type: 'setDataset', dataset: copyDataset(ds) });
    await h.send({ type: 'importModel', requestId: 1, runId: 'imp', name: 'tiny', artifacts: { modelTopology: art.modelTopology as object, weightSpecs: art.weightSpecs!, weightData: art.weightData as ArrayBuffer }, spec: smallSpec(1), backend: 'cpu', timeoutMs: 5000 });
    const err = await h.until('requestError');
    expect(err.message).toContain('expects inputs of shape [10]');
    expect(err.message).toContain('[28, 28, 1]');
  });

  it('a load that never finishes is refused after the timeout, and a late model is disposed', async () => {
    const started = Date.now();
    const never = new Promise<number>(() => {});
    await expect(withTimeout(never, 200, 'did not load')).rejects.toThrow('did not load');
    expect(Date.now() - started).toBeLessThan(2000);
    let discarded = 0;
    const late = new Promise<number>((resolve) => setTimeout(() => resolve(7), 300));
    await expect(withTimeout(late, 100, 'too slow', (v) => (discarded = v))).rejects.toThrow('too slow');
    await late;
    expect(discarded).toBe(7);
  });

  it('an invalid topology gets a message, not a hang', async () => {
    const err = await loadModelFromArtifacts({ modelTopology: { class_name: 'Nope', config: {} }, weightSpecs: [], weightData: new ArrayBuffer(0) }, 2000).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/could not read the model|did not load/);
  });
});

describe('the model built ahead by prepare', () => {
  const epochsOf = (msgs: FromEngine[]) => msgs.filter((m) => m.type === 'epochEnd').map((m) => (m as Extract<FromEngine, { type: 'epochEnd' }>).summary);
  /** A host given the data, prepared for each of `prepared` in turn (as the page does), then trained on `spec`. */
  const trained = async (ds: Dataset, spec: ExperimentSpec, prepared: ExperimentSpec[] = []) => {
    const h = harness();
    await h.send({ type: 'setDataset', dataset: copyDataset(ds) });
    for (const p of prepared) await h.send({ type: 'prepare', spec: p, backend: 'cpu', knownProbes: {} });
    await h.send({ type: 'start', runId: 'r', spec, backend: 'cpu' });
    return h;
  };

  it('a Train after prepare starts from the same weights and trains exactly like one without it', async () => {
    const ds = await mnistFixture(30);
    const spec = smallSpec(1);
    const cold = await trained(ds, spec);
    const warm = await trained(ds, spec, [spec]);
    expect(epochsOf(warm.msgs)[0].trainLoss).toBe(epochsOf(cold.msgs)[0].trainLoss);
    expect(epochsOf(warm.msgs)[0].testMetric).toBe(epochsOf(cold.msgs)[0].testMetric);
    // Prepared again after a change of seed only (the same preparation otherwise): the model follows the new seed.
    const reseeded = { ...spec, seed: spec.seed + 1 };
    const coldReseeded = await trained(ds, reseeded);
    const warmReseeded = await trained(ds, reseeded, [spec, reseeded]);
    expect(epochsOf(warmReseeded.msgs)[0].trainLoss).toBe(epochsOf(coldReseeded.msgs)[0].trainLoss);
    expect(epochsOf(warmReseeded.msgs)[0].trainLoss).not.toBe(epochsOf(cold.msgs)[0].trainLoss);
  });

  it('a Train of another model than the prepared one builds that model, and leaves no more tensors than a Train without prepare', async () => {
    const ds = await mnistFixture(20);
    const other = smallSpec(1);
    // The Keras MLP with 64 hidden units instead of 128: another model than the prepared one.
    other.model = { ...other.model, layers: other.model.layers.map((l) => (l.type === 'dense' && l.units === 128 ? { ...l, units: 64 } : l)) };
    expect(JSON.stringify(other.model)).not.toBe(JSON.stringify(smallSpec(1).model));
    const leftBy = async (prepared: ExperimentSpec[]) => {
      const before = tf.memory().numTensors;
      const h = await trained(ds, other, prepared);
      const params = (await h.until('runStarted')).params;
      await h.send({ type: 'reset' });
      return { params, left: tf.memory().numTensors - before };
    };
    const reference = buildModel(other, [28, 28, 1]);
    const withPrepare = await leftBy([smallSpec(1)]);
    const without = await leftBy([]);
    expect(withPrepare.params).toBe(reference.countParams());
    expect(withPrepare.left).toBe(without.left);
    reference.dispose();
  });
});
