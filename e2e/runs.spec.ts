import { expect, test, type Page } from '@playwright/test';
import { chooseQuickRun, openStudio, saveShot } from './helpers';

async function trainTiny(page: Page, epochs: number): Promise<void> {
  await chooseQuickRun(page, { backend: 'wasm', subset: 256, epochs });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });
}

test('runs like W&B: distinct names, rename that persists, tags and a tag filter, compare, delete with undo, reopen', async ({ page }) => {
  await openStudio(page);
  await trainTiny(page, 1);
  await trainTiny(page, 2);

  const panel = page.getByTestId('runs-panel');
  const rows = panel.getByTestId('run-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'done' })).toHaveCount(2);
  const names = await panel.getByTestId('run-name').allTextContents();
  expect(new Set(names).size).toBe(2);
  for (const n of names) expect(n).toMatch(/^[a-z0-9-]+-#\d+$/);
  const [second, first] = names; // newest first

  // Rename the first run (Enter saves) and check the name survives a reload; Esc cancels an edit.
  await panel.getByRole('button', { name: `Rename run ${first}` }).click();
  const input = panel.getByRole('textbox', { name: `New name for run ${first}` });
  await input.fill('baseline run');
  await input.press('Enter');
  await expect(panel.getByTestId('run-name').filter({ hasText: 'baseline run' })).toBeVisible();
  await panel.getByRole('button', { name: `Rename run ${second}` }).click();
  await panel.getByRole('textbox', { name: `New name for run ${second}` }).fill('never saved');
  await panel.getByRole('textbox', { name: `New name for run ${second}` }).press('Escape');
  await expect(panel.getByTestId('run-name').filter({ hasText: second })).toBeVisible();
  // A name another run has is refused in words.
  await panel.getByRole('button', { name: `Rename run ${second}` }).click();
  await panel.getByRole('textbox', { name: `New name for run ${second}` }).fill('Baseline Run');
  await panel.getByRole('textbox', { name: `New name for run ${second}` }).press('Enter');
  await expect(panel.getByRole('alert').filter({ hasText: 'already named' })).toBeVisible();
  await panel.getByRole('textbox', { name: `New name for run ${second}` }).press('Escape');

  await page.reload();
  await expect(page.getByTestId('dataset-ready')).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByTestId('run-name')).toHaveText([second, 'baseline run']);

  // Open the renamed run: its epoch charts, evaluation and checkpoints; add notes and a tag.
  await panel.getByRole('button', { name: 'Open run baseline run' }).click();
  const detail = panel.getByTestId('run-detail');
  await expect(detail.getByTestId('run-detail-loss')).toContainText('Loss by epoch');
  await expect(detail.getByTestId('run-detail-loss').locator('.recharts-line')).not.toHaveCount(0);
  await expect(detail.getByTestId('run-detail-eval')).toContainText(/Test accuracy: \d+\.\d+%/);
  await expect(detail.getByTestId('run-detail-checkpoints')).toContainText('after epoch 1');
  await detail.getByTestId('run-notes').fill('the first, one epoch');
  await detail.getByTestId('run-tag-input').fill('baseline, tiny');
  await detail.getByTestId('run-tag-input').press('Enter');
  await expect(detail.getByTestId('run-tag')).toHaveText(['baseline×', 'tiny×']);
  await saveShot(page, 'runs-opened');

  // Filter by the tag; search finds the notes.
  await panel.getByTestId('runs-tag-filter').selectOption('baseline');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-run-name', 'baseline run');
  await panel.getByTestId('runs-tag-filter').selectOption('');
  await panel.getByTestId('runs-search').fill('one epoch');
  await expect(rows).toHaveCount(1);
  await panel.getByTestId('runs-search').fill('');
  await expect(rows).toHaveCount(2);

  // Sort by name: "baseline run" first ascending.
  await panel.getByTestId('runs-sort-name').click();
  await expect(panel.getByTestId('run-name')).toHaveText(['baseline run', second]);

  // Compare both: one chart, axis titles, both names in the legend.
  // Clicked, then waited for: the table re-renders from a deferred copy of the store.
  for (const box of await panel.getByRole('checkbox', { name: /^compare / }).all()) {
    await box.click();
    await expect(box).toBeChecked();
  }
  const compare = panel.getByTestId('run-compare');
  await expect(compare).toBeVisible();
  const chart = compare.getByTestId('compare-chart');
  await expect(chart).toContainText('Validation loss by epoch');
  await expect(chart).toContainText('epoch');
  await expect(chart.locator('.recharts-legend-wrapper')).toContainText('baseline run');
  await expect(chart.locator('.recharts-legend-wrapper')).toContainText(second);
  await compare.getByRole('tab', { name: 'Validation metric' }).click();
  await expect(chart).toContainText('validation accuracy (%)');
  await saveShot(page, 'runs-compared');

  // Delete both, then undo: both come back as they were (name, tags).
  await panel.getByTestId('runs-delete-selected').click();
  await expect(panel.getByTestId('runs-undo')).toContainText('Deleted 2 runs');
  await expect(rows).toHaveCount(0);
  await panel.getByTestId('runs-undo-button').click();
  await expect(rows).toHaveCount(2);
  await expect(panel.getByTestId('runs-undo')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('dataset-ready')).toBeVisible({ timeout: 60_000 });
  await expect(rows).toHaveCount(2);
  const restored = rows.filter({ has: page.getByTestId('run-name').filter({ hasText: 'baseline run' }) });
  await expect(restored.getByTestId('run-tag')).toHaveText(['baseline', 'tiny']);
  await expect(restored).toContainText('the first, one epoch');

  // Phone width: the table scrolls inside its box, the page does not scroll sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await panel.getByRole('button', { name: 'Open run baseline run' }).click();
  await panel.scrollIntoViewIfNeeded();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  const tagBox = await panel.getByTestId('run-tag-input').boundingBox();
  expect(tagBox?.height ?? 0).toBeGreaterThanOrEqual(40);
  await saveShot(page, 'runs-phone');
});
