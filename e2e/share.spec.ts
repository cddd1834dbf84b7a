import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { chooseQuickRun, drawStroke, openStudio, saveShot } from './helpers';

const ONE: [number, number][] = [
  [0.5, 0.15],
  [0.5, 0.85],
];

async function trainQuick(page: Page, epochs = 1): Promise<void> {
  await chooseQuickRun(page, { backend: 'wasm', subset: 512, epochs });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });
}

/** The drawn digit's predicted class, from the MC-dropout caption ("Prediction: 1 …"), once the last stroke is predicted. */
async function predictedDigit(page: Page): Promise<string> {
  // The pad hands its pixels over on the next animation frame; then the prediction for them must have arrived.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await expect(page.getByTestId('draw-result')).toHaveAttribute('data-pending', 'false');
  const caption = page.getByTestId('draw-panel').getByTestId('probability-error-caption');
  await expect(caption).toContainText(/Prediction: \d/);
  return /Prediction: (\d)/.exec((await caption.textContent()) ?? '')?.[1] ?? '';
}

test('Copy link puts the experiment in the URL; a fresh browser opens the same spec and view', async ({ page, browser }) => {
  await openStudio(page);
  await page.getByTestId('lr-input').fill('0.0042');
  await page.getByTestId('seed-input').fill('77');
  await page.getByTestId('seed-input').blur();
  await page.getByRole('navigation', { name: 'Studio sections' }).getByRole('button', { name: 'Inspect' }).click();
  await page.getByTestId('copy-link').click();
  const url = await page.getByTestId('link-url').inputValue();
  expect(url).toMatch(/#s1\./);
  test.info().annotations.push({ type: 'Keras MLP spec link', description: `${url.length} characters` });

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(url);
  await expect(other.getByTestId('dataset-ready')).toBeVisible({ timeout: 60_000 });
  await expect(other.getByTestId('link-notice')).toContainText('Opened');
  await expect(other.getByTestId('lr-input')).toHaveValue('0.0042');
  await expect(other.getByTestId('seed-input')).toHaveValue('77');
  // The link's view is the one it was made in, and its section is scrolled to (the steps' "current" is the next step to do).
  await expect(other.getByRole('navigation', { name: 'Studio sections' })).toHaveAttribute('data-view', 'inspect');
  await expect(other.locator('#view-inspect')).toBeInViewport();
  await saveShot(other, 'share-link-opened');

  // A tampered link is refused in words, and the studio opens as usual.
  await other.goto(url.replace(/#s1\.(.{10})/, '#s1.AAAAAAAAAA'));
  await other.reload();
  await expect(other.getByTestId('link-notice')).toBeVisible({ timeout: 60_000 });
  await expect(other.getByTestId('link-notice')).toContainText(/damaged|invalid|could not/i);
  await expect(other.getByTestId('dataset-ready')).toBeVisible({ timeout: 60_000 });
  await fresh.close();
});

test('a reload during training loses at most the epoch in progress: the run is interrupted and resumes from its checkpoint', async ({ page }) => {
  await openStudio(page);
  await chooseQuickRun(page, { backend: 'wasm', subset: 512, epochs: 40 });
  await page.getByTestId('train-button').click();
  const row = page.getByTestId('run-row').first();
  // Wait for a stored checkpoint (epochs column shows at least 2 done), then reload mid-run.
  await expect(row).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await expect(row.locator('td').nth(3)).toHaveText(/^([2-9]|[1-3]\d)\/40$/, { timeout: 120_000 });
  await page.reload();
  await expect(page.getByTestId('dataset-ready')).toBeVisible({ timeout: 60_000 });
  const stored = page.getByTestId('run-row').first();
  await expect(stored).toHaveAttribute('data-status', 'interrupted');
  const doneBefore = Number(((await stored.locator('td').nth(3).textContent()) ?? '0').split('/')[0]);
  expect(doneBefore).toBeGreaterThanOrEqual(2);
  await saveShot(page, 'runs-interrupted');

  await page.getByTestId('backend-select').selectOption('wasm');
  await stored.getByTestId('run-resume').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('run-row').first().locator('td').nth(3)).toHaveText('40/40');
  // The epoch chart holds every epoch: the stored ones and the resumed ones.
  await expect(page.getByTestId('epoch-chart').first()).toHaveAttribute('data-points', '40');
  await saveShot(page, 'runs-resumed');
});

test('export the trained model, re-import it, and get the same predictions; the Keras script downloads', async ({ page }) => {
  await openStudio(page);
  await trainQuick(page);
  await drawStroke(page, ONE);
  const before = await predictedDigit(page);
  const accuracyBefore = await page.getByTestId('eval-accuracy').textContent();

  await page.getByTestId('prepare-export').click();
  await expect(page.getByTestId('export-uint8')).toBeVisible({ timeout: 60_000 });
  const rows = await page.getByTestId('export-table').locator('tbody tr').allTextContents();
  test.info().annotations.push({ type: 'export variants (size, test accuracy, change)', description: rows.join(' | ') });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-float32').click()]);
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  const zipPath = test.info().outputPath('model.zip');
  await download.saveAs(zipPath);

  const [script] = await Promise.all([page.waitForEvent('download'), page.getByTestId('keras-script').click()]);
  const py = readFileSync((await script.path()) as string, 'utf8');
  expect(py).toContain('MirroredStrategy');
  expect(py).toContain('strategy.scope()');

  await page.getByTestId('import-files').setInputFiles(zipPath);
  await expect(page.getByTestId('import-status')).toContainText('Imported', { timeout: 60_000 });
  // The imported model is evaluated like a trained one, and the drawing is predicted by it.
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
  // Same weights, same test split: the same test accuracy to the last shown digit.
  await expect(page.getByTestId('eval-accuracy')).toHaveText(accuracyBefore ?? '');
  // The same drawing, predicted again by the imported model.
  await expect(page.getByTestId('draw-panel').getByTestId('probability-error-caption')).toBeVisible();
  // The imported model has MC-dropout error bars too (its Dropout layers become seeded ones).
  expect(await predictedDigit(page)).toBe(before);
  await saveShot(page, 'export-reimport');

  // A broken model file is refused in words; the imported model stays.
  await page.getByTestId('import-files').setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{"modelTopology": 5}') });
  await expect(page.getByTestId('import-status')).toContainText('modelTopology');
});

test('a demo link carries the trained model: a fresh browser draws and sees predictions with error ranges', async ({ page, browser }) => {
  await openStudio(page);
  await chooseQuickRun(page, { backend: 'wasm', subset: 512, epochs: 1, preset: 'mlp-digits' });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });
  await page.getByTestId('demo-link').click();
  await expect(page.getByTestId('link-info')).toContainText('Demo link');
  const url = await page.getByTestId('link-url').inputValue();
  test.info().annotations.push({ type: 'small MLP demo link', description: `${url.length} characters` });

  const fresh = await browser.newContext();
  const demo = await fresh.newPage();
  await demo.goto(url);
  await expect(demo.getByTestId('demo-view')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  // The demo needs no dataset: only the engine and the weights in the link.
  await expect(demo.getByTestId('demo-title')).toHaveText('Small MLP (digits)');
  await drawStroke(demo, ONE);
  // The small MLP has dropout: predictions come with MC-dropout error ranges.
  await expect(demo.getByTestId('draw-panel').getByTestId('probability-error-caption')).toContainText(/Prediction: \d/);
  await saveShot(demo, 'demo-link');

  await demo.getByTestId('open-in-studio').click();
  await expect(demo.getByTestId('dataset-ready')).toBeVisible({ timeout: 60_000 });
  await expect(demo.getByTestId('confusion-matrix')).toBeVisible({ timeout: 60_000 });
  await fresh.close();
});

test('a model link asks before fetching, and shows where the model comes from', async ({ page }) => {
  const link = Buffer.from('https://models.example.com/digits/model.json').toString('base64url');
  await page.goto(`./#m1.${link}`);
  await expect(page.getByTestId('remote-confirm')).toBeVisible();
  await expect(page.getByTestId('remote-origin')).toHaveText('https://models.example.com');
  await page.getByTestId('remote-load').click();
  // Nothing answers there (no network): the failure is explained, not a spinner.
  await expect(page.getByTestId('demo-error')).toContainText(/Could not download https:\/\/models\.example\.com\/digits\/model\.json: the network request failed|HTTP/, { timeout: 60_000 });
});
