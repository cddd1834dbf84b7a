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

test('WASM trains a conv net', async ({ page }) => {
  await openStudio(page);
  // The small tfjs-examples ConvNet: wasm trains conv nets with Tensorscope's Conv2DBackpropFilter kernel.
  await chooseQuickRun(page, { backend: 'wasm', subset: 256, epochs: 1, preset: 'tfjs-convnet' });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText(/done|error/, { timeout: 180_000 });
  await saveShot(page, 'cnn-wasm');
  await expect(page.getByTestId('run-error')).toHaveCount(0);
  await expect(page.getByTestId('active-backend')).toContainText('wasm');
  await expect(page.getByTestId('run-progress')).toContainText('batch 8/8');
});

test('the main-thread fallback trains when the worker is off', async ({ page }) => {
  await openStudio(page, '?worker=off');
  await expect(page.getByTestId('engine-mode')).toHaveText(/main thread/);
  await chooseQuickRun(page, { backend: 'wasm', subset: 256, epochs: 1 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });
  await expect(page.getByTestId('active-backend')).toContainText('wasm');
});
