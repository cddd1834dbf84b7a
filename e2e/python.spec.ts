import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { expect, test } from '@playwright/test';
import { datasetFromBundle } from '../src/data/bundledMnist';
import { splitFor } from '../src/data/split';
import type { ExperimentSpec } from '../src/models/spec';
import { chooseQuickRun, openStudio } from './helpers';

/** One .npy of an .npz: its dtype, shape and raw bytes (v1.0 header, as src/share/npz.ts writes it). */
function npyOf(npz: Uint8Array, name: string): { descr: string; shape: number[]; bytes: Uint8Array } {
  const file = unzipSync(npz)[`${name}.npy`];
  const len = file[8] | (file[9] << 8);
  const head = new TextDecoder().decode(file.subarray(10, 10 + len));
  const shape = (/'shape': \(([^)]*)\)/.exec(head)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  return { descr: /'descr': '([^']+)'/.exec(head)?.[1] ?? '', shape, bytes: file.slice(10 + len) };
}

const hasTensorflow = spawnSync('python3', ['-c', 'import tensorflow'], { stdio: 'ignore', timeout: 120_000 }).status === 0;

test("Run in Python: the zip holds train.py and the browser's own split; train.py runs from it", async ({ page }) => {
  test.setTimeout(hasTensorflow ? 600_000 : 180_000);
  await openStudio(page);
  await chooseQuickRun(page, { backend: 'wasm', subset: 512, epochs: 1, preset: 'keras-mlp' });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });

  const button = page.getByRole('button', { name: 'Run in Python (.zip)' });
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toMatch(/-python\.zip$/);
  const zipPath = test.info().outputPath('package.zip');
  await download.saveAs(zipPath);
  await expect(page.getByTestId('run-in-python-status')).toContainText('weights.npz');

  const entries = unzipSync(new Uint8Array(readFileSync(zipPath)));
  const folder = download.suggestedFilename().replace(/\.zip$/, '');
  expect(Object.keys(entries).sort()).toEqual(['README.md', 'data.npz', 'requirements.txt', 'spec.json', 'train.py', 'weights.npz'].map((f) => `${folder}/${f}`));

  // data.npz holds exactly the split the browser trained on: the spec's seeded split of the bundled MNIST, with the
  // train part capped at the 512 examples the run used.
  const spec = JSON.parse(new TextDecoder().decode(entries[`${folder}/spec.json`])) as ExperimentSpec;
  expect(spec.training.maxTrainSamples).toBe(512);
  const ds = await datasetFromBundle(new Uint8Array(readFileSync('public/data/mnist-10k.tsds.gz')));
  const split = splitFor(ds, { testFraction: spec.dataset.testFraction, validationFraction: spec.training.validationFraction, seed: spec.dataset.splitSeed });
  const data = entries[`${folder}/data.npz`];
  expect(npyOf(data, 'x_train')).toMatchObject({ descr: '|u1', shape: [512, 28, 28, 1] });
  expect(npyOf(data, 'x_val').shape).toEqual([split.validation.length, 28, 28, 1]);
  const xTest = npyOf(data, 'x_test');
  expect(xTest.shape).toEqual([split.test.length, 28, 28, 1]);
  expect(Array.from(xTest.bytes.subarray(0, 784))).toEqual(Array.from(ds.x.subarray(split.test[0] * 784, (split.test[0] + 1) * 784)));
  const yTrain = npyOf(data, 'y_train');
  expect(Array.from(new Int32Array(yTrain.bytes.buffer))).toEqual(Array.from(split.train.slice(0, 512), (i) => ds.y[i]));

  test.skip(!hasTensorflow, 'python3 does not import tensorflow: train.py is not run');
  const dir = test.info().outputPath('unzipped');
  for (const [name, bytes] of Object.entries(entries)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, bytes);
  }
  const r = spawnSync('python3', ['train.py', '--strategy', 'default', '--epochs', '1'], {
    cwd: join(dir, folder),
    encoding: 'utf8',
    timeout: 480_000,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  const out = `${r.stdout}${r.stderr}`;
  expect(r.status, out.slice(-3000)).toBe(0);
  expect(out).toContain(`Examples: 512 train, ${split.validation.length} validation, ${split.test.length} test`);
  expect(out).toMatch(/Test loss: [\d.]+\s+test accuracy: [\d.]+/);
});
