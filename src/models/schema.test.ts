import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MNIST_CONTEXT, PRESETS, specFromPreset, type DataContext } from './presets';
import { LAYER_TYPES, MAX_SPEC_JSON_CHARS, parseSpec, parseSpecJson, specToJson, type SpecIssue, type SpecParseResult } from './schema';
import {
  ACTIVATIONS,
  DEFAULT_EARLY_STOPPING,
  DEFAULT_SCHEDULE,
  LOSSES,
  OPTIMIZERS,
  type ExperimentSpec,
  type LayerSpec,
  type ScheduleSpec,
} from './spec';

const TABULAR_CONTEXT: DataContext = { kind: 'tabular', task: 'classification', numClasses: 3 };
const REGRESSION_CONTEXT: DataContext = { kind: 'tabular', task: 'regression', numClasses: 0 };
const CONTEXTS: [string, DataContext][] = [
  ['MNIST', MNIST_CONTEXT],
  ['tabular', TABULAR_CONTEXT],
  ['regression', REGRESSION_CONTEXT],
];

type Json = Record<string, unknown>;

/** A mutable JSON copy of a valid spec (the CNN preset has every field kind we poke at). */
function validJson(): Json {
  const spec = specFromPreset('keras-mlp', MNIST_CONTEXT);
  return JSON.parse(specToJson(spec)) as Json;
}

const DELETE = Symbol('delete');

/** Sets (or deletes) the value at a path like ['training', 'schedule', 'factor'] or ['model', 'layers', 1]. */
function setAt(root: Json, path: readonly (string | number)[], value: unknown): Json {
  let node: Record<string | number, unknown> = root;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return root;
}

function issuesOf(r: SpecParseResult): SpecIssue[] {
  if (r.ok) throw new Error('expected the spec to be refused');
  return r.issues;
}

function specOf(r: SpecParseResult): ExperimentSpec {
  if (!r.ok) throw new Error(`expected a valid spec, got ${JSON.stringify(r.issues)}`);
  return r.spec;
}

describe('presets', () => {
  for (const [ctxName, ctx] of CONTEXTS) {
    for (const preset of PRESETS) {
      it(`${preset.id} on ${ctxName} data round-trips through JSON unchanged`, () => {
        const spec = specFromPreset(preset.id, ctx);
        const json = specToJson(spec);
        const back = specOf(parseSpecJson(json));
        expect(back).toEqual(spec);
        expect(specToJson(back)).toBe(json);
        // And straight from the object, without JSON in between.
        expect(specOf(parseSpec(spec))).toEqual(spec);
      });
    }
  }
});

