/**
 * The Python side, really run: the Run in Python package of a browser-trained model, trained with TensorFlow on one
 * device and on two local workers, exported as a SavedModel and compared with the browser model; every preset's
 * script for one short epoch. Heavy (minutes of CPU), so it runs only under `npm run test:python`
 * (scripts/python/run-tests.mjs), which sets TENSORSCOPE_PYTHON to a python that imports tensorflow.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../core/types';
import { datasetFromBundle } from '../data/bundledMnist';
import { tableDataset } from '../data/dataset';
import { normalizationParams } from '../data/normalize';
import { splitFor } from '../data/split';
import { makeSynthetic } from '../data/synthetic';
import { buildModel } from '../models/buildModel';
import { PRESETS, specFromPreset, type PresetId } from '../models/presets';
import { splitConfigOf, type ExperimentSpec } from '../models/spec';
import { disposeDeviceData, disposeNorm, uploadDataset, uploadNorm } from '../training/deviceData';
import { runTraining } from '../training/loop';
import { readWeights } from '../training/modelTransfer';
import { mnistFixture } from '../test/mnistFixture';
import { kerasWritable } from './kerasScript';
import { pythonPackageFiles, type PythonPackageInput } from './pythonPackage';

const PY = process.env.TENSORSCOPE_PYTHON ?? '';
const here = dirname(fileURLToPath(import.meta.url));
const log = (text: string) => console.log(`[python] ${text}`);

let scratch = '';
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'ts-python-'));
  await tf.setBackend('cpu');
});
afterAll(() => {
  if (scratch && !process.env.KEEP_PYTHON_SCRATCH) rmSync(scratch, { recursive: true, force: true });
});

/** Runs the python under test in `cwd`; returns stdout+stderr, throwing with the tail when it fails. */
function python(args: string[], cwd: string, timeoutMs: number): { out: string; seconds: number } {
  const started = Date.now();
  const r = spawnSync(PY, args, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`${PY} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${out.slice(-6000)}`);
  return { out, seconds: (Date.now() - started) / 1000 };
}

function writePackage(name: string, input: PythonPackageInput): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, bytes] of Object.entries(pythonPackageFiles(input))) writeFileSync(join(dir, file), bytes);
  return dir;
}

/** The chief's (or the only process's) "Test loss: … test accuracy: …" line. */
function testMetric(out: string, worker0 = false): number {
  const re = worker0 ? /\[worker 0\] Test loss: [\d.]+\s+test (?:accuracy|mae): ([\d.]+)/ : /^Test loss: [\d.]+\s+test (?:accuracy|mae): ([\d.]+)/m;
  const m = re.exec(out);
  if (!m) throw new Error(`no test metric in:\n${out.slice(-4000)}`);
  return Number(m[1]);
}

interface Trained {
  input: PythonPackageInput;
  /** The browser model's outputs for the first 100 test examples. */
  predictions: Float32Array<ArrayBufferLike>;
  seconds: number;
}

/** Trains the spec as the browser does (the engine's own loop on tfjs), then gathers what the package needs. */
async function trainInBrowserEngine(spec: ExperimentSpec, ds: Dataset, withPredictions: boolean): Promise<Trained> {
  const split = splitFor(ds, splitConfigOf(spec));
  const normParams = normalizationParams(ds, split.train, spec.dataset.normalization);
  const data = uploadDataset(ds, 'cpu');
  const norm = uploadNorm(normParams);
  const model = buildModel(spec, ds.inputShape);
  const started = Date.now();
  let testMetricValue: number | null = null;
  await runTraining(model, spec, data, norm, split, ds.y, {
    onMetrics: () => {},
    onEpochEnd: (s) => {
      testMetricValue = s.testMetric ?? testMetricValue;
    },
    shouldContinue: () => true,
  });
  const seconds = (Date.now() - started) / 1000;
  const weights = await readWeights(model);
  let predictions: Float32Array<ArrayBufferLike> = new Float32Array(0);
  if (withPredictions) {
    const n = Math.min(100, split.test.length);
    const d = ds.inputShape.reduce((a, b) => a * b, 1);
    const raw = new Float32Array(n * d);
    for (let k = 0; k < n; k++) for (let j = 0; j < d; j++) raw[k * d + j] = ds.x[split.test[k] * d + j];
    const out = tf.tidy(() => {
      const x = tf.tensor(raw, [n, ...ds.inputShape]);
      const shift = tf.tensor(normParams.shift);
      const scale = tf.tensor(normParams.scale);
      return model.predict(x.sub(shift).mul(scale)) as tf.Tensor;
    });
    predictions = (await out.data()) as Float32Array;
    out.dispose();
  }
  model.dispose();
  disposeDeviceData(data);
  disposeNorm(norm);
  return { input: { spec, dataset: ds, split, norm: normParams, weights, browserTestMetric: testMetricValue }, predictions, seconds };
}

