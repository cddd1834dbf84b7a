import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

/**
 * The example page (public/examples/embed.html) in real Chromium: real iframes of embed.html with the committed
 * example models, called by the built client (dist/client/tensorscope-client.js) over real postMessage.
 */

interface Samples {
  digits: { label: string; predicted: string; pixels: number[] }[];
  penguins: { species: string; predicted: string; row: Record<string, string | number | null> }[];
}
const samples = JSON.parse(readFileSync('public/examples/models/samples.json', 'utf8')) as Samples;

async function openExample(page: Page, query = ''): Promise<void> {
  await page.goto(`./examples/embed.html${query}`);
  const cards = page.getByTestId('model-card');
  await expect(cards.first()).toBeVisible();
  for (const card of await cards.all()) await expect(card).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
}

test('the example page connects to both models and draws their answers with error bars', async ({ page }) => {
  await openExample(page);
  const [digits, penguins] = [page.getByTestId('model-card').nth(0), page.getByTestId('model-card').nth(1)];
  await expect(digits.getByTestId('model-meta')).toContainText('Takes 28×28 pixels; answers 10 classes');
  await expect(digits.getByTestId('model-meta')).toContainText('error bars');
  await expect(penguins.getByTestId('model-meta')).toContainText('Takes a row of 6 columns; answers 3 classes');

  // A test digit the app's own model got right: the embed gets it right too, with a ± spread from the dropout passes.
  const k = samples.digits.findIndex((d) => d.label === d.predicted);
  await digits.getByTestId('sample-digit').selectOption(String(k));
  await digits.getByTestId('predict-sample').click();
  await expect(digits.getByTestId('result-answer')).toHaveText(new RegExp(`^Prediction: ${samples.digits[k].label} \\([\\d.]+% ± [\\d.]+%\\)$`));
  await expect(digits.getByTestId('result-list').locator('li')).toHaveCount(10);
  await expect(digits.getByTestId('result-chart')).toHaveAttribute('aria-label', new RegExp(`highest is ${samples.digits[k].label}`));

  // A drawn stroke gets an answer (whatever the model makes of it) and no error.
  const pad = digits.getByTestId('draw-pad');
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.85, { steps: 10 });
  await page.mouse.up();
  await expect(digits.getByTestId('result-error')).toHaveText('');

  // A table row typed into the form: the species the app's model gave.
  const p = samples.penguins.findIndex((x) => x.species === 'Chinstrap' && x.predicted === x.species);
  await penguins.getByTestId('sample-row').selectOption(String(p));
  await penguins.getByTestId('table-submit').click();
  await expect(penguins.getByTestId('result-answer')).toContainText('Prediction: Chinstrap (');

  // The page itself (the embeds' own pages are checked with the embed) has nothing serious for axe, light or dark.
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).exclude('iframe').analyze();
    const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking, `axe on the example page (${colorScheme})`).toEqual([]);
  }
});

test('the client: descriptions, a batch of 64, typed errors for a wrong shape, a closed connection and a refused origin', async ({ page }) => {
  await openExample(page);
  const digits = samples.digits.map((d) => d.pixels);
  const rows = samples.penguins.map((x) => x.row);
  // A second client on the page's own iframes: its ids are its own, so the page's client and this one do not mix.
  const out = await page.evaluate(
    async ({ digits, rows }) => {
      // The built client, as a page would load it (a URL, so TypeScript does not look for it at compile time).
      const clientUrl = new URL('../client/tensorscope-client.js', location.href).href;
      const { Tensorscope, TensorscopeError } = await import(clientUrl);
      const frames = document.querySelectorAll('iframe');
      const digitModel = await Tensorscope.connect(frames[0], { timeoutMs: 60_000 });
      const tableModel = await Tensorscope.connect(frames[1], { timeoutMs: 60_000 });
      const batch = Array.from({ length: 64 }, (_, i) => digits[i % digits.length]);
      const results = await digitModel.predictBatch(batch, { passes: 1, scale: '0-255' });
      const withSigma = await digitModel.predict(digits[0], { passes: 20, scale: '0-255' });
      const row = await tableModel.predict(rows[0], { passes: 20 });
      const wrongShape = await digitModel.predict([1, 2, 3]).catch((e: unknown) => e);
      digitModel.close();
      const closed = await digitModel.predict(digits[0]).catch((e: unknown) => e);
      tableModel.close();
      // An embed address whose allow list leaves this page out: connect makes the iframe, is refused, removes it.
      const framesBefore = document.querySelectorAll('iframe').length;
      const elsewhere = new URL(`../embed.html?allow=${encodeURIComponent('https://elsewhere.example')}${new URL(frames[1].src).hash}`, location.href).href;
      const refused = await Tensorscope.connect(elsewhere, { timeoutMs: 60_000 }).catch((e: unknown) => e);
      const framesLeft = document.querySelectorAll('iframe').length - framesBefore;
      const err = (e: unknown) => ({ isTyped: e instanceof TensorscopeError, code: (e as { code?: string }).code, message: (e as Error).message });
      return {
        digitDescription: digitModel.describe(),
        tableDescription: tableModel.describe(),
        labels: results.map((r: { label?: string }) => r.label),
        withSigma,
        row,
        wrongShape: err(wrongShape),
        closed: err(closed),
        refused: err(refused),
        framesLeft,
      };
    },
    { digits, rows },
  );

  expect(out.digitDescription).toMatchObject({ name: 'Keras MLP', input: 'image', shape: [28, 28, 1], task: 'classification', uncertainty: true, classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] });
  expect(out.tableDescription).toMatchObject({ input: 'table', task: 'classification', classes: ['Adelie', 'Chinstrap', 'Gentoo'], uncertainty: true });
  expect(out.tableDescription.columns.map((c: { name: string }) => c.name).sort()).toEqual(Object.keys(samples.penguins[0].row).sort());

  // One pass (no dropout noise): the embed's answers are the app's own model's, in input order.
  expect(out.labels).toHaveLength(64);
  expect(out.labels).toEqual(Array.from({ length: 64 }, (_, i) => samples.digits[i % samples.digits.length].predicted));
  expect(out.withSigma.sigma).toHaveLength(10);
  expect(out.withSigma.sigma.some((s: number) => s > 0)).toBe(true);
  expect(out.row.label).toBe(samples.penguins[0].predicted);

  expect(out.wrongShape).toMatchObject({ isTyped: true, code: 'bad-input' });
  expect(out.wrongShape.message).toContain('784');
  expect(out.closed).toMatchObject({ isTyped: true, code: 'closed' });
  expect(out.refused).toMatchObject({ isTyped: true, code: 'origin-refused' });
  expect(out.framesLeft).toBe(0);
});

test('?model= points the example at any embed address', async ({ page }) => {
  const fragment = readFileSync('public/examples/models/penguins.txt', 'utf8').trim();
  await openExample(page, `?model=${encodeURIComponent(`../embed.html?backend=cpu#${fragment}`)}`);
  await expect(page.getByTestId('model-card')).toHaveCount(1);
  await expect(page.getByTestId('model-status')).toContainText('Ready');
  // No sample rows for an unknown model: the form starts empty and is filled in by hand.
  for (const [column, value] of Object.entries(samples.penguins[0].row)) {
    const field = page.locator(`[data-column="${column}"]`);
    if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(String(value));
    else await field.fill(String(value));
  }
  await page.getByTestId('table-submit').click();
  await expect(page.getByTestId('result-answer')).toContainText(`Prediction: ${samples.penguins[0].predicted}`);
});
