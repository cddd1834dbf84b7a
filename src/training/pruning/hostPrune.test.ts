import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../core/types';
import { specFromPreset } from '../../models/presets';
import { mnistFixture } from '../../test/mnistFixture';
import { TrainingHost } from '../host';
import type { FromEngine, ToEngine } from '../protocol';
import { isPrunable, sparsityOf } from './masks';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function harness() {
  const msgs: FromEngine[] = [];
  const host = new TrainingHost((m) => msgs.push(m));
  const send = (m: ToEngine) => host.handle(m);
  const of = <T extends FromEngine['type']>(type: T) => msgs.filter((m) => m.type === type) as Extract<FromEngine, { type: T }>[];
  return { msgs, send, of };
}

const copy = (ds: Dataset): Dataset => ({ ...ds, x: ds.x.slice(), y: ds.y.slice() });

describe('pruning through the engine (cpu backend)', () => {
  it('answers a curve point per target with sizes, refuses bad targets with the reason, and a pruned copy becomes the model', async () => {
    const ds = await mnistFixture(30);
    const spec = specFromPreset('keras-mlp');
    spec.training.epochs = 2;
    spec.dataset.testFraction = 0.2;
    const e = harness();
    await e.send({ type: 'setDataset', dataset: copy(ds) });
    await e.send({ type: 'start', runId: 'r', spec, backend: 'cpu' });
    const trainedMetric = e.of('evaluation').at(-1)!.evaluation.metric;

    // 0 % and 100 % are refused in words; nothing else happens.
    await e.send({ type: 'pruneCurve', requestId: 1, spec, targets: [0], scope: 'layer', steps: 5, seed: 1 });
    await e.send({ type: 'pruneCurve', requestId: 2, spec, targets: [1], scope: 'layer', steps: 5, seed: 1 });
    expect(e.of('requestError').map((m) => m.message)).toEqual([expect.stringMatching(/removes nothing/), expect.stringMatching(/every weight/)]);
    expect(e.of('prunePoint')).toHaveLength(0);

    await e.send({ type: 'pruneCurve', requestId: 3, spec, targets: [0.5, 0.9], scope: 'layer', steps: 20, seed: 1 });
    const points = e.of('prunePoint').map((m) => m.point);
    expect(points.map((p) => p.target)).toEqual([0, 0.5, 0.9]);
    expect(e.of('pruneDone')).toHaveLength(1);
    expect(points[0].metric).toBe(trainedMetric);
    // Zeros make the gzip smaller; uint8 smaller still.
    expect(points[2].sizes.float32Gzip).toBeLessThan(points[0].sizes.float32Gzip * 0.5);
    expect(points[2].sizes.uint8Gzip).toBeLessThan(points[2].sizes.float32Gzip);

    // "Use" the 90 % model: evaluated as the current run, and the engine's weights are that copy, zeros included.
    await e.send({ type: 'setWeights', requestId: 4, runId: 'r-pruned', weights: points[2].weights });
    const set = e.of('weightsSet')[0];
    expect(set.metric).toBe(points[2].metric);
    expect(e.of('evaluation').at(-1)!.runId).toBe('r-pruned');
    await e.send({ type: 'getWeights', requestId: 5 });
    const kernels = e.of('weights')[0].weights.filter(isPrunable);
    for (const k of kernels) expect(sparsityOf(k.values)).toBeCloseTo(0.9, 2);
  }, 120_000);
});