async function bundledMnist(): Promise<Dataset> {
  return datasetFromBundle(new Uint8Array(readFileSync(join(here, '../../public/data/mnist-10k.tsds.gz'))));
}

describe.skipIf(!PY)('the Keras MLP package on the bundled MNIST', () => {
  let mlp: Trained;
  let dir = '';
  beforeAll(async () => {
    const ds = await bundledMnist();
    mlp = await trainInBrowserEngine(specFromPreset('keras-mlp'), ds, true);
    dir = writePackage('keras-mlp', mlp.input);
    log(`browser engine (tfjs cpu in Node): Keras MLP ${mlp.input.spec.training.epochs} epochs, test accuracy ${mlp.input.browserTestMetric} in ${mlp.seconds.toFixed(1)} s`);
  }, 600_000);

  it('trains on one device within 1.5 points of the browser', () => {
    const { out, seconds } = python(['train.py', '--strategy', 'default'], dir, 600_000);
    const acc = testMetric(out);
    log(`one device: test accuracy ${acc} (browser ${mlp.input.browserTestMetric}) in ${seconds.toFixed(1)} s`);
    expect(out).toContain(`Examples: ${mlp.input.split.train.length} train, ${mlp.input.split.validation.length} validation, ${mlp.input.split.test.length} test`);
    expect(Math.abs(acc - (mlp.input.browserTestMetric ?? NaN))).toBeLessThanOrEqual(0.015);
  }, 600_000);

  it('trains on two local workers (--local-workers 2, the custom loop) within 1.5 points of the browser', () => {
    const { out, seconds } = python(['train.py', '--local-workers', '2'], dir, 600_000);
    const acc = testMetric(out, true);
    log(`two local workers: test accuracy ${acc} (browser ${mlp.input.browserTestMetric}) in ${seconds.toFixed(1)} s`);
    expect(out).toContain('[worker 1] Strategy multiworker: 2 replica(s)');
    expect(out).toContain('custom distributed loop');
    expect(out).toMatch(/\[worker 0\] Epoch 5\/5/);
    expect(out).toMatch(/\[worker 0\] {3}9: [\d.]+ accuracy on \d+ test examples/);
    expect(out).toContain('[launcher] 2 workers finished');
    expect(Math.abs(acc - (mlp.input.browserTestMetric ?? NaN))).toBeLessThanOrEqual(0.015);
  }, 600_000);

  it("exports the browser's weights as a SavedModel that answers like the browser on 100 test inputs", () => {
    const saved = join(dir, 'savedmodel', '1');
    python(['train.py', '--strategy', 'default', '--weights', 'weights.npz', '--epochs', '0', '--export-savedmodel', saved], dir, 600_000);
    const check = String.raw`
import sys, numpy as np, tensorflow as tf
m = tf.saved_model.load(sys.argv[1])
f = m.signatures["serving_default"]
x = np.load("data.npz")["x_test"][:100].astype(np.float32)
out = f(inputs=tf.constant(x))
np.asarray(out["probabilities"], np.float32).tofile(sys.argv[2])
`;
    const outFile = join(scratch, 'savedmodel-probs.bin');
    python(['-c', check, saved, outFile], dir, 300_000);
    // A copy: readFileSync's Buffer may be a view into a larger shared pool.
    const got = new Float32Array(new Uint8Array(readFileSync(outFile)).buffer);
    expect(got.length).toBe(mlp.predictions.length);
    let worst = 0;
    got.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - mlp.predictions[i]))));
    log(`SavedModel vs browser model: max abs difference in probabilities ${worst.toExponential(2)} over 100 x 10`);
    expect(worst).toBeLessThan(1e-4);
  }, 600_000);
});

