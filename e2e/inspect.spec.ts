import { expect, test } from '@playwright/test';
import { chooseQuickRun, drawStroke, openStudio, saveShot } from './helpers';

const entropyOf = (title: string | null) => Number(/entropy ([\d.]+)/.exec(title ?? '')?.[1] ?? NaN);

test('inspect a trained model: confusion cell → examples, sort by entropy, detail with error bars, calibration, a drawn digit with uncertainty', async ({ page }) => {
  await openStudio(page);
  await chooseQuickRun(page, { backend: 'webgl', subset: 1000, epochs: 1 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });
  const panel = page.getByTestId('evaluation-panel');
  await expect(panel.getByTestId('per-class-bars')).toBeVisible();
  await expect(panel.getByTestId('confused-pairs').locator('li').first()).toBeVisible();

  // The most-confused pair's cell: clicking it shows exactly those examples.
  const pair = await panel.getByTestId('confused-pairs').locator('button').first().textContent();
  const [, t, p, n] = /(\S+) → (\S+): (\d+)/.exec(pair ?? '') ?? [];
  await page.getByTestId(`cm-cell-${t}-${p}`).click();
  await expect(page.getByTestId('gallery-count')).toContainText(`${n} of 2,000`);
  await expect(page.getByTestId('gallery-item')).toHaveCount(Number(n));
  await saveShot(page, 'inspect-confusion-cell');

  // All examples, the most uncertain first.
  await panel.getByRole('button', { name: 'Show all' }).click();
  await page.getByTestId('gallery-sort').selectOption('entropy');
  const items = page.getByTestId('gallery-item');
  const e0 = entropyOf(await items.nth(0).getAttribute('title'));
  const e1 = entropyOf(await items.nth(1).getAttribute('title'));
  const e5 = entropyOf(await items.nth(5).getAttribute('title'));
  expect(e0).toBeGreaterThanOrEqual(e1);
  expect(e1).toBeGreaterThanOrEqual(e5);

  // Detail of the most uncertain example: MC-dropout error bars (the Keras MLP has dropout 0.2) and activations.
  await items.nth(0).click();
  const detail = page.getByTestId('example-detail');
  await expect(detail.getByTestId('probability-error-bars')).toBeVisible();
  await expect(detail).toContainText('MC dropout (T = 20)');
  await expect(detail.getByTestId('probability-error-bars')).toContainText('±');
  await expect(detail.getByTestId('activations')).toContainText('dense_1');
  await saveShot(page, 'inspect-detail');

  // MC dropout over the whole test set makes "spread" sortable.
  await page.getByTestId('run-mc').click();
  await expect(page.getByTestId('run-mc')).toContainText('MC dropout done', { timeout: 120_000 });
  await page.getByTestId('gallery-sort').selectOption('spread');

  await page.getByTestId('eval-tab-calibration').click();
  await expect(panel.getByTestId('reliability-diagram')).toBeVisible();
  await expect(panel.getByTestId('confidence-histogram')).toBeVisible();
  await page.getByTestId('eval-tab-history').click();
  await expect(panel.getByTestId('metric-history')).toBeVisible();
  await page.getByTestId('eval-tab-inside').click();
  await expect(panel.getByTestId('weight-histograms')).toBeVisible();

  await drawStroke(page, [
    [0.5, 0.15],
    [0.5, 0.85],
  ]);
  const drawn = page.getByTestId('draw-panel').getByTestId('probability-error-bars');
  await expect(drawn).toContainText('±');
  await saveShot(page, 'inspect-drawn');
});

test('the noisy-sine regression shows predicted vs actual, residuals and an error band over the data', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('source-tab-synthetic').click();
  await page.getByTestId('synthetic-select').selectOption('sine');
  await page.getByTestId('synthetic-load').click();
  await expect(page.getByTestId('dataset-shape')).toContainText('regression');
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('epochs-input').fill('40');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });
  const panel = page.getByTestId('evaluation-panel');
  await expect(panel.getByTestId('regression-scatter')).toBeVisible();
  await expect(panel.getByTestId('residual-histogram')).toBeVisible();
  await expect(panel.getByTestId('prediction-band')).toBeVisible({ timeout: 30_000 });
  await panel.getByTestId('prediction-band').scrollIntoViewIfNeeded();
  await saveShot(page, 'sine-band');
});
