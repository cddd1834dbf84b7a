import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { tableDataset } from '../data/dataset';
import { normalizationParams } from '../data/normalize';
import { splitFor } from '../data/split';
import { makeSynthetic } from '../data/synthetic';
import { specFromPreset } from '../models/presets';
import { splitConfigOf } from '../models/spec';
import { mnistFixture } from '../test/mnistFixture';
import { pythonPackageFiles, pythonPackageZip, REQUIREMENTS } from './pythonPackage';

/** Reads one .npy out of an .npz (this module's own format: v1.0, little-endian) for checking. */
function readNpy(npzBytes: Uint8Array, name: string): { descr: string; shape: number[]; bytes: Uint8Array } {
  const file = unzipSync(npzBytes)[`${name}.npy`];
  const len = file[8] | (file[9] << 8);
  const head = new TextDecoder().decode(file.subarray(10, 10 + len));
  const shape = (/'shape': \(([^)]*)\)/.exec(head)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  return { descr: /'descr': '([^']+)'/.exec(head)?.[1] ?? '', shape, bytes: file.slice(10 + len) };
}

describe('the Run in Python package', () => {
  it("holds train.py, data.npz with the browser's split and normalization, weights.npz, spec.json, requirements.txt and a README", async () => {
    const ds = await mnistFixture(10);
    const spec = specFromPreset('keras-mlp');
    const split = splitFor(ds, splitConfigOf(spec));
    const norm = normalizationParams(ds, split.train, spec.dataset.normalization);
    const weights = [
      { name: 'dense_1/kernel', shape: [784, 2], values: new Float32Array(1568).fill(0.5) },
      { name: 'dense_1/bias', shape: [2], values: new Float32Array([1, 2]) },
    ];
    const files = pythonPackageFiles({ spec, dataset: ds, split, norm, weights, browserTestMetric: 0.941 });
    expect(Object.keys(files)).toEqual(['train.py', 'data.npz', 'weights.npz', 'spec.json', 'requirements.txt', 'README.md']);

    const data = files['data.npz'];
    expect(Object.keys(unzipSync(data))).toEqual(['x_train.npy', 'y_train.npy', 'x_val.npy', 'y_val.npy', 'x_test.npy', 'y_test.npy', 'norm_shift.npy', 'norm_scale.npy']);
    const xTrain = readNpy(data, 'x_train');
    expect(xTrain.descr).toBe('|u1');
    expect(xTrain.shape).toEqual([split.train.length, 28, 28, 1]);
    // The k-th train example is the dataset's example split.train[k], pixel for pixel.
    const k = split.train.length - 1;
    expect(Array.from(xTrain.bytes.subarray(k * 784, (k + 1) * 784))).toEqual(Array.from(ds.x.subarray(split.train[k] * 784, (split.train[k] + 1) * 784)));
    expect(readNpy(data, 'x_val').shape).toEqual([split.validation.length, 28, 28, 1]);
    const yTest = readNpy(data, 'y_test');
    expect(yTest.descr).toBe('<i4');
    expect(Array.from(new Int32Array(yTest.bytes.buffer))).toEqual(Array.from(split.test, (i) => ds.y[i]));
    expect(new Float32Array(readNpy(data, 'norm_scale').bytes.buffer)[0]).toBeCloseTo(1 / 255, 8);

    expect(Object.keys(unzipSync(files['weights.npz']))).toEqual(['dense_1/kernel.npy', 'dense_1/bias.npy']);
    expect(JSON.parse(strFromU8(files['spec.json']))).toEqual(spec);
    expect(strFromU8(files['requirements.txt']).trim().split('\n')).toEqual(REQUIREMENTS);
    // npm run test:python installs the same ranges the package asks for.
    expect(readFileSync(new URL('../../scripts/python/requirements.txt', import.meta.url), 'utf8').trim().split('\n')).toEqual(REQUIREMENTS);
    const readme = strFromU8(files['README.md']);
    expect(readme).toContain('94.10 % test accuracy');
    expect(readme).toContain('python3 train.py --local-workers 2');
    expect(readme).toContain('tensorflow/serving');
    expect(readme).toContain(':predict');
    expect(strFromU8(files['train.py'])).toContain('return load_presplit(path) if is_presplit(path)');
  });

  it('puts table rows as float32 features and regression targets as float32; zips everything in one folder', () => {
    const d = makeSynthetic('sine', { count: 50, noise: 0.1, seed: 1 });
    const ds = tableDataset(
      { features: d.features, featureNames: d.featureNames, count: 50, task: d.task, labels: d.labels, targets: d.targets, classNames: d.classNames, targetName: d.targetName },
      { id: 'synthetic-sine', name: 'sine', source: 'test', testFrom: null },
    );
    const spec = specFromPreset('mlp-regression', { kind: 'tabular', task: 'regression', numClasses: 0 });
    const split = splitFor(ds, splitConfigOf(spec));
    const files = pythonPackageFiles({ spec, dataset: ds, split, norm: normalizationParams(ds, split.train, 'standardize'), weights: null, browserTestMetric: null });
    expect(Object.keys(files)).not.toContain('weights.npz');
    expect(readNpy(files['data.npz'], 'x_test')).toMatchObject({ descr: '<f4', shape: [split.test.length, 1] });
    expect(readNpy(files['data.npz'], 'y_train')).toMatchObject({ descr: '<f4', shape: [split.train.length] });
    const zip = unzipSync(pythonPackageZip({ spec, dataset: ds, split, norm: normalizationParams(ds, split.train, 'standardize'), weights: null, browserTestMetric: null }, 'MLP-python'));
    expect(Object.keys(zip)).toEqual(['MLP-python/train.py', 'MLP-python/data.npz', 'MLP-python/spec.json', 'MLP-python/requirements.txt', 'MLP-python/README.md']);
  });
});
