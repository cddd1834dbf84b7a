import { expect, test } from '@playwright/test';
import { chooseQuickRun, openStudio, percentOf, saveShot } from './helpers';

test('prune a trained Keras MLP: a sparsity ↔ accuracy curve with sizes, Stop, and a pruned copy used as the model', async ({ page }) => {
  await openStudio(page);
  await expect(page.getByTestId('prune-section')).toHaveCount(0);
  await chooseQuickRun(page, { backend: 'wasm', subset: 1000, epochs: 2 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });

  const panel = page.getByTestId('prune-section');
  await expect(panel).toBeVisible();
  await panel.getByTestId('prune-target-50').uncheck();
  await panel.getByTestId('prune-target-95').uncheck();
  await panel.getByTestId('prune-steps').fill('30');

  // Stop ends a curve at once; the model stays as trained and Train works again.
  await panel.getByTestId('prune-run').click();
  await expect(panel.getByTestId('prune-progress')).toBeVisible();
  await expect(page.getByTestId('train-button')).toBeDisabled();
  await panel.getByTestId('prune-stop').click();
  await expect(panel.getByTestId('prune-run')).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByTestId('prune-message')).toContainText(/stopped; the model is as it was/);
  await expect(page.getByTestId('train-button')).toBeEnabled();

  await panel.getByTestId('prune-run').click();
  const rows = panel.getByTestId('prune-table').locator('tbody tr');
  await expect(rows).toHaveCount(3, { timeout: 120_000 });
  await expect(panel.getByTestId('prune-run')).toBeVisible({ timeout: 60_000 });
  const trained = percentOf(await page.getByTestId('eval-accuracy').textContent());
  const cells = async (i: number) => (await rows.nth(i).locator('td').allInnerTexts()).map((t) => t.trim());
  const [asTrained, at80, at90] = [await cells(0), await cells(1), await cells(2)];
  expect(percentOf(asTrained[1])).toBeCloseTo(trained, 1);
  expect(at80[0]).toMatch(/^8\d%$/);
  expect(at90[0]).toMatch(/^9\d%$/);
  // Zeros shrink the gzip size, and uint8 codes shrink it further.
  const kb = (t: string) => Number(t.replace(/[^\d.]/g, '')) * (/MB/.test(t) ? 1024 : 1);
  expect(kb(at90[2])).toBeLessThan(kb(asTrained[2]) / 2);
  expect(kb(at90[3])).toBeLessThan(kb(at90[2]));
  // The demo link that would carry each model: its real length, shorter once pruned (the MLP fits either way).
  const chars = (t: string) => Number(/([\d,]+)k chars · fits/.exec(t)?.[1].replace(/,/g, '') ?? NaN);
  expect(chars(at90[4])).toBeLessThan(chars(asTrained[4]));
  await expect(panel.getByTestId('prune-chart-sparsity')).toBeVisible();
  await expect(panel.getByTestId('prune-chart-size')).toBeVisible();

  // Use the 90 % model: the evaluation becomes its score, and the note says what the studio now holds.
  await panel.getByTestId('prune-use-90').click();
  await expect(panel.getByTestId('prune-in-use')).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => percentOf(await page.getByTestId('eval-accuracy').textContent()), { timeout: 30_000 }).toBeCloseTo(percentOf(at90[1]), 1);
  await expect(page.getByText(/Now using the model with 9\d % of its kernel weights pruned/)).toBeVisible();
  await saveShot(page, 'prune-used');
});
