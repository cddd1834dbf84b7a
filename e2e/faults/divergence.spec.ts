import { expect, test } from '@playwright/test';
import { openStudio, saveShot } from '../helpers';

/**
 * Fault: training diverges. SGD at learning rate 10 (the schema's maximum) on the synthetic sine set goes to NaN.
 * The engine must stop the run at the first read-back that shows it, mark it diverged (not done, not failed) in the
 * studio and in run history, say what to do, keep only finite checkpoints, and every export must refuse the model.
 */
test('a diverging run (sine, SGD, learning rate 10) ends as diverged, says what to do, and exports refuse it', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('source-tab-synthetic').click();
  await page.getByTestId('synthetic-select').selectOption('sine');
  await page.getByTestId('synthetic-load').click();
  await expect(page.getByTestId('dataset-name')).toContainText(/sine/i);
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('optimizer-select').selectOption('sgd');
  await page.getByTestId('lr-input').fill('10');
  await page.getByTestId('epochs-input').fill('20');
  await page.getByTestId('train-button').click();

  // Diverged: not done, not failed.
  await expect(page.getByTestId('run-status')).toHaveText('diverged', { timeout: 120_000 });
  const banner = page.getByTestId('run-diverged');
  await expect(banner).toBeVisible();
  await expect(page.getByTestId('run-error')).toHaveCount(0);
  // Where it diverged (from the engine's report) and the fix: a tenth of the learning rate, or clipping.
  await expect(page.getByTestId('run-diverged-what')).toContainText(/Training diverged at step \d+ \(epoch \d+\)/, { timeout: 30_000 });
  await expect(page.getByTestId('run-diverged-advice')).toContainText('Lower the learning rate to 1 (now 10)');
  await expect(page.getByTestId('run-diverged-advice')).toContainText('gradient clipping');
  const what = (await page.getByTestId('run-diverged-what').textContent()) ?? '';
  test.info().annotations.push({ type: 'divergence', description: what });
  // No "MAE NaN" (or any other NaN score) anywhere.
  await expect(page.locator('body')).not.toContainText(/(MAE|accuracy|loss)\s*[−-]?NaN|[−-]NaN/);

  // Run history: the row says diverged, with the step.
  const row = page.getByTestId('run-row').first();
  await expect(row).toHaveAttribute('data-status', 'diverged');
  await expect(row).toContainText(/diverged at step \d+/);
  const step = /at step (\d+)/.exec(what)?.[1];
  if (step) await expect(row).toContainText(`diverged at step ${step}`);
  await expect(page.getByTestId('runs-status-filter').locator('option[value="diverged"]')).toHaveCount(1);
  await saveShot(page, 'diverged');

  // Exports refuse the model with the same words: TF.js files (every variant) and the demo link.
  const refusal = "the model's weights are not finite numbers (training diverged): retrain with a lower learning rate";
  await page.getByTestId('prepare-export').click();
  for (const kind of ['float32', 'float16', 'uint8']) await expect(page.getByTestId(`export-${kind}`)).toContainText(refusal, { timeout: 60_000 });
  await expect(page.getByTestId('export-table')).not.toContainText(/[−-]NaN|MAE\s*NaN/);
  await expect(page.getByTestId('download-float32')).toHaveCount(0);
  await page.getByTestId('demo-link').click();
  // Said next to the button that was pressed.
  await expect(page.getByTestId('demo-link-error')).toContainText(refusal);
  await expect(page.getByTestId('link-url')).toHaveCount(0);
  await saveShot(page, 'diverged-exports');

  // The fixes are one click each: a tenth of the learning rate; gradient clipping keeps the same run finite.
  await page.getByTestId('diverged-lower-lr').click();
  await expect(page.getByTestId('lr-input')).toHaveValue('1');
  await page.getByTestId('lr-input').fill('10');
  await page.getByTestId('diverged-clip').click();
  await expect(page.getByTestId('clip-enabled')).toBeChecked();
  await page.getByTestId('epochs-input').fill('3');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });
  await expect(page.getByTestId('test-accuracy')).toHaveText(/^\d+\.\d{4}$/);
});
