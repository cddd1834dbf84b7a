import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { chooseQuickRun, openStudio, saveShot } from './helpers';

/** Serious or critical axe findings (WCAG 2.x A/AA) inside the view's card. */
async function axeIssues(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).include('section:has([data-testid="weight-histograms-over-time"])').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('weight and gradient histograms: one strip row per epoch for every layer, a gradients toggle, CSV', async ({ page }) => {
  await openStudio(page);
  await chooseQuickRun(page, { backend: 'wasm', subset: 256, epochs: 2 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });

  const panel = page.getByTestId('evaluation-panel');
  await page.getByTestId('eval-tab-weights').click();
  const view = panel.getByTestId('weight-histograms-over-time');
  const strips = view.getByTestId('histogram-strip');
  // The Keras MLP has two kernels (the hidden and the output Dense layer).
  await expect(strips).toHaveCount(2);
  for (const strip of await strips.all()) {
    await expect(strip).toHaveAttribute('data-kind', 'weights');
    await expect(strip.getByTestId('strip-row')).toHaveCount(2);
    await expect(strip.locator('[data-testid="strip-row"][data-epoch="2"] rect').first()).toBeVisible();
  }
  await saveShot(page, 'histograms-weights');

  // Keyboard: the toggle is reachable and switches the strips to the gradients.
  const gradients = page.getByTestId('histograms-gradients');
  await gradients.focus();
  await page.keyboard.press('Enter');
  await expect(gradients).toHaveAttribute('aria-pressed', 'true');
  await expect(strips).toHaveCount(2);
  for (const strip of await strips.all()) {
    await expect(strip).toHaveAttribute('data-kind', 'gradients');
    await expect(strip.getByTestId('strip-row')).toHaveCount(2);
  }
  await expect(strips.first()).toContainText('gradient value');

  // The layer picker narrows the view to one layer.
  const select = page.getByTestId('histograms-layer');
  const layer = await strips.nth(1).getAttribute('data-layer');
  await select.selectOption(layer!);
  await expect(strips).toHaveCount(1);
  await expect(strips.first()).toHaveAttribute('data-layer', layer!);
  await saveShot(page, 'histograms-gradients');
  expect(await axeIssues(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await axeIssues(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'light' });

  const card = view.locator('xpath=ancestor::section[1]');
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: /Save the data as CSV/ }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.trim().split(/\r\n/);
  expect(lines[0]).toBe('epoch,layer,kind,bin_low,bin_high,count,mean,std,min,max,near_zero_fraction');
  // 2 epochs × 2 layers × (weights + gradients) × 32 bins.
  expect(lines.length - 1).toBe(2 * 2 * 2 * 32);
});
