import { expect, test, type Page, type Worker } from '@playwright/test';
import { chooseQuickRun, openStudio, saveShot } from '../helpers';

// Faults while training: a lost GPU, a wedged worker, hasty clicks, a link mid-run, two tabs, a model too large.

/** Opens the studio, starts the small digits MLP and waits for its first epoch; returns the training worker. */
async function trainOneEpoch(page: Page, backend: string, epochs: number): Promise<Worker> {
  await openStudio(page);
  await chooseQuickRun(page, { backend, subset: 512, epochs, preset: 'mlp-digits' });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('epoch-summary')).toBeVisible({ timeout: 120_000 });
  await expect.poll(() => page.workers().find((w) => /training/.test(w.url())) ?? null, { timeout: 30_000 }).not.toBeNull();
  return page.workers().find((w) => /training/.test(w.url()))!;
}

test('a lost WebGL context mid-run: the engine restarts and the run continues from its last checkpoint, losing at most the epoch in progress', async ({ page }) => {
  const worker = await trainOneEpoch(page, 'webgl', 6);
  const said = await worker.evaluate(() => (self as unknown as { __tensorscopeFaults: { loseGpuContext(): string } }).__tensorscopeFaults.loseGpuContext());
  expect(said).toBe('webgl context lost');
  await expect(page.getByTestId('run-notes')).toContainText('The GPU stopped working', { timeout: 60_000 });
  await expect(page.getByTestId('run-notes')).toContainText(/continues from (its checkpoint after epoch \d|the start)/, { timeout: 60_000 });
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });
  await expect(page.getByTestId('epoch-table').locator('tbody tr')).toHaveCount(6);
  await saveShot(page, 'fault-context-lost');
});

test('Stop and Reset work even when the engine is wedged: it is replaced, and Train works again', async ({ page }) => {
  const worker = await trainOneEpoch(page, 'wasm', 30);
  // Block the worker's thread for a minute, like a driver hang: it cannot answer Stop. The block starts on the
  // worker's next task; the evaluate call itself returns at once, and half a second later the worker is surely stuck.
  await worker.evaluate(() => {
    setTimeout(() => {
      const end = Date.now() + 60_000;
      while (Date.now() < end) {
        /* wedged */
      }
    }, 0);
  });
  await page.waitForTimeout(500);
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('stopping');
  await expect(page.getByTestId('run-status')).toHaveText('stopped', { timeout: 20_000 });
  await expect(page.getByTestId('run-notes')).toContainText('did not answer Stop');
  await page.getByTestId('epochs-input').fill('1');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });
});

test('Reset then Train at once, ten times: never "a run is already in progress"', async ({ page }) => {
  await openStudio(page);
  await chooseQuickRun(page, { backend: 'wasm', subset: 256, epochs: 20, preset: 'mlp-digits' });
  for (let i = 0; i < 10; i++) {
    await page.getByTestId('train-button').click();
    await expect(page.getByTestId('run-status')).toHaveText(/running|starting/);
    // Both clicks in one task, faster than any person.
    await page.evaluate(() => {
      (document.querySelector('[data-testid=reset-button]') as HTMLButtonElement).click();
      (document.querySelector('[data-testid=train-button]') as HTMLButtonElement | null)?.click();
    });
    await expect(page.getByTestId('run-status')).toHaveText('idle', { timeout: 20_000 });
    await expect(page.getByTestId('run-error')).toHaveCount(0);
  }
});

test('a link opened while training asks first; keeping on training leaves the run untouched', async ({ page }) => {
  await openStudio(page);
  await chooseQuickRun(page, { backend: 'wasm', subset: 512, epochs: 30, preset: 'mlp-digits' });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('running', { timeout: 60_000 });
  const lr = await page.getByTestId('lr-input').inputValue();
  // An impossible learning rate typed during the run is refused in words; the run keeps its rate.
  await page.getByTestId('live-lr-input').fill('50');
  await page.getByTestId('live-lr-apply').click();
  await expect(page.getByTestId('live-lr-message')).toContainText('must be above 0 and at most 10');
  await page.evaluate(() => (location.hash = '#s1.AAAA'));
  await expect(page.getByTestId('pending-link')).toBeVisible();
  await page.getByTestId('pending-link-keep').click();
  await expect(page.getByTestId('pending-link')).toHaveCount(0);
  await expect(page.getByTestId('run-status')).toHaveText('running');
  await expect(page.getByTestId('lr-input')).toHaveValue(lr);
  await page.evaluate(() => (location.hash = '#s1.BBBB'));
  await page.getByTestId('pending-link-open').click();
  await expect(page.getByTestId('run-status')).toHaveText('stopped', { timeout: 30_000 });
  await expect(page.getByTestId('link-notice')).toBeVisible();
});

test('two tabs of one browser train at the same moment: two runs in history, each with its own epochs', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await Promise.all([openStudio(a), openStudio(b)]);
  for (const p of [a, b]) await chooseQuickRun(p, { backend: 'wasm', subset: 256, epochs: 2, preset: 'mlp-digits' });
  await Promise.all([a.getByTestId('train-button').click(), b.getByTestId('train-button').click()]);
  for (const p of [a, b]) await expect(p.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });
  // A third tab reads the shared history once both tabs have written their outcome (writes follow the UI by a moment).
  await a.waitForTimeout(2_000);
  const c = await context.newPage();
  await openStudio(c);
  await expect(c.getByTestId('run-row')).toHaveCount(2, { timeout: 30_000 });
  await expect(c.locator('[data-testid=run-row][data-status=done]')).toHaveCount(2);
  for (const row of await c.getByTestId('run-row').all()) await expect(row).toContainText('2/2');
});

test('a model too large for a browser is refused before training, with the numbers; a large one gets a warning', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('spec-json').locator('summary').click();
  const spec = JSON.parse((await page.getByTestId('spec-json-text').textContent()) ?? '{}');
  const dense = { type: 'dense', units: 4096, activation: 'relu' };
  const withLayers = (n: number) => ({ ...spec, model: { layers: [{ type: 'flatten' }, ...Array.from({ length: n }, () => dense), { type: 'dense', units: 10, activation: 'softmax' }] } });
  await page.getByTestId('spec-paste').fill(JSON.stringify(withLayers(20)));
  await page.getByTestId('spec-apply').click();
  await expect(page.getByTestId('train-why')).toContainText(/Too large to train in a browser: [\d,]+ parameters need about [\d.]+ GB/);
  await expect(page.getByTestId('train-button')).toBeDisabled();
  await page.getByTestId('spec-paste').fill(JSON.stringify(withLayers(5)));
  await page.getByTestId('spec-apply').click();
  await expect(page.getByTestId('memory-warning')).toContainText('A large model');
  await expect(page.getByTestId('train-button')).toBeEnabled();
  await saveShot(page, 'fault-model-size');
});
