import { expect, test, type Page } from '@playwright/test';
import { openStudio } from './helpers';

/** The boundary canvas's pixels, as a data URL (equal strings ⇔ equal pictures). */
const pixels = (page: Page) => page.getByTestId('boundary-canvas').evaluate((c) => (c as HTMLCanvasElement).toDataURL());

test('a spiral run draws its decision boundary live, sharpening as it learns, with an uncertainty layer', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('source-tab-synthetic').click();
  await page.getByTestId('synthetic-load').click();
  await expect(page.getByTestId('dataset-name')).toContainText(/spiral/i);
  await expect(page.getByTestId('boundary-panel')).toBeVisible();
  await expect(page.getByTestId('boundary-caption')).toContainText(/Train a model/);
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('epochs-input').fill('40');
  await page.getByTestId('train-button').click();

  const canvas = page.getByTestId('boundary-canvas');
  await expect(canvas).toBeVisible({ timeout: 120_000 });
  const early = await pixels(page);
  const earlyEpoch = Number(await canvas.getAttribute('data-epoch'));
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });
  await expect(canvas).toHaveAttribute('data-epoch', '40');
  await expect(page.getByTestId('boundary-caption')).toContainText('epoch 40');
  const late = await pixels(page);
  expect(earlyEpoch).toBeLessThan(40);
  expect(late).not.toBe(early);

  // The uncertainty layer is on by default; switching it off changes the picture, and back on restores it.
  const toggle = page.getByTestId('boundary-uncertainty');
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await expect.poll(() => pixels(page)).not.toBe(late);
  const plain = await pixels(page);
  await toggle.check();
  await expect.poll(() => pixels(page)).toBe(late);
  expect(plain).not.toBe(late);
});