describe('field-level issues', () => {
  const CASES: { path: readonly (string | number)[]; value: unknown; issue: SpecIssue }[] = [
    // wrong types (no coercion)
    { path: ['training', 'learningRate'], value: 'fast', issue: { path: 'training.learningRate', message: 'expected a number' } },
    { path: ['training', 'learningRate'], value: '0.01', issue: { path: 'training.learningRate', message: 'expected a number' } },
    { path: ['training', 'learningRate'], value: null, issue: { path: 'training.learningRate', message: 'expected a number' } },
    { path: ['training', 'maxTrainSamples'], value: 'all', issue: { path: 'training.maxTrainSamples', message: 'expected a number or null' } },
    { path: ['training', 'earlyStopping', 'enabled'], value: 'yes', issue: { path: 'training.earlyStopping.enabled', message: 'expected true or false' } },
    { path: ['name'], value: 42, issue: { path: 'name', message: 'expected text' } },
    { path: ['training'], value: [], issue: { path: 'training', message: 'expected an object' } },
    { path: ['training', 'schedule'], value: null, issue: { path: 'training.schedule', message: 'expected an object' } },
    { path: ['model', 'layers'], value: {}, issue: { path: 'model.layers', message: 'expected a list' } },
    { path: ['model', 'layers', 0], value: null, issue: { path: 'model.layers[0]', message: 'expected an object' } },
    { path: ['model', 'layers', 1, 'activation'], value: 'gelu', issue: { path: 'model.layers[1].activation', message: `must be one of: ${ACTIVATIONS.join(', ')}` } },
    // out of range
    { path: ['training', 'learningRate'], value: 0, issue: { path: 'training.learningRate', message: 'must be greater than 0' } },
    { path: ['training', 'learningRate'], value: 10.5, issue: { path: 'training.learningRate', message: 'must be at most 10' } },
    { path: ['training', 'epochs'], value: 0, issue: { path: 'training.epochs', message: 'must be at least 1' } },
    { path: ['training', 'epochs'], value: 2.5, issue: { path: 'training.epochs', message: 'must be a whole number' } },
    { path: ['training', 'epochs'], value: 1001, issue: { path: 'training.epochs', message: 'must be at most 1000' } },
    { path: ['training', 'batchSize'], value: 8193, issue: { path: 'training.batchSize', message: 'must be at most 8192' } },
    { path: ['training', 'momentum'], value: 1, issue: { path: 'training.momentum', message: 'must be less than 1' } },
    { path: ['training', 'momentum'], value: -0.1, issue: { path: 'training.momentum', message: 'must be at least 0' } },
    { path: ['training', 'l1'], value: 2, issue: { path: 'training.l1', message: 'must be at most 1' } },
    { path: ['training', 'l2'], value: -1e-9, issue: { path: 'training.l2', message: 'must be at least 0' } },
    { path: ['training', 'validationFraction'], value: 0.6, issue: { path: 'training.validationFraction', message: 'must be at most 0.5' } },
    { path: ['training', 'maxTrainSamples'], value: 0, issue: { path: 'training.maxTrainSamples', message: 'must be at least 1' } },
    { path: ['training', 'maxTrainSamples'], value: 10_000_001, issue: { path: 'training.maxTrainSamples', message: 'must be at most 10,000,000' } },
    { path: ['training', 'schedule', 'factor'], value: 0, issue: { path: 'training.schedule.factor', message: 'must be greater than 0' } },
    { path: ['training', 'schedule', 'factor'], value: 1.5, issue: { path: 'training.schedule.factor', message: 'must be at most 1' } },
    { path: ['training', 'schedule', 'warmupEpochs'], value: 1001, issue: { path: 'training.schedule.warmupEpochs', message: 'must be at most 1000' } },
    { path: ['training', 'schedule', 'stepEpochs'], value: 0.5, issue: { path: 'training.schedule.stepEpochs', message: 'must be at least 1' } },
    { path: ['training', 'schedule', 'minLearningRate'], value: 11, issue: { path: 'training.schedule.minLearningRate', message: 'must be at most 10' } },
    { path: ['training', 'earlyStopping', 'patience'], value: 0, issue: { path: 'training.earlyStopping.patience', message: 'must be at least 1' } },
    { path: ['dataset', 'testFraction'], value: 0.01, issue: { path: 'dataset.testFraction', message: 'must be at least 0.05' } },
    { path: ['seed'], value: 1.5, issue: { path: 'seed', message: 'must be a whole number' } },
    { path: ['seed'], value: 2 ** 53, issue: { path: 'seed', message: 'must be between -9,007,199,254,740,991 and 9,007,199,254,740,991' } },
    { path: ['model', 'layers', 1, 'units'], value: 5000, issue: { path: 'model.layers[1].units', message: 'must be at most 4096' } },
    { path: ['model', 'layers', 2, 'rate'], value: 0.95, issue: { path: 'model.layers[2].rate', message: 'must be less than 0.95' } },
    { path: ['name'], value: 'x'.repeat(101), issue: { path: 'name', message: 'must be at most 100 characters' } },
    { path: ['dataset', 'id'], value: '', issue: { path: 'dataset.id', message: 'must not be empty' } },
    { path: ['dataset', 'id'], value: 'd'.repeat(201), issue: { path: 'dataset.id', message: 'must be at most 200 characters' } },
    { path: ['dataset', 'fingerprint'], value: 'ABCDEF', issue: { path: 'dataset.fingerprint', message: 'must be lowercase hexadecimal digits (0-9, a-f)' } },
    { path: ['dataset', 'fingerprint'], value: 'a'.repeat(65), issue: { path: 'dataset.fingerprint', message: 'must be at most 64 characters' } },
    // enumerations
    { path: ['training', 'optimizer'], value: 'lbfgs', issue: { path: 'training.optimizer', message: `must be one of: ${OPTIMIZERS.join(', ')}` } },
    { path: ['training', 'loss'], value: 'hinge', issue: { path: 'training.loss', message: `must be one of: ${LOSSES.join(', ')}` } },
    { path: ['training', 'schedule', 'kind'], value: 'linear', issue: { path: 'training.schedule.kind', message: 'must be one of: constant, step, exponential, cosine' } },
    { path: ['training', 'earlyStopping', 'monitor'], value: 'valAccuracy', issue: { path: 'training.earlyStopping.monitor', message: 'must be one of: valLoss, valMetric' } },
    { path: ['dataset', 'normalization'], value: 'minmax', issue: { path: 'dataset.normalization', message: 'must be one of: scale01, standardize, none' } },
    { path: ['model', 'layers', 0, 'type'], value: 'transformer', issue: { path: 'model.layers[0].type', message: `must be one of: ${LAYER_TYPES.join(', ')}` } },
    // layers of other types
    {
      path: ['model', 'layers', 0],
      value: { type: 'conv2d', filters: 8, kernelSize: 12, strides: 1, padding: 'same', activation: 'relu' },
      issue: { path: 'model.layers[0].kernelSize', message: 'must be at most 11' },
    },
    { path: ['model', 'layers', 0], value: { type: 'conv2d', filters: 513, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' }, issue: { path: 'model.layers[0].filters', message: 'must be at most 512' } },
    { path: ['model', 'layers', 0], value: { type: 'maxPool2d', poolSize: 9, strides: 2, padding: 'valid' }, issue: { path: 'model.layers[0].poolSize', message: 'must be at most 8' } },
    { path: ['model', 'layers', 0], value: { type: 'avgPool2d', poolSize: 2, strides: 5, padding: 'valid' }, issue: { path: 'model.layers[0].strides', message: 'must be at most 4' } },
    { path: ['model', 'layers', 0], value: { type: 'avgPool2d', poolSize: 2, strides: 2, padding: 'full' }, issue: { path: 'model.layers[0].padding', message: 'must be one of: valid, same' } },
    { path: ['model', 'layers', 0], value: { type: 'reshape', targetShape: [] }, issue: { path: 'model.layers[0].targetShape', message: 'must have at least 1 dimension' } },
    { path: ['model', 'layers', 0], value: { type: 'reshape', targetShape: [1, 2, 3, 4] }, issue: { path: 'model.layers[0].targetShape', message: 'must have at most 3 dimensions' } },
    { path: ['model', 'layers', 0], value: { type: 'reshape', targetShape: [28, 0] }, issue: { path: 'model.layers[0].targetShape[1]', message: 'must be at least 1' } },
    { path: ['model', 'layers', 0], value: { type: 'reshape', targetShape: [65537] }, issue: { path: 'model.layers[0].targetShape[0]', message: 'must be at most 65,536' } },
    { path: ['model', 'layers', 0], value: { type: 'lstm', units: 8 }, issue: { path: 'model.layers[0].returnSequences', message: 'missing field' } },
    { path: ['model', 'layers', 0], value: { type: 'residual', filters: 8, kernelSize: 3, activation: 'relu', strides: 1 }, issue: { path: 'model.layers[0].strides', message: 'unknown field' } },
    { path: ['model', 'layers', 0], value: { units: 8 }, issue: { path: 'model.layers[0].type', message: `missing field; must be one of: ${LAYER_TYPES.join(', ')}` } },
    { path: ['model', 'layers', 0], value: { type: 'batchNorm', momentum: 0.99 }, issue: { path: 'model.layers[0].momentum', message: 'unknown field' } },
    { path: ['model', 'layers'], value: [], issue: { path: 'model.layers', message: 'must have at least 1 layer' } },
    { path: ['model', 'layers'], value: Array.from({ length: 65 }, () => ({ type: 'flatten' })), issue: { path: 'model.layers', message: 'must have at most 64 layers' } },
    // unknown and missing keys
    { path: ['training', 'learningrate'], value: 0.1, issue: { path: 'training.learningrate', message: 'unknown field' } },
    { path: ['comment'], value: 'hi', issue: { path: 'comment', message: 'unknown field' } },
    { path: ['training', 'learning rate'], value: 0.1, issue: { path: 'training["learning rate"]', message: 'unknown field' } },
    { path: ['dataset', 'id'], value: DELETE, issue: { path: 'dataset.id', message: 'missing field' } },
    { path: ['training', 'loss'], value: DELETE, issue: { path: 'training.loss', message: 'missing field' } },
    { path: ['training', 'schedule', 'factor'], value: DELETE, issue: { path: 'training.schedule.factor', message: 'missing field' } },
    { path: ['training', 'maxTrainSamples'], value: DELETE, issue: { path: 'training.maxTrainSamples', message: 'missing field' } },
    // gradient clipping (global norm): null or a positive number
    { path: ['training', 'clipNorm'], value: 0, issue: { path: 'training.clipNorm', message: 'must be greater than 0' } },
    { path: ['training', 'clipNorm'], value: -1, issue: { path: 'training.clipNorm', message: 'must be greater than 0' } },
    { path: ['training', 'clipNorm'], value: 1_000_001, issue: { path: 'training.clipNorm', message: 'must be at most 1,000,000' } },
    { path: ['training', 'clipNorm'], value: 'on', issue: { path: 'training.clipNorm', message: 'expected a number or null' } },
    { path: ['model'], value: DELETE, issue: { path: 'model', message: 'missing field' } },
  ];

  for (const c of CASES) {
    const what = c.value === DELETE ? 'deleted' : JSON.stringify(c.value)?.slice(0, 40);
    it(`${c.path.join('.')} = ${what} → ${c.issue.path}: ${c.issue.message}`, () => {
      const r = parseSpec(setAt(validJson(), c.path, c.value));
      expect(issuesOf(r)).toEqual([c.issue]);
    });
  }

  it('accepts the edges of every range', () => {
    const j = validJson();
    setAt(j, ['training', 'learningRate'], 10);
    setAt(j, ['training', 'momentum'], 0);
    setAt(j, ['training', 'epochs'], 1000);
    setAt(j, ['training', 'batchSize'], 8192);
    setAt(j, ['training', 'validationFraction'], 0);
    setAt(j, ['training', 'maxTrainSamples'], 10_000_000);
    setAt(j, ['training', 'clipNorm'], 1_000_000);
    setAt(j, ['dataset', 'testFraction'], 0.5);
    setAt(j, ['dataset', 'splitSeed'], -(2 ** 53 - 1));
    setAt(j, ['dataset', 'fingerprint'], 'f'.repeat(64));
    setAt(j, ['seed'], 2 ** 53 - 1);
    setAt(j, ['name'], '');
    setAt(j, ['training', 'schedule'], { kind: 'cosine', warmupEpochs: 1000, stepEpochs: 1, factor: 1, minLearningRate: 10 });
    setAt(j, ['model', 'layers'], [
      { type: 'reshape', targetShape: [65536, 1, 1] },
      { type: 'dropout', rate: 0.9499 },
      { type: 'gru', units: 4096, returnSequences: true },
      ...Array.from({ length: 61 }, () => ({ type: 'batchNorm' })),
    ]);
    expect(specOf(parseSpec(j)).model.layers).toHaveLength(64);
  });

  it('reports every broken field at once, in field order', () => {
    const j = validJson();
    setAt(j, ['name'], DELETE);
    setAt(j, ['model', 'layers', 1, 'units'], 0);
    setAt(j, ['training', 'epochs'], -1);
    setAt(j, ['extra'], true);
    expect(issuesOf(parseSpec(j)).map((i) => i.path)).toEqual(['name', 'model.layers[1].units', 'training.epochs', 'extra']);
  });

  it('reads the Tiny ViT preset back from its JSON, and names a bad pool mode or head count in a ViT layer', () => {
    const vit = specFromPreset('vit-tiny');
    expect(specOf(parseSpecJson(specToJson(vit)))).toEqual(vit);
    const j = JSON.parse(specToJson(vit)) as Json;
    setAt(j, ['model', 'layers', 4, 'mode'], 'max');
    setAt(j, ['model', 'layers', 2, 'heads'], 0);
    expect(issuesOf(parseSpec(j))).toEqual([
      { path: 'model.layers[2].heads', message: 'must be at least 1' },
      { path: 'model.layers[4].mode', message: 'must be one of: cls, mean' },
    ]);
  });

  it('gives one message per field: the first rule it breaks', () => {
    expect(issuesOf(parseSpec(setAt(validJson(), ['training', 'epochs'], 0.5)))).toEqual([{ path: 'training.epochs', message: 'must be a whole number' }]);
  });

  it('refuses non-finite numbers (possible in objects, and 1e999 in JSON)', () => {
    expect(issuesOf(parseSpec(setAt(validJson(), ['training', 'l1'], Number.POSITIVE_INFINITY)))).toEqual([{ path: 'training.l1', message: 'must be a finite number' }]);
    expect(issuesOf(parseSpec(setAt(validJson(), ['training', 'l1'], Number.NaN)))).toEqual([{ path: 'training.l1', message: 'expected a number' }]);
    const text = specToJson(specFromPreset('keras-mlp')).replace('"l1": 0', '"l1": 1e999');
    expect(issuesOf(parseSpecJson(text))).toEqual([{ path: 'training.l1', message: 'must be a finite number' }]);
  });

  it("keeps a table recipe's read choices (header row, sheet) through JSON, and names a bad one", () => {
    const recipe = { version: 1, columns: [{ name: 'a', role: 'label', type: 'numeric', missing: 'median', fill: '', indicator: false, dateParts: [], cyclic: false }], label: 'a', task: 'regression', missingTokens: [''], maxLevels: 50 };
    const j = setAt(validJson(), ['dataset', 'table'], { ...recipe, read: { header: false, sheet: 'Data' } });
    const spec = specOf(parseSpec(j));
    expect(spec.dataset.table?.read).toEqual({ header: false, sheet: 'Data' });
    expect(specOf(parseSpecJson(specToJson(spec))).dataset.table?.read).toEqual({ header: false, sheet: 'Data' });
    expect(issuesOf(parseSpec(setAt(validJson(), ['dataset', 'table'], { ...recipe, read: { header: 'no' } })))[0].path).toBe('dataset.table.read.header');
  });

  it('accepts negative seeds and a missing fingerprint', () => {
    const j = setAt(validJson(), ['dataset', 'splitSeed'], -1);
    expect(specOf(parseSpec(j)).dataset).not.toHaveProperty('fingerprint');
  });
});

describe('version', () => {
  it('refuses a spec without a version, and nothing else is reported', () => {
    const j = setAt(validJson(), ['version'], DELETE);
    setAt(j, ['training', 'epochs'], -5);
    expect(issuesOf(parseSpec(j))).toEqual([{ path: 'version', message: 'not a Tensorscope spec: no version' }]);
  });

  it('refuses a newer version by name', () => {
    expect(issuesOf(parseSpec(setAt(validJson(), ['version'], 3)))).toEqual([
      { path: 'version', message: 'this spec was made by a newer Tensorscope (version 3); this one reads version 1' },
    ]);
    expect(issuesOf(parseSpecJson('{"version": 2}'))).toEqual([
      { path: 'version', message: 'this spec was made by a newer Tensorscope (version 2); this one reads version 1' },
    ]);
  });

  it('refuses versions that never existed', () => {
    const cases: [unknown, string][] = [
      [0, 'unknown spec version 0; this one reads version 1'],
      [1.5, 'unknown spec version 1.5; this one reads version 1'],
      ['1', 'unknown spec version "1"; this one reads version 1'],
      [null, 'unknown spec version null; this one reads version 1'],
      [[1], 'unknown spec version a list; this one reads version 1'],
    ];
    for (const [version, message] of cases) expect(issuesOf(parseSpec(setAt(validJson(), ['version'], version)))).toEqual([{ path: 'version', message }]);
  });

  it('refuses things that are not objects', () => {
    for (const x of [null, 1, 'spec', [], true, undefined]) {
      expect(issuesOf(parseSpec(x))).toEqual([{ path: '', message: 'expected a JSON object (a Tensorscope spec)' }]);
    }
  });
});

describe('restore: defaults and migrations for older v1 specs', () => {
  /** What a spec saved before schedules, early stopping, momentum and weight penalties looked like. */
  function oldSpec(): Json {
    const j = validJson();
    const training = j.training as Json;
    for (const key of ['schedule', 'earlyStopping', 'momentum', 'l1', 'l2', 'clipNorm']) delete training[key];
    setAt(j, ['model', 'layers'], [
      { type: 'maxPool2d', poolSize: 2, strides: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 10, activation: 'softmax' },
    ]);
    return j;
  }

  it('fills absent fields with their defaults', () => {
    const spec = specOf(parseSpec(oldSpec()));
    expect(spec.training.schedule).toEqual(DEFAULT_SCHEDULE);
    expect(spec.training.earlyStopping).toEqual(DEFAULT_EARLY_STOPPING);
    expect(spec.training.momentum).toBe(0.9);
    expect(spec.training.l1).toBe(0);
    expect(spec.training.l2).toBe(0);
    expect(spec.training.clipNorm).toBeNull();
    expect(spec.model.layers[0]).toEqual({ type: 'maxPool2d', poolSize: 2, strides: 2, padding: 'valid' });
  });

  it('hands out copies of the defaults, never the shared objects', () => {
    const spec = specOf(parseSpec(oldSpec()));
    expect(spec.training.schedule).not.toBe(DEFAULT_SCHEDULE);
    spec.training.schedule.kind = 'cosine';
    spec.training.earlyStopping.patience = 99;
    expect(DEFAULT_SCHEDULE.kind).toBe('constant');
    expect(DEFAULT_EARLY_STOPPING.patience).toBe(3);
  });

  it('keeps values that are present, and leaves wrong ones to be reported', () => {
    const j = oldSpec();
    setAt(j, ['training', 'l2'], 0.01);
    setAt(j, ['training', 'earlyStopping'], 'on');
    expect(issuesOf(parseSpec(j))).toEqual([{ path: 'training.earlyStopping', message: 'expected an object' }]);
    setAt(j, ['training', 'earlyStopping'], DELETE);
    expect(specOf(parseSpec(j)).training.l2).toBe(0.01);
  });

  it('does not fill a partial schedule field by field (a half-written schedule is an error, not an old spec)', () => {
    const j = setAt(validJson(), ['training', 'schedule'], { kind: 'cosine' });
    expect(issuesOf(parseSpec(j)).map((i) => i.path)).toEqual([
      'training.schedule.warmupEpochs',
      'training.schedule.stepEpochs',
      'training.schedule.factor',
      'training.schedule.minLearningRate',
    ]);
  });

  it('never modifies its input, and the result shares no objects with it', () => {
    const input = deepFreeze(oldSpec());
    const before = JSON.stringify(input);
    const spec = specOf(parseSpec(input));
    expect(JSON.stringify(input)).toBe(before);
    expect(spec.dataset).not.toBe(input.dataset);
    expect(spec.model.layers[1]).not.toBe((input.model as { layers: unknown[] }).layers[1]);
  });
});

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object') {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

describe('untrusted input', () => {
  it('refuses __proto__, constructor and prototype keys anywhere, without polluting Object.prototype', () => {
    const good = specToJson(specFromPreset('keras-mlp'));
    const cases: [string, string, string][] = [
      [good.replace('"version": 1,', '"version": 1, "__proto__": {"polluted": true},'), '__proto__', '__proto__'],
      [good.replace('"optimizer"', '"constructor": {"prototype": {"polluted": true}}, "optimizer"'), 'training.constructor', 'constructor'],
      [good.replace('"type": "flatten"', '"type": "flatten", "prototype": 1'), 'model.layers[0].prototype', 'prototype'],
    ];
    for (const [text, path, key] of cases) expect(issuesOf(parseSpecJson(text))).toEqual([{ path, message: `forbidden key "${key}"` }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never runs getters', () => {
    let ran = false;
    const j = validJson();
    Object.defineProperty(j, 'name', {
      enumerable: true,
      get() {
        ran = true;
        return 'x';
      },
    });
    expect(issuesOf(parseSpec(j))).toEqual([{ path: 'name', message: 'expected plain data, found a getter' }]);
    expect(ran).toBe(false);
  });

  it('refuses class instances, functions and symbols', () => {
    expect(issuesOf(parseSpec(setAt(validJson(), ['name'], new Date(0))))).toEqual([{ path: 'name', message: 'expected plain JSON data, found an instance of a class' }]);
    expect(issuesOf(parseSpec(setAt(validJson(), ['seed'], () => 1)))).toEqual([{ path: 'seed', message: 'expected JSON data, found a function' }]);
    expect(issuesOf(parseSpec(setAt(validJson(), ['seed'], Symbol('s'))))).toEqual([{ path: 'seed', message: 'expected JSON data, found a symbol' }]);
    expect(issuesOf(parseSpec(new Map([['version', 1]])))).toEqual([{ path: '', message: 'expected plain JSON data, found an instance of a class' }]);
  });

  it('survives cycles, huge arrays and deep nesting quickly', () => {
    const cyclic = validJson();
    setAt(cyclic, ['model', 'layers', 0], cyclic);
    expect(issuesOf(parseSpec(cyclic))[0].message).toMatch(/nested too deeply/);

    const t0 = performance.now();
    const huge = setAt(validJson(), ['model', 'layers'], new Array(5_000_000).fill({ type: 'flatten' }));
    expect(issuesOf(parseSpec(huge))).toEqual([{ path: '', message: 'too large: more than 20,000 values (a spec has a few hundred)' }]);
    const sparse = setAt(validJson(), ['model', 'layers'], new Array(2 ** 32 - 1));
    expect(issuesOf(parseSpec(sparse))[0].message).toMatch(/too large/);
    expect(performance.now() - t0).toBeLessThan(2000);

    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(issuesOf(parseSpecJson(deep))).toEqual([{ path: '[0]'.repeat(12), message: 'nested too deeply (more than 12 levels)' }]);
    const deepBroken = `${'['.repeat(100_000)}}`;
    expect(issuesOf(parseSpecJson(deepBroken))[0].message).toMatch(/^invalid JSON/);
  });

  it('refuses text over 1 MB before parsing it', () => {
    const text = ' '.repeat(MAX_SPEC_JSON_CHARS + 1);
    expect(issuesOf(parseSpecJson(text))).toEqual([{ path: '', message: 'too long: 1,000,001 characters; a spec is at most 1,000,000' }]);
  });

  it('never throws, even for a hostile Proxy or a non-string', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    expect(issuesOf(parseSpec(hostile))).toEqual([{ path: '', message: 'could not read the spec: boom' }]);
    expect(issuesOf(parseSpecJson(42 as unknown as string))).toEqual([{ path: '', message: 'expected text' }]);
  });
});

describe('parseSpecJson syntax errors', () => {
  const cases: [string, string][] = [
    ['{"version": 1,}', 'invalid JSON at line 1, column 15 (character 15): expected a field name in double quotes, found "}"'],
    ['{\n  "version": 1\n  "name": "x"\n}', `invalid JSON at line 3, column 3 (character 20): expected ',' or '}', found "\\""`],
    ['{\n  "a": tru }', 'invalid JSON at line 2, column 8 (character 10): expected a value (object, list, text in double quotes, number, true, false or null), found "tru"'],
    ["{'version': 1}", 'invalid JSON at line 1, column 2 (character 2): expected a field name in double quotes, found "\'"'],
    ['{"a": [1, 2,, 3]}', 'invalid JSON at line 1, column 13 (character 13): expected a value (object, list, text in double quotes, number, true, false or null), found ","'],
    ['{"a": "unterminated', 'invalid JSON at line 1, column 20 (character 20): expected a closing ", found the end of the text'],
    ['{"a": 01}', "invalid JSON at line 1, column 8 (character 8): expected ',' or '}', found \"1\""],
    ['{"a": 1.}', 'invalid JSON at line 1, column 9 (character 9): expected a digit after the decimal point, found "}"'],
    ['{"a": "\\x"}', 'invalid JSON at line 1, column 8 (character 8): expected a valid escape (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX), found "\\\\"'],
    ['{} {}', 'invalid JSON at line 1, column 4 (character 4): expected the end of the text, found "{"'],
    ['{"a": NaN}', 'invalid JSON at line 1, column 7 (character 7): expected a value (object, list, text in double quotes, number, true, false or null), found "NaN"'],
  ];
  for (const [text, message] of cases) {
    it(JSON.stringify(text), () => {
      expect(issuesOf(parseSpecJson(text))).toEqual([{ path: '', message }]);
    });
  }

  it('calls empty input empty', () => {
    for (const text of ['', '   \n', '\ufeff']) expect(issuesOf(parseSpecJson(text))).toEqual([{ path: '', message: 'empty: expected a spec as JSON text' }]);
  });

  it('accepts a byte-order mark before a valid spec', () => {
    const spec = specFromPreset('cnn');
    expect(specOf(parseSpecJson(`\ufeff${specToJson(spec)}`))).toEqual(spec);
  });

  it('finds a position for every text JSON.parse refuses', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        let valid = true;
        try {
          JSON.parse(s);
        } catch {
          valid = false;
        }
        const r = parseSpecJson(s);
        if (!valid && s.replace(/^\ufeff/, '').trim() !== '') expect(issuesOf(r)[0].message).toMatch(/^invalid JSON at line \d+, column \d+/);
      }),
    );
  });
});

