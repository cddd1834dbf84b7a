import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { chooseQuickRun, openStudio, saveShot } from './helpers';

async function trainTiny(page: Page, epochs: number, learningRate?: string): Promise<void> {
  await chooseQuickRun(page, { backend: 'wasm', subset: 256, epochs });
  if (learningRate) await page.getByTestId('lr-input').fill(learningRate);
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });
}

/** The confusion matrix's counts, summed (the counts view shows plain integers). */
async function confusionTotal(matrix: Locator): Promise<number> {
  const cells = await matrix.locator('[data-testid^="cm-cell-"]').allTextContents();
  return cells.reduce((t, c) => t + Number(c.replace(/[^\d]/g, '') || 0), 0);
}

test('a stored run reopened to its model: evaluated again, named in the header; other data is refused', async ({ page }) => {
  await openStudio(page);
  await trainTiny(page, 2);
  await trainTiny(page, 1);
  const panel = page.getByTestId('runs-panel');
  await expect(panel.getByTestId('run-row')).toHaveCount(2);
  const [, first] = await panel.getByTestId('run-name').allTextContents(); // newest first
  const summaryModel = page.getByTestId('run-summary-model');
  await expect(summaryModel).not.toContainText('from run');

  await panel.getByRole('button', { name: `Open run ${first}` }).click();
  const detail = panel.getByTestId('run-detail');
  const load = detail.getByTestId('run-model-load-button');
  await expect(load).toBeEnabled();
  // Both checkpoints exist after two epochs: the person picks one.
  const kind = detail.getByTestId('run-model-kind');
  if (await kind.count()) await kind.selectOption('last');
  await load.click();
  await expect(summaryModel).toContainText(`from run ${first} (epoch 2, last)`, { timeout: 60_000 });
  await expect(detail.getByTestId('run-model-shown')).toBeVisible();

  // The evaluation panel shows the loaded model's test results: one confusion count per test item.
  const summary = page.getByTestId('eval-summary');
  await expect(summary).toContainText(/\d+ of \d+ wrong/, { timeout: 60_000 });
  const testSize = Number(/of (\d+) wrong/.exec((await summary.textContent()) ?? '')?.[1]);
  expect(testSize).toBeGreaterThan(0);
  const matrix = page.getByTestId('confusion-matrix').first();
  expect(await confusionTotal(matrix)).toBe(testSize);
  // …and it is the stored run's own score: the stored confusion counts add up to the same test split.
  const stored = await detail.locator('.ts-confusion-counts td').allTextContents();
  expect(stored.reduce((t, c) => t + Number(c), 0)).toBe(testSize);
  const storedAcc = /Test accuracy: ([\d.]+)%/.exec((await detail.getByTestId('run-detail-eval').textContent()) ?? '')?.[1];
  await expect(page.getByTestId('eval-accuracy')).toHaveText(`${storedAcc}%`);
  await saveShot(page, 'run-reopened-model');
  const { violations } = await new AxeBuilder({ page }).include('[data-testid="run-detail"]').include('[data-testid="run-summary"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // Training is not possible to interrupt by a load: while a run trains the button says why it is off.
  await chooseQuickRun(page, { backend: 'wasm', subset: 256, epochs: 20 });
  await page.getByTestId('train-button').click();
  await expect(load).toBeDisabled();
  await expect(detail.getByTestId('run-model-why')).toContainText('stop it first');
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-status')).toHaveText(/stopped|done/, { timeout: 60_000 });
  await expect(load).toBeEnabled();

  // Other data: the load is refused in words and the studio's model stays what it was.
  await page.getByTestId('source-tab-synthetic').click();
  await page.getByTestId('synthetic-load').click();
  await expect(page.getByTestId('dataset-name')).toContainText(/spiral/i, { timeout: 60_000 });
  const before = await summaryModel.textContent();
  await load.click();
  await expect(detail.getByTestId('run-model-error')).toContainText('but the data loaded now is');
  await expect(summaryModel).toHaveText(before ?? '');
});

test('parallel coordinates: a sweep draws one line per run with its axes; two stored runs compare the same way', async ({ page }) => {
  await openStudio(page);
  await chooseQuickRun(page, { backend: 'wasm', subset: 256, epochs: 1 });
  const sweep = page.getByTestId('sweep-panel');
  await sweep.getByTestId('sweep-values-1').fill('0.1, 0.001');
  await sweep.getByTestId('sweep-start').click();
  await expect(sweep.getByTestId('sweep-status')).toHaveText(/^done/, { timeout: 180_000 });
  const pc = sweep.getByTestId('sweep-parallel');
  await expect(pc.getByTestId('pc-line')).toHaveCount(2);
  await expect(pc.getByTestId('pc-axis-title')).toHaveText(['learning rate', 'val loss', 'test accuracy']);
  // Each run is reachable by keyboard; focusing one reads out its values and highlights its line.
  await expect(page.getByTestId('runs-panel').getByTestId('run-row')).toHaveCount(2);
  const names = await page.getByTestId('runs-panel').getByTestId('run-name').allTextContents();
  const runButtons = pc.getByTestId('pc-run');
  await expect(runButtons).toHaveCount(2);
  await runButtons.first().focus();
  const readout = pc.getByTestId('pc-readout');
  await expect(readout).toContainText(/learning rate 0\.(1|001)/);
  const text = (await readout.textContent()) ?? '';
  expect(names.some((n) => text.startsWith(`${n}:`))).toBe(true);
  for (const n of names) await expect(pc.locator(`[data-testid="pc-line"][data-run-name="${n}"]`)).toHaveCount(1);
  await saveShot(page, 'sweep-parallel-coordinates');

  // The runs panel's comparison of the two stored runs has the same chart.
  const panel = page.getByTestId('runs-panel');
  for (const box of await panel.getByRole('checkbox', { name: /^compare / }).all()) {
    await box.click();
    await expect(box).toBeChecked();
  }
  const cmp = panel.getByTestId('compare-parallel');
  await expect(cmp.getByTestId('pc-line')).toHaveCount(2);
  await expect(cmp.getByTestId('pc-axis-title').first()).toHaveText('learning rate');

  // Both charts and the run list pass axe (WCAG A/AA, nothing serious or critical) in light and dark.
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const { violations } = await new AxeBuilder({ page }).include('[data-testid="sweep-panel"]').include('[data-testid="runs-panel"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), scheme).toEqual([]);
  }

  // Phone width: the chart scrolls inside its box; the page does not scroll sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await pc.scrollIntoViewIfNeeded();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
});
