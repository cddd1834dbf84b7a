import { expect, test, type Page } from '@playwright/test';
import { brokenFiles, corruptIdx, idxFiles, imageFolderZip, regressionCsv, type FilePayload } from './fixtures';
import { chooseQuickRun, openStudio, percentOf, saveShot } from './helpers';

/** Drops files on the page the way a person drags them from the desktop. */
async function dropFiles(page: Page, files: FilePayload[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.mimeType, data: Array.from(f.buffer) }));
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.data)], f.name, { type: f.type }));
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, payload);
}

test('an IDX pair with its own test set, dropped on the page, loads and trains', async ({ page }) => {
  await openStudio(page);
  await dropFiles(page, idxFiles());
  await expect(page.getByTestId('dataset-shape')).toContainText('750 × [28×28×1] images, 10 classes');
  await expect(page.getByTestId('dataset-panel')).toContainText('test set from the source');
  await expect(page.getByTestId('split-summary')).toContainText('150 test');
  await chooseQuickRun(page, { backend: 'wasm', subset: 0, epochs: 2 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });
  expect(percentOf(await page.getByTestId('test-accuracy').textContent())).toBeGreaterThan(40);
  await saveShot(page, 'idx-dropped-trained');
});

test('a CSV regression table loads from the file picker, trains and reports its error', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('source-tab-files').click();
  await page.getByTestId('file-input').setInputFiles(regressionCsv());
  // A table opens its report first: the label and task are guessed, and nothing is used until the person says so.
  await expect(page.getByTestId('csv-task')).toHaveValue('regression');
  await expect(page.getByTestId('table-width')).toHaveText('2');
  await page.getByTestId('table-use').click();
  await expect(page.getByTestId('dataset-shape')).toContainText('400 × [2] features, regression on target');
  await expect(page.getByTestId('column-summary')).toContainText('x1');
  await expect(page.getByTestId('preset-select')).toHaveValue('mlp-regression');
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('epochs-input').fill('20');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });
  const mae = Number(await page.getByTestId('eval-mae').textContent());
  expect(mae).toBeLessThan(0.3); // the target spans about ±3
  await saveShot(page, 'csv-regression-trained');
});

test('a corrupt file gets a message naming it, and the previous dataset still trains', async ({ page }) => {
  await openStudio(page);
  await dropFiles(page, [corruptIdx()]);
  await expect(page.getByTestId('dataset-error')).toContainText('train-images-idx3-ubyte');
  await expect(page.getByTestId('dataset-error')).toContainText('magic number');
  await expect(page.getByTestId('dataset-error')).toContainText('still loaded');
  await expect(page.getByTestId('dataset-name')).toContainText('MNIST');
  await saveShot(page, 'corrupt-file');
  await chooseQuickRun(page, { backend: 'wasm', subset: 256, epochs: 1 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });
});

test('a synthetic spiral is generated, plotted and trained with the small MLP', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('source-tab-synthetic').click();
  await page.getByTestId('synthetic-load').click();
  await expect(page.getByTestId('dataset-name')).toContainText(/spiral/i);
  await expect(page.getByTestId('scatter-plot')).toBeVisible();
  await expect(page.getByTestId('preset-select')).toHaveValue('mlp-small');
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('epochs-input').fill('5');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });
  await saveShot(page, 'spiral');
});

test('a zip of image folders loads with one class per folder, resized, and trains', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('source-tab-files').click();
  await page.getByTestId('file-input').setInputFiles(await imageFolderZip());
  await expect(page.getByTestId('dataset-shape')).toContainText('36 × [28×28×1] images, 3 classes');
  await expect(page.getByTestId('class-grid')).toContainText('zero');
  await expect(page.getByTestId('dataset-panel')).toContainText('1 file(s) skipped');
  await chooseQuickRun(page, { backend: 'wasm', subset: 0, epochs: 3 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });
  await saveShot(page, 'zip-images');
});

test('each kind of broken file gets its own message, and MNIST stays loaded', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('source-tab-files').click();
  for (const c of brokenFiles()) {
    await page.getByTestId('file-input').setInputFiles(c.files);
    await expect(page.getByTestId('dataset-error')).toContainText(c.expect);
    test.info().annotations.push({ type: c.files.map((f) => f.name).join(' + '), description: (await page.getByTestId('dataset-error').textContent()) ?? '' });
    await expect(page.getByTestId('dataset-name')).toContainText('MNIST');
  }
  await saveShot(page, 'broken-files');
});