describe('specToJson', () => {
  it('writes two-space indented JSON with keys in a fixed order, whatever order the object has', () => {
    const spec = specFromPreset('cnn', MNIST_CONTEXT);
    const reversed = reverseKeys(spec) as ExperimentSpec;
    expect(Object.keys(reversed)[0]).toBe('seed');
    const text = specToJson(reversed);
    expect(text).toBe(specToJson(spec));
    expect(text.startsWith('{\n  "version": 1,\n  "name": "CNN",\n  "dataset": {\n    "id": ')).toBe(true);
    expect(text.includes('"type": "conv2d",\n        "filters": 32,\n        "kernelSize": 3,\n        "strides": 1,\n        "padding": "valid",\n        "activation": "relu"')).toBe(true);
  });

  it('puts the fingerprint right after the dataset id and leaves it out when absent', () => {
    const spec = specFromPreset('keras-mlp');
    expect(specToJson(spec)).not.toContain('fingerprint');
    expect(specToJson({ ...spec, dataset: { ...spec.dataset, fingerprint: 'abc123' } })).toContain('"id": "mnist-bundled",\n    "fingerprint": "abc123",\n    "testFraction"');
  });
});

function reverseKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(reverseKeys);
  if (x === null || typeof x !== 'object') return x;
  return Object.fromEntries(Object.entries(x).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}

