import { expect, test } from '@playwright/test';
import { chooseQuickRun, openStudio, percentOf, saveShot } from './helpers';

test('the Tiny ViT preset: tokens in the builder, a patch size that does not fit is refused, a tiny run trains on wasm', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('preset-select').selectOption('vit-tiny');
  // 7×7 patches of a 28×28 digit: 16 tokens + the class token, 64 values each; pooled to 64, then 10 classes.
  await expect(page.getByTestId('layer-shape-0')).toHaveText('[17, 64]');
  // Dropout, two transformer blocks (tokens in, tokens out), the token pool, dropout, the head.
  await expect(page.getByTestId('layer-shape-3')).toHaveText('[17, 64]');
  await expect(page.getByTestId('layer-shape-4')).toHaveText('[64]');
  await expect(page.getByTestId('layer-shape-6')).toHaveText('[10]');

  // A patch size that does not divide 28 is refused with the reason and the sizes that would fit; Train waits.
  await page.getByTestId('layer-edit-0').click();
  await page.getByTestId('layer-0-patchSize').fill('5');
  await expect(page.getByTestId('layer-error-0')).toContainText('Patch size 5 does not divide the 28×28 input');
  await expect(page.getByTestId('layer-error-0')).toContainText('2, 4, 7, 14');
  await expect(page.getByTestId('train-button')).toBeDisabled();
  await page.getByTestId('layer-0-patchSize').fill('7');
  await expect(page.locator('[data-testid^="layer-error-"]')).toHaveCount(0);

  await chooseQuickRun(page, { backend: 'wasm', subset: 1000, epochs: 2 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });
  await expect(page.getByTestId('active-backend')).toHaveText('wasm');
  await expect(page.getByTestId('run-error')).toHaveCount(0);
  const accuracy = percentOf(await page.getByTestId('test-accuracy').textContent());
  // 1,000 digits, two epochs (the first is warm-up): well above chance (10 %), not yet good.
  expect(accuracy).toBeGreaterThan(25);
  await saveShot(page, 'vit-tiny-trained');
});

test('a trained ViT shows per-head attention and rollout over the 4×4 patches for a clicked test digit', async ({ page }) => {
  await openStudio(page);
  await chooseQuickRun(page, { backend: 'wasm', subset: 1000, epochs: 2, preset: 'vit-tiny' });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });
  await page.getByTestId('eval-tab-examples').click();
  await page.getByTestId('gallery-item').first().click();
  const maps = page.getByTestId('attention-maps');
  await expect(maps).toBeVisible({ timeout: 30_000 });
  await expect(maps.getByTestId('attention-head')).toHaveCount(4);
  await expect(maps.getByTestId('attention-rollout')).toHaveCount(1);
  await expect(maps.getByTestId('attention-head').first().getByRole('img')).toHaveAttribute('aria-label', /Block 1, head 1: most attention on row \d, column \d/);
  await maps.getByTestId('attention-block').selectOption('1');
  await expect(maps.getByTestId('attention-head').first().getByRole('img')).toHaveAttribute('aria-label', /Block 2, head 1/);
  await saveShot(page, 'vit-attention');
});
