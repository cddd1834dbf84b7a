import { expect, test, type Page } from '@playwright/test';
import { chooseQuickRun, openStudio, saveShot } from './helpers';

// The layout shell: sticky run bar and steps, the workspace's sticky right column, phone and tablet sizes, the skip
// link and the live region. One tiny wasm run is reused by every check.

const STEPS = ['data', 'model', 'train', 'inspect', 'share'] as const;

/** Whether each element is wholly inside the viewport, read in one go (the page is not scrolled between reads). */
async function inViewport(page: Page, testIds: string[]): Promise<Record<string, string>> {
  return page.evaluate((ids) => {
    const out: Record<string, string> = {};
    for (const id of ids) {
      const el = document.querySelector(`[data-testid="${id}"]`);
      if (!el) {
        out[id] = 'missing';
        continue;
      }
      const r = el.getBoundingClientRect();
      const inside = r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
      out[id] = inside ? 'in' : `out (${Math.round(r.left)},${Math.round(r.top)} → ${Math.round(r.right)},${Math.round(r.bottom)})`;
    }
    return out;
  }, testIds);
}

/** The page's horizontal overflow and every panel that reaches past the window's right edge. */
async function overflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; panels: string[] }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth,
    panels: [...document.querySelectorAll('.ts-panel')]
      .filter((p) => p.getBoundingClientRect().right > innerWidth + 0.5)
      .map((p) => `${p.getAttribute('aria-label') ?? p.getAttribute('data-testid')}: right ${Math.round(p.getBoundingClientRect().right)}`),
  }));
}

/** Visible controls in panels shorter than 40 px (a checkbox or radio counts by its label, the thing tapped). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('.ts-panel button, .ts-panel select, .ts-panel input, .ts-panel [role="tab"]')) {
      if (el instanceof HTMLInputElement && el.type === 'hidden') continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      let r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue; // not rendered (a file input behind its button, a closed details)
      if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
        const label = el.closest('label');
        if (label) r = label.getBoundingClientRect();
      }
      if (r.height < 39.5) {
        const name = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 30) ?? '';
        const panel = el.closest('.ts-panel')?.getAttribute('aria-label') ?? '?';
        bad.push(`${panel} › ${el.tagName.toLowerCase()}${el instanceof HTMLInputElement ? `[${el.type}]` : ''} "${name}" ${Math.round(r.height)} px`);
      }
    }
    return bad;
  });
}

test('the layout shell: run bar within reach, charts and controls together, no overflow on phones, live announcements', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });

  // (d) From page load, Tab reaches the Train button within 5 presses (skip link first).
  await openStudio(page);
  await expect(page.getByTestId('train-button')).toBeEnabled();
  await page.reload();
  await expect(page.getByTestId('dataset-ready')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('train-button')).toBeEnabled({ timeout: 60_000 });
  let presses = 0;
  let focused: string | null = null;
  while (presses < 5 && focused !== 'train-button') {
    await page.keyboard.press('Tab');
    presses++;
    focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
    if (presses === 1) expect(focused, 'the first Tab lands on the skip link').toBe('skip-link');
  }
  test.info().annotations.push({ type: 'Tab presses from page load to Train', description: String(presses) });
  expect(focused, `Train not reached in ${presses} Tab presses`).toBe('train-button');

  // The skip link is hidden until focused, and moves focus to the workspace.
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('skip-link')).toBeFocused();
  await expect(page.getByTestId('skip-link')).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#workspace')).toBeFocused();

  // The steps: Train is current before the first run (data and model are done).
  await expect(page.getByTestId('step-train')).toHaveAttribute('aria-current', 'step');
  await expect(page.getByTestId('step-data')).toHaveAttribute('data-status', 'done');

  // (a) During a run at 1280×720: the loss chart, Pause, Stop and the learning-rate input in view at once.
  await chooseQuickRun(page, { backend: 'wasm', subset: 1000, epochs: 6 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('train-button').click();
  // (e) The live region says the run started.
  await expect(page.getByTestId('announcer')).toHaveText('Training started');
  await expect(page.getByTestId('pause-button')).toBeVisible();
  await expect(page.getByTestId('batch-chart').first()).not.toHaveAttribute('data-points', '0');
  // The Training panel's fields were scrolled to (epochs): the page is wherever a person left it.
  const seen = await inViewport(page, ['batch-chart', 'pause-button', 'stop-button', 'live-lr-input']);
  test.info().annotations.push({ type: '1280×720 during a run', description: JSON.stringify(seen) });
  await saveShot(page, 'layout-1280x720-running');
  expect(seen, 'all four at once, without scrolling').toEqual({ 'batch-chart': 'in', 'pause-button': 'in', 'stop-button': 'in', 'live-lr-input': 'in' });
  await expect(page.getByTestId('step-train')).toHaveAttribute('data-status', 'active');

  // (e) …and that it finished, with the test score.
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });
  await expect(page.getByTestId('announcer')).toHaveText(/^Training finished — test accuracy \d+(\.\d+)?\s?%$/);
  await expect(page.getByTestId('announcer-alert')).toHaveText('');
  await expect(page.getByTestId('step-share')).toHaveAttribute('aria-current', 'step');

  // A step click moves to its section and focuses its heading.
  await page.getByTestId('step-model').click();
  await expect(page.getByTestId('model-panel').getByRole('heading', { level: 2 })).toBeFocused();
  await expect(page.getByTestId('model-panel').getByRole('heading', { level: 2 })).toBeInViewport();

  // (b) Phone and tablet: no horizontal overflow after visiting each step, with evaluation and runs on the page.
  await expect(page.getByTestId('evaluation-panel')).toBeVisible();
  const report: string[] = [];
  for (const [width, height] of [
    [390, 844],
    [768, 1024],
  ]) {
    await page.setViewportSize({ width, height });
    for (const step of STEPS) {
      await page.getByTestId(`step-${step}`).click();
      await page.waitForTimeout(150);
      const o = await overflow(page);
      report.push(`${width}×${height} ${step}: scrollWidth ${o.scrollWidth}`);
      expect(o.scrollWidth, `${width}×${height} after ${step}: page wider than the window`).toBeLessThanOrEqual(o.innerWidth);
      expect(o.panels, `${width}×${height} after ${step}: panels past the right edge`).toEqual([]);
    }
    const header = await page.getByTestId('app-header').boundingBox();
    report.push(`${width}×${height} header ${Math.round(header?.height ?? 0)} px`);
    expect(header!.height, 'the header takes at most a quarter of the height').toBeLessThanOrEqual(height * 0.25);
    await saveShot(page, `layout-${width}x${height}`);
  }
  test.info().annotations.push({ type: 'overflow', description: report.join('; ') });

  // (c) Tap targets at 390×844: every visible control in panels is at least 40 px tall.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => window.scrollTo(0, 0));
  const small = await smallTargets(page);
  expect(small, `controls under 40 px tall:\n${small.join('\n')}`).toEqual([]);
});