// ---------------------------------------------------------------------------------------------------------------
// Properties.

const activationArb = fc.constantFrom(...ACTIVATIONS);
const paddingArb = fc.constantFrom('valid' as const, 'same' as const);
const int = (min: number, max: number) => fc.integer({ min, max });
const real = (min: number, max: number, open: { minExcluded?: boolean; maxExcluded?: boolean } = {}) => fc.double({ min, max, noNaN: true, ...open });

const layerArb: fc.Arbitrary<LayerSpec> = fc.oneof(
  fc.record({ type: fc.constant('dense' as const), units: int(1, 4096), activation: activationArb }),
  fc.record({ type: fc.constant('conv2d' as const), filters: int(1, 512), kernelSize: int(1, 11), strides: int(1, 4), padding: paddingArb, activation: activationArb }),
  fc.record({ type: fc.constant('maxPool2d' as const), poolSize: int(1, 8), strides: int(1, 4), padding: paddingArb }),
  fc.record({ type: fc.constant('avgPool2d' as const), poolSize: int(1, 8), strides: int(1, 4), padding: paddingArb }),
  fc.record({ type: fc.constant('globalAvgPool2d' as const) }),
  fc.record({ type: fc.constant('dropout' as const), rate: real(0, 0.95, { maxExcluded: true }) }),
  fc.record({ type: fc.constant('batchNorm' as const) }),
  fc.record({ type: fc.constant('flatten' as const) }),
  fc.record({ type: fc.constant('reshape' as const), targetShape: fc.array(int(1, 65536), { minLength: 1, maxLength: 3 }) }),
  fc.record({ type: fc.constant('activation' as const), activation: activationArb }),
  fc.record({ type: fc.constant('residual' as const), filters: int(1, 512), kernelSize: int(1, 11), activation: activationArb }),
  fc.record({ type: fc.constant('lstm' as const), units: int(1, 4096), returnSequences: fc.boolean() }),
  fc.record({ type: fc.constant('gru' as const), units: int(1, 4096), returnSequences: fc.boolean() }),
);

