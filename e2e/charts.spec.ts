import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { chooseQuickRun, openStudio, saveShot } from './helpers';

// The live charts on uPlot, used as a TensorBoard user would: log y, x as step / epoch / time, drag to zoom and
// double-click back, a hover read-out with raw and smoothed values, synced cursors, and the CSV behind a chart.

/** The x range the chart shows now, from the attributes the uPlot wrapper keeps current. */
async function xRange(chart: Locator): Promise<[number, number]> {
  const plot = chart.locator('.ts-live-plot');
  return [Number(await plot.getAttribute('data-x-min')), Number(await plot.getAttribute('data-x-max'))];
}

async function drag(page: Page, over: Locator, from: number, to: number): Promise<void> {
  const box = (await over.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to, y, { steps: 8 });
  await page.mouse.up();
}

test('live charts: log y, x as step / epoch / time, drag-zoom and reset, hover read-out, CSV export', async ({ page }) => {
  await openStudio(page);
  await chooseQuickRun(page, { backend: 'wasm', subset: 512, epochs: 2 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });

  const loss = page.getByTestId('batch-chart').first();
  const acc = page.getByTestId('batch-chart').nth(1);
  const batches = Number(await loss.getAttribute('data-points'));
  expect(batches).toBeGreaterThan(10);
  await loss.scrollIntoViewIfNeeded();
  await expect(loss.locator('canvas')).toBeVisible();
  // The step axis shows the whole run, with one epoch line between the two epochs.
  expect(await xRange(loss)).toEqual([1, batches]);
  await expect(loss).toHaveAttribute('data-epoch-lines', '1');

  // Log y on the loss chart; accuracy (a percentage) has no log toggle.
  await page.getByTestId('log-y-loss').click();
  await expect(page.getByTestId('log-y-loss')).toHaveAttribute('aria-pressed', 'true');
  await expect(loss).toHaveAttribute('data-log-y', 'true');
  await expect(page.getByTestId('log-y-metric')).toHaveCount(0);
  await expect(loss.locator('canvas')).toHaveAttribute('aria-label', /loss per batch/);

  // x as epoch (fractional, ends at 2) and as training time (seconds, ends above 0), then back to step.
  await page.getByTestId('x-axis-loss').selectOption('epoch');
  await expect(loss).toHaveAttribute('data-x-mode', 'epoch');
  await expect.poll(async () => (await xRange(loss))[1]).toBeCloseTo(2, 6);
  await page.getByTestId('x-axis-loss').selectOption('time');
  await expect(loss).toHaveAttribute('data-x-mode', 'time');
  await expect.poll(async () => (await xRange(loss))[1]).toBeGreaterThan(0);
  expect((await xRange(loss))[1]).not.toBeCloseTo(batches, 0);
  await page.getByTestId('x-axis-loss').selectOption('step');
  await expect.poll(() => xRange(loss)).toEqual([1, batches]);

  // Drag across the middle: the x range narrows and a Reset zoom button appears; a double-click shows everything.
  const over = loss.locator('.u-over');
  await drag(page, over, 0.3, 0.6);
  await expect(page.getByTestId('reset-zoom-loss')).toBeVisible();
  const [z0, z1] = await xRange(loss);
  expect(z0).toBeGreaterThan(1);
  expect(z1).toBeLessThan(batches);
  await over.dblclick({ position: { x: 20, y: 20 } });
  await expect.poll(() => xRange(loss)).toEqual([1, batches]);
  await expect(page.getByTestId('reset-zoom-loss')).toHaveCount(0);
  // The button does the same for keyboard users.
  await drag(page, over, 0.2, 0.5);
  await page.getByTestId('reset-zoom-loss').focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => xRange(loss)).toEqual([1, batches]);

  // Hover: the read-out names the batch and gives raw and smoothed values; the accuracy chart's cursor follows.
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  const readout = loss.getByTestId('chart-readout');
  await expect(readout).toContainText(/batch \d+/);
  await expect(readout.locator('[data-series="raw"]')).toContainText(/raw: \d/);
  await expect(readout.locator('[data-series^="smoothed"]')).toContainText(/smoothed: \d/);
  await expect(acc.getByTestId('chart-readout')).toContainText(/raw: \d+(\.\d)?%/);
  await saveShot(page, 'charts-hover');

  // CSV: a header and one row per batch with the numbers behind the chart.
  const smoothing = Number(await page.getByTestId('smoothing-slider-loss').inputValue()).toFixed(2);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-loss-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
  expect(csv[0]).toBe(`step,epoch,time_s,loss,loss_smoothed_ema_${smoothing}`);
  expect(csv).toHaveLength(batches + 1);
  expect(csv[batches].split(',')[0]).toBe(String(batches));
  expect(Number(csv[batches].split(',')[1])).toBeCloseTo(2, 6);

  // SVG: a vector drawing of the same chart.
  const [svgFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-loss-svg').click()]);
  const svg = readFileSync((await svgFile.path())!, 'utf8');
  expect(svg).toContain('<svg');
  expect(svg.match(/<path /g)?.length).toBe(2);
});
