import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openStudio, percentOf } from './helpers';

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
  // The Playground-style preset learns the spiral (the old 2×16 tanh stalled near 60 %).
  expect(percentOf(await page.getByTestId('test-accuracy').textContent())).toBeGreaterThan(85);
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

test('a wider table (penguins) gets a boundary over two picked features, the others held at their means, with a read-out under the pointer', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('source-tab-files').click();
  await page.getByTestId('file-input').setInputFiles({ name: 'penguins.json', mimeType: 'application/json', buffer: readFileSync('node_modules/vega-datasets/data/penguins.json') });
  await expect(page.getByTestId('table-prep')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('table-use').click();
  await expect(page.getByTestId('boundary-panel')).toBeVisible();
  const across = page.getByTestId('boundary-feature-x');
  await expect(across.locator('option:checked')).toHaveText('Beak Length (mm)');
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('epochs-input').fill('5');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });
  const canvas = page.getByTestId('boundary-canvas');
  await expect(canvas).toHaveAttribute('aria-label', /over Beak Length \(mm\) and Beak Depth \(mm\)/);
  const first = await canvas.getAttribute('data-features');
  await expect(page.getByTestId('boundary-caption')).toContainText(/other \d+ features are held at their means/);
  const before = await pixels(page);

  // Flipper length across: the finished model is drawn again over the new plane, without training.
  await across.selectOption({ label: 'Flipper Length (mm)' });
  await expect(canvas).toHaveAttribute('aria-label', /over Flipper Length \(mm\) and Beak Depth \(mm\)/);
  expect(await canvas.getAttribute('data-features')).not.toBe(first);
  expect(await pixels(page)).not.toBe(before);
  // Picking the other axis's feature swaps the two.
  await page.getByTestId('boundary-feature-y').selectOption({ label: 'Flipper Length (mm)' });
  await expect(canvas).toHaveAttribute('aria-label', /over Beak Depth \(mm\) and Flipper Length \(mm\)/);

  const box = (await canvas.boundingBox())!;
  await canvas.hover({ position: { x: box.width * 0.45, y: box.height * 0.45 } });
  await expect(page.getByTestId('boundary-readout')).toContainText(/Beak Depth \(mm\) [\d.]+, Flipper Length \(mm\) [\d.]+: (Adelie|Chinstrap|Gentoo), \d+% sure/);
});