const scheduleArb: fc.Arbitrary<ScheduleSpec> = fc.record({
  kind: fc.constantFrom('constant' as const, 'step' as const, 'exponential' as const, 'cosine' as const),
  warmupEpochs: real(0, 1000),
  stepEpochs: real(1, 1000),
  factor: real(0, 1, { minExcluded: true }),
  minLearningRate: real(0, 10),
});

const safeInt = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

const specArb: fc.Arbitrary<ExperimentSpec> = fc.record({
  version: fc.constant(1 as const),
  name: fc.string({ maxLength: 100 }),
  dataset: fc.record(
    {
      id: fc.string({ minLength: 1, maxLength: 200 }),
      fingerprint: fc.stringMatching(/^[0-9a-f]{1,64}$/),
      testFraction: real(0.05, 0.5),
      splitSeed: safeInt,
      normalization: fc.constantFrom('scale01' as const, 'standardize' as const, 'none' as const),
    },
    { requiredKeys: ['id', 'testFraction', 'splitSeed', 'normalization'] },
  ),
  model: fc.record({ layers: fc.array(layerArb, { minLength: 1, maxLength: 64 }) }),
  training: fc.record({
    optimizer: fc.constantFrom(...OPTIMIZERS),
    learningRate: real(0, 10, { minExcluded: true }),
    momentum: real(0, 1, { maxExcluded: true }),
    schedule: scheduleArb,
    loss: fc.constantFrom(...LOSSES),
    epochs: int(1, 1000),
    batchSize: int(1, 8192),
    l1: real(0, 1),
    l2: real(0, 1),
    validationFraction: real(0, 0.5),
    earlyStopping: fc.record({
      enabled: fc.boolean(),
      monitor: fc.constantFrom('valLoss' as const, 'valMetric' as const),
      patience: int(1, 1000),
      restoreBest: fc.boolean(),
    }),
    maxTrainSamples: fc.option(int(1, 10_000_000), { nil: null }),
    clipNorm: fc.option(fc.double({ min: 1e-6, max: 1_000_000, noNaN: true }), { nil: null }),
  }),
  seed: safeInt,
});