/** Small data for each preset: 200 real digits for the image presets, a spiral or a sine for the tabular ones. */
async function presetData(id: PresetId): Promise<{ ds: Dataset; spec: ExperimentSpec }> {
  const preset = PRESETS.find((p) => p.id === id)!;
  if (id === 'mlp-small' || id === 'mlp-regression') {
    const which = id === 'mlp-small' ? 'spiral' : 'sine';
    const d = makeSynthetic(which, { count: 300, noise: 0.1, seed: 7 });
    const ds = tableDataset(
      { features: d.features, featureNames: d.featureNames, count: 300, task: d.task, labels: d.labels, targets: d.targets, classNames: d.classNames, targetName: d.targetName },
      { id: `synthetic-${which}`, name: which, source: 'test', testFrom: null },
    );
    return { ds, spec: specFromPreset(id, { kind: 'tabular', task: d.task, numClasses: ds.numClasses }) };
  }
  void preset;
  return { ds: await mnistFixture(20), spec: specFromPreset(id) };
}

describe.skipIf(!PY)("every preset's package trains one short epoch on one device", () => {
  // Presets with layers the script cannot write yet (transformers) are refused up front: kerasScript.test.ts.
  it.each(PRESETS.map((p) => p.id).filter((id) => kerasWritable(specFromPreset(id))))('%s', async (id) => {
    const { ds, spec } = await presetData(id);
    const short: ExperimentSpec = { ...spec, training: { ...spec.training, epochs: 1 } };
    const split = splitFor(ds, splitConfigOf(short));
    const norm = normalizationParams(ds, split.train, short.dataset.normalization);
    const dir = writePackage(`preset-${id}`, { spec: short, dataset: ds, split, norm, weights: null, browserTestMetric: null });
    const { out, seconds } = python(['train.py', '--strategy', 'default', '--save', 'model.keras'], dir, 600_000);
    log(`${id}: 1 epoch on ${split.train.length} examples in ${seconds.toFixed(1)} s, test ${ds.task === 'classification' ? 'accuracy' : 'MAE'} ${testMetric(out)}`);
    expect(out).not.toMatch(/Warning: \d+ parameters here/);
    expect(out).toContain(`Examples: ${split.train.length} train, ${split.validation.length} validation, ${split.test.length} test`);
    expect(out).toContain('Saved the model to model.keras');
  }, 600_000);
});

describe.skipIf(!PY)('the Tiny ViT package on the bundled MNIST', () => {
  // The browser preset reached 95.00 % test on this split in its 15 epochs (wasm, README); the Keras port with
  // MultiHeadAttention must land within a point of that when trained from scratch on the same split.
  it('trains the full preset with keras.layers.MultiHeadAttention to at least 94 % test accuracy', async () => {
    const ds = await bundledMnist();
    const spec = specFromPreset('vit-tiny');
    const split = splitFor(ds, splitConfigOf(spec));
    const norm = normalizationParams(ds, split.train, spec.dataset.normalization);
    const dir = writePackage('vit-tiny', { spec, dataset: ds, split, norm, weights: null, browserTestMetric: null });
    const { out, seconds } = python(['train.py', '--strategy', 'default'], dir, 900_000);
    const acc = testMetric(out);
    log(`Tiny ViT: ${spec.training.epochs} epochs in ${seconds.toFixed(1)} s, test accuracy ${acc}`);
    expect(readFileSync(join(dir, 'train.py'), 'utf8')).toContain('layers.MultiHeadAttention(');
    expect(acc).toBeGreaterThanOrEqual(0.94);
  }, 900_000);
});

