import { expect, test, type Page } from '@playwright/test';
import { chooseQuickRun, drawStroke, openStudio, saveShot } from './helpers';

/**
 * Issue 14, item 5: what a person sees stays consistent — an imported model is the model in the studio, the draw
 * pad never shows another model's (or another drawing's) prediction, a shared preset keeps its name, a demo-link
 * error is said by its button, and a learning rate changed while paused is shown as queued.
 */

const ONE: [number, number][] = [
  [0.5, 0.15],
  [0.5, 0.85],
];

/** A Keras-style Sequential MLP (Flatten → Dense 16 relu → Dense 10 softmax) as model.json + weights.bin. */
function importedMlp(): { name: string; mimeType: string; buffer: Buffer }[] {
  const dense = (name: string, units: number, activation: string, extra: object = {}) => ({
    class_name: 'Dense',
    config: { name, units, activation, use_bias: true, trainable: true, dtype: 'float32', kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } }, bias_initializer: { class_name: 'Zeros', config: {} }, ...extra },
  });
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'keras v2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: {
      keras_version: '2.15.0',
      backend: 'tensorflow',
      model_config: {
        class_name: 'Sequential',
        config: {
          name: 'sequential',
          layers: [
            { class_name: 'Flatten', config: { name: 'flatten', trainable: true, dtype: 'float32', batch_input_shape: [null, 28, 28, 1] } },
            dense('dense', 16, 'relu'),
            dense('dense_1', 10, 'softmax'),
          ],
        },
      },
    },
    weightsManifest: [
      {
        paths: ['weights.bin'],
        weights: [
          { name: 'dense/kernel', shape: [784, 16], dtype: 'float32' },
          { name: 'dense/bias', shape: [16], dtype: 'float32' },
          { name: 'dense_1/kernel', shape: [16, 10], dtype: 'float32' },
          { name: 'dense_1/bias', shape: [10], dtype: 'float32' },
        ],
      },
    ],
  };
  const values = new Float32Array(784 * 16 + 16 + 160 + 10).map((_, i) => Math.sin(i * 0.37) * 0.05);
  return [
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(modelJson)) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(values.buffer) },
  ];
}

async function framesPass(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

test('an imported model is the model in the studio: the Model panel shows it, the pad predicts with it, and Train again trains it', async ({ page }) => {
  await openStudio(page);
  await expect(page.getByTestId('total-params')).toHaveText('101,770');
  // Before any model: the pad says to train one first.
  await expect(page.getByTestId('draw-no-model')).toBeVisible();

  await page.getByTestId('import-files').setInputFiles(importedMlp());
  await expect(page.getByTestId('import-status')).toContainText('Imported', { timeout: 60_000 });

  // (a) The Model panel shows the imported model: its name, its layers and parameter count, and what Train does.
  const note = page.getByTestId('imported-model-note');
  await expect(note).toContainText('Imported model model (12,730 parameters)');
  await expect(note).toContainText('Train trains this architecture again from fresh weights');
  await expect(page.getByTestId('total-params')).toHaveText('12,730');
  await expect(page.getByTestId('preset-select').locator('option:checked')).toHaveText('Imported: model');
  await page.getByTestId('keras-summary').locator('summary').click();
  await expect(page.getByTestId('keras-summary-text')).toContainText('Total params: 12,730');
  await expect(page.getByTestId('keras-summary-text')).toContainText('dense_1 (Dense)');

  // (b) The pad knows a model exists, and predicts the drawing with it.
  await expect(page.getByTestId('draw-no-model')).toHaveCount(0);
  await drawStroke(page, ONE);
  await framesPass(page);
  await expect(page.getByTestId('draw-result')).toHaveAttribute('data-pending', 'false');
  await expect(page.getByTestId('draw-panel').getByTestId('probability-bars')).toBeVisible();
  await expect(page.getByTestId('draw-message')).toHaveCount(0);

  // (a) Train again trains the imported architecture (12,730 parameters), from fresh weights.
  await chooseQuickRun(page, { backend: 'wasm', subset: 512, epochs: 2 });
  // (b) The old model's prediction is gone at once: the drawing waits for the new model's first epoch. On a prepared
  // engine that epoch can end within ~0.3 s, faster than a poll sees the message, so every text it shows is recorded.
  await page.evaluate(() => {
    const seen: string[] = ((window as { __drawMessages?: string[] }).__drawMessages = []);
    new MutationObserver(() => {
      const t = document.querySelector('[data-testid=draw-message]')?.textContent;
      if (t && seen[seen.length - 1] !== t) seen.push(t);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });
  expect((await page.evaluate(() => (window as { __drawMessages?: string[] }).__drawMessages ?? [])).join(' | ')).toContain('A new model is training');
  await expect(page.getByTestId('total-params')).toHaveText('12,730');
  await expect(note).toContainText('Trained from fresh weights with this imported architecture');
  await expect(page.getByTestId('draw-message')).toHaveCount(0);
  await expect(page.getByTestId('draw-result')).toHaveAttribute('data-pending', 'false');
  await saveShot(page, 'consistency-imported-trained');
});

test('a shared Keras MLP link opens as "Keras MLP", not "Custom (edited)"', async ({ page, browser }) => {
  await openStudio(page);
  await page.getByTestId('copy-link').click();
  const url = await page.getByTestId('link-url').inputValue();
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(url);
  await expect(other.getByTestId('dataset-ready')).toBeVisible({ timeout: 60_000 });
  await expect(other.getByTestId('preset-select')).toHaveValue('keras-mlp');
  await expect(other.getByTestId('preset-select').locator('option:checked')).toHaveText('Keras MLP');
  await expect(other.getByTestId('total-params')).toHaveText('101,770');
  await fresh.close();
});

test('a learning rate changed while paused is shown as queued and applied on resume; a too-large demo link is said by its button', async ({ page }) => {
  await openStudio(page);
  await chooseQuickRun(page, { backend: 'wasm', subset: 1000, epochs: 2, preset: 'cnn' });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('running', { timeout: 60_000 });
  await page.getByTestId('pause-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('paused', { timeout: 10_000 });
  await expect(page.getByTestId('current-lr')).toHaveText('0.001');

  // (f) Asked while paused: queued, in words, and not yet in force.
  await page.getByTestId('live-lr-input').fill('0.01');
  await page.getByTestId('live-lr-apply').click();
  await expect(page.getByTestId('queued-lr')).toHaveText('0.01 — applies when you resume');
  await expect(page.getByTestId('current-lr')).toHaveText('0.001');
  await page.getByTestId('resume-button').click();
  await expect(page.getByTestId('current-lr')).toHaveText('0.01', { timeout: 30_000 });
  await expect(page.getByTestId('queued-lr')).toHaveCount(0);
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });

  // (e) The CNN's weights are too many for a demo link: the reason appears by the button that was pressed.
  const share = page.getByTestId('share-panel');
  await share.getByTestId('demo-link').click();
  await expect(share.getByTestId('demo-link-error')).toContainText(/demo links carry models up to|too large for a link/);
  await expect(page.getByTestId('link-notice')).toHaveCount(0);
  await expect(share.getByTestId('demo-link')).toHaveAttribute('aria-describedby', 'demo-link-error');
  await saveShot(page, 'consistency-demo-link-too-large');
});
