import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { regressionCsv } from './fixtures';
import { chooseQuickRun, openStudio } from './helpers';

// Accessibility: axe-core (WCAG 2.0/2.1 A and AA rules) on every view, light and dark, must find nothing serious or
// critical; and the keyboard paths work: tabs with the arrow keys, the confusion matrix as a grid, gallery items and
// the example detail, the table dialog (Esc returns the focus to its opener).

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

/** Runs axe on the page and fails (softly: every view is still checked) on a serious or critical violation. */
async function audit(page: Page, view: string): Promise<void> {
  const started = Date.now();
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const count = (impact: string) => violations.filter((v) => v.impact === impact).length;
  const summary = `critical ${count('critical')}, serious ${count('serious')}, moderate ${count('moderate')}, minor ${count('minor')}`;
  test.info().annotations.push({ type: `axe: ${view}`, description: summary });
  const blocking = violations.filter((v) => BLOCKING.has(v.impact ?? ''));
  const lines = blocking.map((v) => `${v.id} [${v.impact}] ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`).join('\n')}`);
  console.log(`axe ${view} (${((Date.now() - started) / 1000).toFixed(1)} s): ${summary}${lines.length ? `\n  ${lines.join('\n  ')}` : ''}`);
  expect.soft(lines, `axe found serious or critical violations on ${view}`).toEqual([]);
}

async function setScheme(page: Page, colorScheme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme });
  // The theme follows prefers-color-scheme; give the tokens a frame to apply.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const SOURCES = ['mnist', 'synthetic', 'files', 'url'] as const;

test('the studio on load, every dataset source and the table dialog pass axe (light and dark); tabs and the dialog work from the keyboard', async ({ page }) => {
  await openStudio(page);
  for (const scheme of ['light', 'dark'] as const) {
    await setScheme(page, scheme);
    await audit(page, `studio on load (${scheme})`);
    for (const s of SOURCES) {
      await page.getByTestId(`source-tab-${s}`).click();
      await audit(page, `source tab ${s} (${scheme})`);
    }
    await page.getByTestId('source-tab-mnist').click();
  }
  await setScheme(page, 'light');

  // Tabs: one tab stop; the arrows (wrapping), Home and End move the focus and select.
  const tab = (s: string) => page.getByTestId(`source-tab-${s}`);
  await expect(page.getByRole('tablist', { name: 'Dataset source' })).toBeVisible();
  await expect(tab('mnist')).toHaveAttribute('tabindex', '0');
  await expect(tab('synthetic')).toHaveAttribute('tabindex', '-1');
  await tab('mnist').focus();
  await page.keyboard.press('ArrowRight');
  await expect(tab('synthetic')).toBeFocused();
  await expect(tab('synthetic')).toHaveAttribute('aria-selected', 'true');
  await expect(tab('mnist')).toHaveAttribute('aria-selected', 'false');
  await expect(page.getByRole('tabpanel', { name: 'Synthetic' })).toBeVisible();
  await page.keyboard.press('End');
  await expect(tab('url')).toBeFocused();
  await expect(tab('url')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('url-input')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(tab('mnist')).toBeFocused();
  await expect(tab('mnist')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(tab('url')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(tab('mnist')).toBeFocused();
  await expect(tab('mnist')).toHaveAttribute('aria-selected', 'true');
  // Tab leaves the tab list for the panel's first control.
  await page.keyboard.press('Tab');
  await expect(tab('synthetic')).not.toBeFocused();

  // The table dialog: axe with it open (light and dark); Esc closes it and the focus goes back to its opener.
  await tab('files').click();
  await page.getByTestId('file-input').setInputFiles(regressionCsv());
  const dialog = page.getByTestId('table-dialog');
  await expect(page.getByTestId('table-prep')).toBeVisible({ timeout: 60_000 });
  await audit(page, 'table dialog (light)');
  await setScheme(page, 'dark');
  await audit(page, 'table dialog (dark)');
  await setScheme(page, 'light');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  const edit = page.getByTestId('table-edit');
  await edit.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('table-prep')).toBeVisible();
  // Modal: the focus is inside the dialog.
  expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(edit).toBeFocused();
});

test('a trained model: evaluation tabs, example detail, runs and a demo link pass axe (light and dark); the confusion grid and gallery work from the keyboard', async ({ page, browser }) => {
  // Two tiny runs and ~20 axe passes on a shared two-core machine: more than the default 4 minutes.
  test.setTimeout(480_000);
  await openStudio(page);
  await chooseQuickRun(page, { backend: 'wasm', subset: 1000, epochs: 2 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });
  const panel = page.getByTestId('evaluation-panel');
  await expect(panel.getByTestId('confused-pairs').locator('li').first()).toBeVisible();
  await audit(page, 'evaluation: Overview (light)');

  // The confusion matrix is one tab stop; the arrows move between cells; Enter opens a cell's examples.
  const pair = await panel.getByTestId('confused-pairs').locator('li > button').first().textContent();
  const [, t, p, n] = /(\d+) → (\d+): (\d+)/.exec(pair ?? '') ?? [];
  expect(Number(t)).not.toBe(Number(p));
  const cm = page.getByTestId('confusion-matrix');
  await expect(cm.getByRole('grid')).toBeVisible();
  await cm.getByRole('button', { name: 'row %' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('cm-cell-0-0')).toBeFocused();
  await expect(page.getByTestId('cm-cell-0-0')).toHaveAccessibleName(/^true 0, predicted 0: \d+ items?/);
  for (let i = 0; i < Number(t); i++) await page.keyboard.press('ArrowDown');
  for (let j = 0; j < Number(p); j++) await page.keyboard.press('ArrowRight');
  const cell = page.getByTestId(`cm-cell-${t}-${p}`);
  await expect(cell).toBeFocused();
  await expect(cell).toHaveAccessibleName(new RegExp(`^true ${t}, predicted ${p}: ${n} items? \\(`));
  await expect(cell).toHaveAttribute('tabindex', '0');
  await expect(page.getByTestId('cm-cell-0-0')).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('eval-tab-examples')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('gallery-count')).toContainText(`${n} of 2,000`);

  // A gallery item opens with Enter; Esc closes the detail and the focus returns to the item.
  await panel.getByRole('button', { name: 'Show all' }).click();
  const item = page.getByTestId('gallery-item').nth(3);
  await item.focus();
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('example-detail');
  await expect(detail.getByTestId('probability-error-bars')).toBeVisible();
  await audit(page, 'evaluation: Examples with an example open (light)');
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();
  await expect(item).toBeFocused();

  // A most-confused pair's thumbnail opens its example with Enter.
  await page.getByTestId('eval-tab-overview').click();
  const thumb = page.getByTestId('pair-thumb').first();
  const pos = await thumb.getAttribute('data-pos');
  await thumb.focus();
  await page.keyboard.press('Enter');
  await expect(detail).toContainText(`Test example #${Number(pos) + 1}`);
  await expect(page.locator(`[data-testid=gallery-item][data-pos="${pos}"]`)).toBeFocused();

  // The evaluation tabs from the keyboard, and axe on each.
  const evalTab = (k: string) => page.getByTestId(`eval-tab-${k}`);
  await evalTab('examples').focus();
  await page.keyboard.press('Home');
  await expect(evalTab('overview')).toBeFocused();
  await expect(evalTab('overview')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(evalTab('history')).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByTestId('metric-history')).toBeVisible();
  // Overview and Examples (with a detail open) were checked above.
  for (const k of ['calibration', 'inside', 'history'] as const) {
    await evalTab(k).click();
    await audit(page, `evaluation: ${k} (light)`);
  }
  await setScheme(page, 'dark');
  for (const k of ['overview', 'calibration', 'examples', 'inside', 'history'] as const) {
    await evalTab(k).click();
    await audit(page, `evaluation: ${k} (dark)`);
  }
  await setScheme(page, 'light');

  // A second run, so the runs panel compares two.
  await page.getByTestId('epochs-input').fill('1');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });
  const runs = page.getByTestId('runs-panel');
  await expect(runs.getByTestId('run-row')).toHaveCount(2);
  for (const box of await runs.getByRole('checkbox', { name: /^compare / }).all()) {
    await box.click();
    await expect(box).toBeChecked();
  }
  await expect(runs.getByTestId('run-compare')).toBeVisible();
  const compareTabs = runs.getByRole('tablist', { name: 'Compared curve' });
  await compareTabs.getByRole('tab', { name: 'Validation loss' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(compareTabs.getByRole('tab', { name: 'Training loss' })).toHaveAttribute('aria-selected', 'true');
  await audit(page, 'runs panel with a comparison (light)');
  await setScheme(page, 'dark');
  await audit(page, 'runs panel with a comparison (dark)');
  await setScheme(page, 'light');

  // A demo link, opened in a fresh browser.
  await page.getByTestId('demo-link').click();
  const url = await page.getByTestId('link-url').inputValue();
  const fresh = await browser.newContext();
  const demo = await fresh.newPage();
  await demo.goto(url);
  await expect(demo.getByTestId('demo-view')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await audit(demo, 'demo link (light)');
  await setScheme(demo, 'dark');
  await audit(demo, 'demo link (dark)');
  await fresh.close();
});

test('a model link: the "load from another site?" question and its failure pass axe (light and dark)', async ({ page }) => {
  const link = Buffer.from('https://models.example.com/digits/model.json').toString('base64url');
  await page.goto(`./#m1.${link}`);
  await expect(page.getByTestId('remote-confirm')).toBeVisible();
  await audit(page, 'model link question (light)');
  await setScheme(page, 'dark');
  await audit(page, 'model link question (dark)');
  await page.getByTestId('remote-load').click();
  await expect(page.getByTestId('demo-error')).toBeVisible({ timeout: 60_000 });
  await audit(page, 'model link failure (dark)');
  await setScheme(page, 'light');
  await audit(page, 'model link failure (light)');
});