/** Runs the python under test asynchronously, calling onLine for every output line; resolves with the exit code. */
function pythonAsync(args: string[], cwd: string, onLine: (line: string) => void): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(PY, args, { cwd, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
    let out = '';
    let pending = '';
    const take = (chunk: Buffer) => {
      out += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(onLine);
    };
    p.stdout.on('data', take);
    p.stderr.on('data', take);
    p.on('close', (code) => resolve({ code, out }));
  });
}

describe.skipIf(!PY)('mirrored over several replicas', () => {
  it('--strategy mirrored --cpu-replicas 2 trains with the custom loop on two replicas and reports the test accuracy', () => {
    return mnistFixture(20).then((ds) => {
      const spec = specFromPreset('keras-mlp');
      const split = splitFor(ds, splitConfigOf(spec));
      const norm = normalizationParams(ds, split.train, spec.dataset.normalization);
      const dir = writePackage('mirrored', { spec, dataset: ds, split, norm, weights: null, browserTestMetric: null });
      const { out, seconds } = python(['train.py', '--strategy', 'mirrored', '--cpu-replicas', '2', '--epochs', '2'], dir, 600_000);
      log(`mirrored on 2 CPU replicas: 2 epochs in ${seconds.toFixed(1)} s, test accuracy ${testMetric(out)}`);
      expect(out).toContain('Strategy mirrored: 2 replica(s), batch 32 per replica, 64 in all; custom distributed loop');
      expect(out).toMatch(/^Epoch 2\/2 .*val_accuracy/m);
      expect(out).toMatch(/^ {2}7: [\d.]+ accuracy on \d+ test examples/m);
    });
  }, 600_000);
});

describe.skipIf(!PY)('multi-worker fault tolerance', () => {
  it('a worker killed after the first epoch fails the run; the same command again resumes from the checkpoint', async () => {
    const ds = await mnistFixture(20);
    const spec = specFromPreset('keras-mlp');
    const split = splitFor(ds, splitConfigOf(spec));
    const norm = normalizationParams(ds, split.train, spec.dataset.normalization);
    const dir = writePackage('fault', { spec, dataset: ds, split, norm, weights: null, browserTestMetric: null });
    const args = ['train.py', '--local-workers', '2', '--epochs', '3'];
    let worker1 = 0;
    let killed = false;
    const first = await pythonAsync(args, dir, (line) => {
      const pid = /\[launcher\] worker 1 \(pid (\d+)\)/.exec(line);
      if (pid) worker1 = Number(pid[1]);
      if (!killed && worker1 && /^\[worker 0\] Epoch 1\/3 .*checkpoint saved/.test(line)) {
        killed = true;
        process.kill(worker1, 'SIGKILL');
      }
    });
    expect(killed, first.out.slice(-3000)).toBe(true);
    expect(first.code).not.toBe(0);
    expect(existsSync(join(dir, 'tensorscope-checkpoints'))).toBe(true);
    const second = await pythonAsync(args, dir, () => {});
    expect(second.code, second.out.slice(-3000)).toBe(0);
    const resumed = /\[worker 0\] Resumed from \S+: (\d+) epoch\(s\) already done/.exec(second.out);
    expect(resumed, second.out.slice(-3000)).not.toBeNull();
    const done = Number(resumed![1]);
    log(`fault tolerance: worker 1 killed after epoch 1; the rerun resumed after epoch ${done}`);
    expect(done).toBeGreaterThanOrEqual(1);
    expect(second.out).not.toContain('[worker 0] Epoch 1/3 ');
    expect(second.out).toContain('[worker 0] Epoch 3/3');
    // A run that ends well deletes its checkpoints: the next run starts afresh.
    expect(existsSync(join(dir, 'tensorscope-checkpoints'))).toBe(false);
  }, 600_000);
});
