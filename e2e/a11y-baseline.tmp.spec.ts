import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { regressionCsv } from './fixtures';
import { chooseQuickRun, openStudio } from './helpers';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
async function audit(page: Page, view: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const count = (impact: string) => violations.filter((v) => v.impact === impact).length;
  const lines = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} [${v.impact}] ${v.help} :: ${v.nodes.slice(0, 6).map((n) => n.target.join(' ')).join(' | ')}${v.nodes.length > 6 ? ` (+${v.nodes.length - 6})` : ''}`);
  console.log(`AXE ${view}: critical ${count('critical')}, serious ${count('serious')}, moderate ${count('moderate')}, minor ${count('minor')}${lines.length ? `\n  ${lines.join('\n  ')}` : ''}`);
}
async function setScheme(page: Page, colorScheme: 'light' | 'dark') {
  await page.emulateMedia({ colorScheme });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}
test('baseline load', async ({ page }) => {
  await openStudio(page);
  for (const scheme of ['light', 'dark'] as const) {
    await setScheme(page, scheme);
    await audit(page, `load ${scheme}`);
    for (const s of ['mnist', 'synthetic', 'files', 'url']) {
      await page.getByTestId(`source-tab-${s}`).click();
      await audit(page, `source ${s} ${scheme}`);
    }
  }
  await setScheme(page, 'light');
  await page.getByTestId('source-tab-files').click();
  await page.getByTestId('file-input').setInputFiles(regressionCsv());
  await expect(page.getByTestId('table-prep')).toBeVisible({ timeout: 60_000 });
  await audit(page, 'table dialog light');
  await setScheme(page, 'dark');
  await audit(page, 'table dialog dark');
});
test('baseline trained', async ({ page, browser }) => {
  await openStudio(page);
  await chooseQuickRun(page, { backend: 'wasm', subset: 1000, epochs: 2 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });
  await expect(page.getByTestId('confused-pairs').locator('li').first()).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await setScheme(page, scheme);
    for (const k of ['overview', 'calibration', 'examples', 'inside', 'history']) {
      await page.getByTestId(`eval-tab-${k}`).click();
      if (k === 'examples') { await page.getByTestId('gallery-item').nth(3).click(); await expect(page.getByTestId('example-detail').getByTestId('probability-error-bars')).toBeVisible(); }
      await audit(page, `eval ${k} ${scheme}`);
    }
  }
  await setScheme(page, 'light');
  await page.getByTestId('epochs-input').fill('1');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });
  const runs = page.getByTestId('runs-panel');
  await expect(runs.getByTestId('run-row')).toHaveCount(2);
  for (const box of await runs.getByRole("checkbox", { name: /^compare / }).all()) {
    await box.click();
    await expect(box).toBeChecked();
  }
  await expect(runs.getByTestId('run-compare')).toBeVisible();
  await audit(page, 'runs light');
  await setScheme(page, 'dark');
  await audit(page, 'runs dark');
  await setScheme(page, 'light');
  await page.getByTestId('demo-link').click();
  const url = await page.getByTestId('link-url').inputValue();
  const fresh = await browser.newContext();
  const demo = await fresh.newPage();
  await demo.goto(url);
  await expect(demo.getByTestId('demo-view')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await audit(demo, 'demo light');
  await setScheme(demo, 'dark');
  await audit(demo, 'demo dark');
  await fresh.close();
});
