import { expect, test } from '@playwright/test';
import { chooseQuickRun, openStudio } from './helpers';

test('the recall chart names its Wilson interval with the real test count, and its "?" opens and closes with Esc', async ({ page }) => {
  await openStudio(page);
  await chooseQuickRun(page, { backend: 'wasm', subset: 256, epochs: 2 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });
  const panel = page.getByTestId('evaluation-panel');
  const summary = await panel.getByTestId('eval-summary').textContent();
  const n = Number(/of ([\d,]+) wrong/.exec(summary ?? '')?.[1].replace(/,/g, ''));
  expect(n).toBeGreaterThan(0);

  const explain = panel.getByTestId('explain-per-class');
  await expect(explain.getByTestId('explain-caption')).toContainText(`95 % Wilson interval for each class's recall`);
  await expect(explain.getByTestId('explain-caption')).toContainText(`(${n.toLocaleString('en-US')} test items in all)`);

  const toggle = explain.getByTestId('explain-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(explain.getByTestId('explain-help')).toBeHidden();
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(explain.getByTestId('explain-help')).toContainText('overlap');
  await page.keyboard.press('Escape');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(explain.getByTestId('explain-help')).toBeHidden();
  await expect(toggle).toBeFocused();
});