/** Every path in a JSON value: [path, value] for containers and leaves alike. */
function pathsOf(x: unknown, prefix: (string | number)[] = []): [(string | number)[], unknown][] {
  const here: [(string | number)[], unknown][] = prefix.length ? [[prefix, x]] : [];
  if (Array.isArray(x)) return [...here, ...x.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (x && typeof x === 'object') return [...here, ...Object.entries(x).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return here;
}

function expectWellFormed(r: SpecParseResult): void {
  if (r.ok) {
    const text = specToJson(r.spec);
    expect(specToJson(specOf(parseSpecJson(text)))).toBe(text);
  } else {
    expect(r.issues.length).toBeGreaterThan(0);
    expect(r.issues.length).toBeLessThanOrEqual(101);
    for (const issue of r.issues) {
      expect(typeof issue.path).toBe('string');
      expect(typeof issue.message).toBe('string');
      expect(issue.message.length).toBeGreaterThan(0);
    }
  }
}

describe('properties', () => {
  it('valid specs parse, equal themselves, and their JSON is a fixed point', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        expect(specOf(parseSpec(spec))).toEqual(spec);
        const text = specToJson(spec);
        const back = specOf(parseSpecJson(text));
        expect(specToJson(back)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('random JSON values and random text never throw, and either parse or give issues', () => {
    fc.assert(fc.property(fc.jsonValue(), (x) => expectWellFormed(parseSpec(x))), { numRuns: 300 });
    fc.assert(fc.property(fc.json(), (s) => expectWellFormed(parseSpecJson(s))), { numRuns: 300 });
    fc.assert(fc.property(fc.string(), (s) => expectWellFormed(parseSpecJson(s))), { numRuns: 300 });
    fc.assert(fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withObjectString: true }), (x) => expectWellFormed(parseSpec(x))), { numRuns: 300 });
  });

  it('mutated valid specs never throw, and either parse or give issues', () => {
    const mutation = fc.record({ spec: specArb, pick: fc.nat(), op: fc.constantFrom('set', 'delete', 'add'), value: fc.jsonValue({ maxDepth: 2 }), key: fc.string({ maxLength: 12 }) });
    fc.assert(
      fc.property(mutation, ({ spec, pick, op, value, key }) => {
        const j = JSON.parse(specToJson(spec)) as Json;
        const paths = pathsOf(j);
        const [path, target] = paths[pick % paths.length];
        if (op === 'set') setAt(j, path, value);
        else if (op === 'delete') setAt(j, path, DELETE);
        else if (target && typeof target === 'object' && !Array.isArray(target)) (target as Json)[key] = value;
        expectWellFormed(parseSpec(j));
      }),
      { numRuns: 500 },
    );
  });

  it('a leaf of the wrong JSON type is reported at exactly its path', () => {
    fc.assert(
      fc.property(specArb, fc.nat(), (spec, pick) => {
        const j = JSON.parse(specToJson(spec)) as Json;
        const leaves = pathsOf(j).filter(([, v]) => v === null || typeof v !== 'object');
        const [path, leaf] = leaves[pick % leaves.length];
        setAt(j, path, typeof leaf === 'string' ? 7 : 'seven');
        const expected = path.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : p ? `${p}.${k}` : k), '');
        expect(issuesOf(parseSpec(j)).map((i) => i.path)).toContain(expected);
      }),
      { numRuns: 300 },
    );
  });
});
