import { expect, test } from '@playwright/test';
import { chooseQuickRun, openStudio, saveShot } from './helpers';

test('WebGPU (software) trains a few batches of the MLP', async ({ page }) => {
  await openStudio(page);
  await chooseQuickRun(page, { backend: 'webgpu', subset: 256, epochs: 1 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText(/done|error/, { timeout: 180_000 });
  await saveShot(page, 'mlp-webgpu');
  await expect(page.getByTestId('run-error')).toHaveCount(0);
  await expect(page.getByTestId('active-backend')).toContainText('webgpu');
  await expect(page.getByTestId('run-progress')).toContainText('batch 8/8');
});

test('WASM refuses a conv net in plain words, and one click retries it on WebGL', async ({ page }) => {
  await openStudio(page);
  // The small tfjs-examples ConvNet: any conv net is refused on WASM, and a small one retries quickly.
  await chooseQuickRun(page, { backend: 'wasm', subset: 256, epochs: 1, preset: 'tfjs-convnet' });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-error')).toContainText('cannot train convolution layers');
  await expect(page.getByTestId('retry-wasm')).toHaveCount(0);
  await saveShot(page, 'cnn-wasm-refused');
  await page.getByTestId('retry-webgl').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });
  await expect(page.getByTestId('active-backend')).toContainText('webgl');
});

test('the main-thread fallback trains when the worker is off', async ({ page }) => {
  await openStudio(page, '?worker=off');
  await expect(page.getByTestId('engine-mode')).toHaveText(/main thread/);
  await chooseQuickRun(page, { backend: 'wasm', subset: 256, epochs: 1 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });
  await expect(page.getByTestId('active-backend')).toContainText('wasm');
});
