import { expect, test } from '@playwright/test';
import { chooseQuickRun, drawStroke, longTasks, openStudio, percentOf, recordLongTasks, saveShot } from './helpers';

test('a new user trains the Keras MLP on WebGL in a worker, sees live charts, a test score and a drawn digit classified', async ({ page }) => {
  await recordLongTasks(page);
  await openStudio(page);
  await expect(page.getByTestId('engine-mode')).toHaveText('worker');
  await expect(page.getByTestId('total-params')).toHaveText('101,770');
  await expect(page.getByTestId('split-summary')).toContainText('7,200 train · 800 validation · 2,000 test');

  await chooseQuickRun(page, { backend: 'webgl', subset: 1000, epochs: 1 });
  const before = await page.evaluate(() => performance.now());
  await page.getByTestId('train-button').click();

  // Live: the progress bar and the batch chart fill while training runs.
  await expect(page.getByTestId('run-progress')).toContainText('Epoch 1/1');
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });
  const tasks = await longTasks(page, before);
  test.info().annotations.push({ type: 'long tasks during training', description: `${tasks.length} (${tasks.map((t) => Math.round(t.duration)).join(', ')} ms)` });

  await expect(page.getByTestId('active-backend')).toContainText('webgl');
  await expect(page.getByTestId('run-progress')).toContainText('batch 32/32');
  // Every batch reached the live chart, which is drawn on a canvas.
  await expect(page.getByTestId('batch-chart').first()).toHaveAttribute('data-points', '32');
  await expect(page.getByTestId('batch-chart').first().locator('canvas')).toBeVisible();
  await expect(page.getByTestId('epoch-chart').first()).toHaveAttribute('data-points', '1');
  const acc = percentOf(await page.getByTestId('test-accuracy').textContent());
  test.info().annotations.push({ type: 'test accuracy after 1 epoch on 1,000 digits', description: `${acc}%` });
  expect(acc).toBeGreaterThan(60); // chance is 10%
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
  await page.getByTestId('eval-tab-examples').click();
  await expect(page.getByTestId('gallery-count')).toContainText('2,000 of 2,000');

  // Draw a "1": the probability bars show a prediction.
  await drawStroke(page, [
    [0.5, 0.15],
    [0.5, 0.85],
  ]);
  // The Keras MLP has dropout, so the drawing's probabilities come with MC-dropout error bars.
  await expect(page.getByTestId('draw-panel').getByTestId('probability-error-bars')).toContainText(/Prediction: \d/);
  await saveShot(page, 'mlp-webgl-trained');
});

test('the page stays responsive: pause, resume and stop answer while training', async ({ page }) => {
  await openStudio(page);
  await chooseQuickRun(page, { backend: 'webgl', subset: 4000, epochs: 3 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('running');
  await expect(page.getByTestId('run-progress')).toContainText('batch');
  await page.getByTestId('pause-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('paused', { timeout: 5_000 });
  await page.getByTestId('resume-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('running', { timeout: 5_000 });
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('stopped', { timeout: 5_000 });
  await page.getByTestId('reset-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('idle');
});
