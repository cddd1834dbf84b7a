import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, LOSSES, OPTIMIZERS, type ExperimentSpec, type LayerSpec } from '../models/spec';
import { compareSpecs, describeLayer, MISSING, overlaySeries } from './compare';
import { makeEpoch, makeSpec } from './testFixtures';

const differing = (specs: ExperimentSpec[]) => compareSpecs(specs).filter((r) => r.differs);

describe('describeLayer', () => {
  it('says each layer in a few words', () => {
    const cases: [LayerSpec, string][] = [
      [{ type: 'dense', units: 128, activation: 'relu' }, 'dense 128 relu'],
      [{ type: 'conv2d', filters: 32, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' }, 'conv2d 32 3×3 same relu'],
      [{ type: 'conv2d', filters: 64, kernelSize: 5, strides: 2, padding: 'valid', activation: 'elu' }, 'conv2d 64 5×5 stride 2 valid elu'],
      [{ type: 'maxPool2d', poolSize: 2, strides: 2, padding: 'valid' }, 'maxPool2d 2×2 stride 2 valid'],
      [{ type: 'avgPool2d', poolSize: 3, strides: 1, padding: 'same' }, 'avgPool2d 3×3 same'],
      [{ type: 'globalAvgPool2d' }, 'globalAvgPool2d'],
      [{ type: 'dropout', rate: 0.25 }, 'dropout 0.25'],
      [{ type: 'batchNorm' }, 'batchNorm'],
      [{ type: 'flatten' }, 'flatten'],
      [{ type: 'reshape', targetShape: [28, 28, 1] }, 'reshape 28×28×1'],
      [{ type: 'activation', activation: 'tanh' }, 'activation tanh'],
      [{ type: 'residual', filters: 16, kernelSize: 3, activation: 'relu' }, 'residual 16 3×3 relu'],
      [{ type: 'lstm', units: 64, returnSequences: false }, 'lstm 64'],
      [{ type: 'gru', units: 32, returnSequences: true }, 'gru 32 sequences'],
    ];
    for (const [layer, text] of cases) expect(describeLayer(layer)).toBe(text);
  });
});

describe('compareSpecs', () => {
  it('labels rows for people and marks only the ones that differ', () => {
    const a = makeSpec();
    const b = makeSpec({ seed: 43 });
    b.training.learningRate = 0.01;
    b.training.schedule.kind = 'cosine';
    b.training.earlyStopping.enabled = true;
    b.model.layers[1] = { type: 'dense', units: 256, activation: 'relu' };

    const rows = compareSpecs([a, b]);
    const lr = rows.find((r) => r.path === 'training.learningRate');
    expect(lr).toEqual({ path: 'training.learningRate', label: 'Learning rate', values: ['0.001', '0.01'], differs: true });
    expect(rows.find((r) => r.label === 'Batch size')).toEqual({ path: 'training.batchSize', label: 'Batch size', values: ['32', '32'], differs: false });
    expect(rows.find((r) => r.label === 'Layer 2')).toMatchObject({ path: 'model.layers[1]', values: ['dense 128 relu', 'dense 256 relu'], differs: true });
    expect(rows.find((r) => r.label === 'Max training examples')?.values).toEqual(['all', 'all']);
    expect(differing([a, b]).map((r) => r.path)).toEqual(['training.learningRate', 'training.schedule.kind', 'training.earlyStopping.enabled', 'seed', 'model.layers[1]']);
  });

  it('aligns layers by index with — where a stack is shorter', () => {
    const short = makeSpec({ model: { layers: [{ type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax' }] } });
    const long = makeSpec();
    const rows = compareSpecs([short, long, short]);
    const layerRows = rows.filter((r) => r.path.startsWith('model.layers['));
    expect(layerRows.map((r) => r.label)).toEqual(['Layer 1', 'Layer 2', 'Layer 3', 'Layer 4']);
    expect(layerRows.map((r) => r.values)).toEqual([
      ['flatten', 'flatten', 'flatten'],
      ['dense 10 softmax', 'dense 128 relu', 'dense 10 softmax'],
      [MISSING, 'dropout 0.2', MISSING],
      [MISSING, 'dense 10 softmax', MISSING],
    ]);
    expect(layerRows.map((r) => r.differs)).toEqual([false, true, true, true]);
    expect(rows.find((r) => r.label === 'Layers')).toMatchObject({ values: ['2', '4', '2'], differs: true });
  });

  it('handles one spec and none', () => {
    expect(differing([makeSpec()])).toEqual([]);
    const none = compareSpecs([]);
    expect(none.every((r) => r.values.length === 0 && !r.differs)).toBe(true);
  });

  const activation = fc.constantFrom(...ACTIVATIONS);
  const padding = fc.constantFrom('valid' as const, 'same' as const);
  const small = fc.integer({ min: 1, max: 512 });
  const layerArb: fc.Arbitrary<LayerSpec> = fc.oneof(
    fc.record({ type: fc.constant('dense' as const), units: small, activation }),
    fc.record({ type: fc.constant('conv2d' as const), filters: small, kernelSize: fc.integer({ min: 1, max: 7 }), strides: fc.integer({ min: 1, max: 3 }), padding, activation }),
    fc.record({ type: fc.constantFrom('maxPool2d' as const, 'avgPool2d' as const), poolSize: fc.integer({ min: 1, max: 4 }), strides: fc.integer({ min: 1, max: 4 }), padding }),
    fc.record({ type: fc.constant('dropout' as const), rate: fc.double({ min: 0, max: 0.9, noNaN: true }) }),
    fc.record({ type: fc.constantFrom('flatten' as const, 'batchNorm' as const, 'globalAvgPool2d' as const) }),
    fc.record({ type: fc.constant('reshape' as const), targetShape: fc.array(small, { minLength: 1, maxLength: 3 }) }),
    fc.record({ type: fc.constant('residual' as const), filters: small, kernelSize: fc.integer({ min: 1, max: 5 }), activation }),
    fc.record({ type: fc.constantFrom('lstm' as const, 'gru' as const), units: small, returnSequences: fc.boolean() }),
  );
  const learningRate = fc.double({ min: 1e-7, max: 1, noNaN: true, noDefaultInfinity: true });
  const specArb: fc.Arbitrary<ExperimentSpec> = fc.record({
    version: fc.constant(1 as const),
    name: fc.string(),
    dataset: fc.record(
      {
        id: fc.string(),
        fingerprint: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 8, maxLength: 8 }),
        testFraction: fc.double({ min: 0, max: 0.5, noNaN: true }),
        splitSeed: fc.nat(),
        normalization: fc.constantFrom('scale01' as const, 'standardize' as const, 'none' as const),
      },
      { requiredKeys: ['id', 'testFraction', 'splitSeed', 'normalization'] },
    ),
    model: fc.record({ layers: fc.array(layerArb, { maxLength: 8 }) }),
    training: fc.record({
      optimizer: fc.constantFrom(...OPTIMIZERS),
      learningRate,
      momentum: fc.double({ min: 0, max: 0.99, noNaN: true }),
      schedule: fc.record({
        kind: fc.constantFrom('constant' as const, 'step' as const, 'exponential' as const, 'cosine' as const),
        warmupEpochs: fc.nat({ max: 5 }),
        stepEpochs: fc.integer({ min: 1, max: 20 }),
        factor: fc.double({ min: 0.01, max: 1, noNaN: true }),
        minLearningRate: fc.double({ min: 0, max: 1e-3, noNaN: true }),
      }),
      loss: fc.constantFrom(...LOSSES),
      epochs: fc.integer({ min: 1, max: 100 }),
      batchSize: fc.integer({ min: 1, max: 1024 }),
      l1: fc.double({ min: 0, max: 0.1, noNaN: true }),
      l2: fc.double({ min: 0, max: 0.1, noNaN: true }),
      validationFraction: fc.double({ min: 0, max: 0.5, noNaN: true }),
      earlyStopping: fc.record({ enabled: fc.boolean(), monitor: fc.constantFrom('valLoss' as const, 'valMetric' as const), patience: fc.nat({ max: 10 }), restoreBest: fc.boolean() }),
      maxTrainSamples: fc.option(fc.integer({ min: 1, max: 60_000 }), { nil: null }),
      clipNorm: fc.option(fc.double({ min: 0.01, max: 100, noNaN: true }), { nil: null }),
    }),
    seed: fc.nat(),
  });

  it('property: copies of one spec never differ', () => {
    fc.assert(
      fc.property(specArb, fc.integer({ min: 1, max: 4 }), (spec, n) => {
        const copies = Array.from({ length: n }, () => structuredClone(spec));
        expect(differing(copies)).toEqual([]);
      }),
    );
  });

  it('property: changing only the learning rate differs in exactly the "Learning rate" row', () => {
    fc.assert(
      fc.property(
        specArb,
        learningRate,
        fc.integer({ min: 0, max: 2 }),
        (spec, lr, position) => {
          fc.pre(lr !== spec.training.learningRate);
          const changed = structuredClone(spec);
          changed.training.learningRate = lr;
          const specs = [spec, structuredClone(spec)];
          specs.splice(position, 0, changed);
          const rows = differing(specs);
          expect(rows.map((r) => [r.path, r.label])).toEqual([['training.learningRate', 'Learning rate']]);
          expect(rows[0].values[position]).toBe(String(lr));
        },
      ),
    );
  });
});

describe('overlaySeries', () => {
  it('aligns runs by epoch; a run has no key where it has no value', () => {
    const runs = [
      { id: 'r1', epochs: [makeEpoch(1, { valLoss: 0.5 }), makeEpoch(2, { valLoss: 0.4 }), makeEpoch(3, { valLoss: 0.3 })] },
      // Out of order and with a gap and a null.
      { id: 'r2', epochs: [makeEpoch(2, { valLoss: 0.6 }), makeEpoch(1, { valLoss: null }), makeEpoch(4, { valLoss: 0.2 })] },
      { id: 'r3', epochs: [] },
    ];
    expect(overlaySeries(runs, 'valLoss')).toEqual([
      { epoch: 1, r1: 0.5 },
      { epoch: 2, r1: 0.4, r2: 0.6 },
      { epoch: 3, r1: 0.3 },
      { epoch: 4, r2: 0.2 },
    ]);
    expect(overlaySeries(runs, 'testMetric').map((r) => Object.keys(r).sort())).toEqual([
      ['epoch', 'r1', 'r2'],
      ['epoch', 'r1', 'r2'],
      ['epoch', 'r1'],
      ['epoch', 'r2'],
    ]);
    expect(overlaySeries([], 'trainLoss')).toEqual([]);
  });

  it('drops values that cannot be drawn (a diverged NaN loss)', () => {
    expect(overlaySeries([{ id: 'x', epochs: [makeEpoch(1, { trainLoss: NaN }), makeEpoch(2, { trainLoss: 1 })] }], 'trainLoss')).toEqual([{ epoch: 1 }, { epoch: 2, x: 1 }]);
  });
});

describe('axis titles and aligned axes', () => {
  it('names the y axis of each series, in percent for classification metrics', async () => {
    const { seriesAxisLabel, seriesScale, commonTask, epochDomain } = await import('./compare');
    expect(seriesAxisLabel('valMetric', 'classification')).toBe('validation accuracy (%)');
    expect(seriesAxisLabel('testMetric', 'regression')).toBe('test MAE');
    expect(seriesAxisLabel('valLoss', 'classification')).toBe('validation loss');
    expect(seriesAxisLabel('trainMetric', null)).toBe('training metric');
    expect(seriesScale('valMetric', 'classification')).toBe(100);
    expect(seriesScale('valLoss', 'classification')).toBe(1);
    expect(commonTask([{ task: 'classification' }, { task: 'regression' }])).toBeNull();
    expect(epochDomain([{ epochs: [{ epoch: 1 }], totalEpochs: 2 }, { epochs: [{ epoch: 1 }, { epoch: 5 }] }])).toEqual([1, 5]);
  });
});
