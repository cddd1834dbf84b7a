import { expect, test } from '@playwright/test';
import { openStudio, saveShot } from './helpers';

test('build a small CNN by clicking, see a shape error come and go, train it and change the learning rate mid-run', async ({ page }) => {
  await openStudio(page);
  const editor = page.getByTestId('layer-editor');
  // Start from an empty-ish model: keep only the output layer.
  while ((await editor.locator('[data-testid^="layer-remove-"]').count()) > 1) {
    await page.getByTestId('layer-remove-0').click();
  }
  await expect(page.getByTestId('preset-select')).toHaveValue('custom');
  const add = async (type: string) => page.getByTestId('add-layer').selectOption(type);
  await add('conv2d');
  await add('maxPool2d');
  // Dense straight after a pool gets a 3-D input: an error, and Train says why it is disabled.
  await expect(page.getByTestId('layer-error-2')).toContainText('Flatten');
  await expect(page.getByTestId('train-button')).toBeDisabled();
  await expect(page.getByTestId('training-panel')).toContainText('shape error');
  await saveShot(page, 'builder-shape-error');
  await add('flatten');
  await expect(page.locator('[data-testid^="layer-error-"]')).toHaveCount(0);
  await expect(page.getByTestId('layer-shape-0')).toHaveText(/\[\d+, \d+, \d+\]/);
  await expect(page.getByTestId('layer-shape-3')).toHaveText('[10]');

  // A pool too big for its input is caught too, then fixed.
  await page.getByTestId('layer-edit-1').click();
  await page.getByTestId('layer-1-poolSize').fill('8');
  await page.getByTestId('layer-1-strides').fill('4');
  await expect(page.getByTestId('layer-shape-1')).toHaveText(/\[5, 5, \d+\]/);
  await page.getByTestId('layer-1-poolSize').fill('2');
  await page.getByTestId('layer-1-strides').fill('2');
  await expect(page.getByTestId('train-button')).toBeEnabled();

  await page.getByTestId('backend-select').selectOption('webgl');
  await page.getByTestId('subset-select').selectOption('2000');
  await page.getByTestId('epochs-input').fill('2');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('running', { timeout: 60_000 });
  await expect(page.getByTestId('current-lr')).toHaveText('0.001');
  await page.getByTestId('live-lr-input').fill('0.0005');
  await page.getByTestId('live-lr-apply').click();
  await expect(page.getByTestId('current-lr')).toHaveText('0.0005', { timeout: 60_000 });
  await expect(page.getByTestId('batch-chart').first()).toHaveAttribute('data-markers', '1');
  await saveShot(page, 'builder-lr-changed');
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('stopped', { timeout: 60_000 });
});

test('a pasted spec with mistakes gets field-level messages and is not applied', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('spec-json').locator('summary').click();
  const before = await page.getByTestId('total-params').textContent();
  await page.getByTestId('spec-paste').fill(JSON.stringify({ version: 1, name: 'x', seed: 1, dataset: {}, model: { layers: [{ type: 'dense', units: -3, activation: 'relu' }] }, training: { learningRate: 'fast' } }));
  await page.getByTestId('spec-apply').click();
  await expect(page.getByTestId('spec-issues')).toContainText('model.layers[0].units');
  await expect(page.getByTestId('spec-issues')).toContainText('training.learningRate');
  await expect(page.getByTestId('total-params')).toHaveText(before ?? '');
});

test('a 4-point learning-rate sweep on the MLP fills the table and the chart', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('subset-select').selectOption('512');
  await page.getByTestId('epochs-input').fill('1');
  await page.getByTestId('sweep-values-1').fill('0.1, 0.01, 0.001, 0.0001');
  await page.getByTestId('sweep-start').click();
  await expect(page.getByTestId('sweep-status')).toHaveText('done', { timeout: 180_000 });
  await expect(page.getByTestId('sweep-table').locator('tbody tr')).toHaveCount(4);
  await expect(page.getByTestId('sweep-chart')).toHaveAttribute('data-points', '4');
  await expect(page.getByTestId('sweep-best')).toContainText('learning rate');
  await page.getByTestId('sweep-panel').scrollIntoViewIfNeeded();
  await saveShot(page, 'sweep');
});
