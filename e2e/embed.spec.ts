import { expect, test, type Page } from '@playwright/test';
import { chooseQuickRun, drawStroke, openStudio, saveShot } from './helpers';
import { digits } from './fixtures';

/**
 * Issue 16: the embeddable view (embed.html) and its postMessage API, in a real iframe on a real parent page, with a
 * model trained in the studio and shared through the Share panel's "Copy embed code".
 */

const ONE: [number, number][] = [
  [0.5, 0.15],
  [0.5, 0.85],
];

/** Filled by the first test: the snippet the Share panel gave, and its iframe src. */
let snippet = '';
let src = '';
/** The studio's draw-pad input for the ONE stroke (28×28, 0–255 from its preview) and what it predicted. */
let studioPixels: number[] = [];
let studioDigit = '';

/**
 * A parent page on the preview's origin, served by the test: the given iframe HTML, a listener that keeps every
 * Tensorscope reply (the `ready` included, so it is installed before the frame loads), and `ask(msg)` that posts to
 * the frame and resolves with the reply of the same id.
 */
async function openParent(page: Page, iframeHtml: string): Promise<void> {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>parent</title></head><body>
<script>
window.__replies = [];
window.__ready = new Promise((res) => { window.__resolveReady = res; });
addEventListener('message', (e) => {
  if (!e.data || e.data.source !== 'tensorscope') return;
  window.__replies.push(e.data);
  if (e.data.type === 'ready') window.__resolveReady(e.data);
});
window.ask = (msg, timeoutMs = 60000) => new Promise((res, rej) => {
  const want = msg && msg.id !== undefined ? msg.id : null;
  const h = (e) => {
    if (e.data && e.data.source === 'tensorscope' && e.data.type !== 'ready' && e.data.id === want) { removeEventListener('message', h); res(e.data); }
  };
  addEventListener('message', h);
  setTimeout(() => { removeEventListener('message', h); rej(new Error('no reply to ' + JSON.stringify(want))); }, timeoutMs);
  document.querySelector('iframe').contentWindow.postMessage(msg, '*');
});
</script>
${iframeHtml}
</body></html>`;
  await page.route('**/e2e-parent.html', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  await page.goto('./e2e-parent.html');
}

type Reply = { type: string; id: unknown; code?: string; message?: string; [k: string]: unknown };
const ask = (page: Page, msg: unknown) => page.evaluate((m) => (window as unknown as { ask: (m: unknown) => Promise<unknown> }).ask(m), msg) as Promise<Reply>;

test.describe.serial('embed view', () => {
  test('the Share panel gives embed code for the trained model; the studio draws a 1', async ({ page }) => {
    await openStudio(page);
    await chooseQuickRun(page, { backend: 'wasm', subset: 512, epochs: 1, preset: 'mlp-digits' });
    await page.getByTestId('train-button').click();
    await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 120_000 });

    await drawStroke(page, ONE);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await expect(page.getByTestId('draw-result')).toHaveAttribute('data-pending', 'false');
    const caption = page.getByTestId('draw-panel').getByTestId('probability-error-caption');
    await expect(caption).toContainText(/Prediction: \d/);
    studioDigit = /Prediction: (\d)/.exec((await caption.textContent()) ?? '')?.[1] ?? '';
    // Exactly what the pad handed the model: its 28×28 preview (pixels × 255).
    studioPixels = await page.evaluate(() => {
      const c = document.querySelector('canvas[aria-label^="What the model sees"]') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, 28, 28).data;
      return Array.from({ length: 784 }, (_, i) => d[i * 4]);
    });
    expect(studioPixels.some((v) => v > 0)).toBe(true);

    // A typo in the allow field is refused in words.
    await page.getByTestId('embed-allow').fill('example.com');
    await page.getByTestId('embed-code-button').click();
    await expect(page.getByTestId('embed-code-error')).toContainText('“example.com” is not a site');
    await page.getByTestId('embed-allow').fill('');
    await page.getByTestId('embed-code-button').click();
    snippet = await page.getByTestId('embed-code').inputValue();
    expect(snippet).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\.html#d1\.[^"]+" width="\d+" height="\d+" title="Tensorscope model: Small MLP \(digits\)"><\/iframe>$/);
    src = /src="([^"]+)"/.exec(snippet)![1].replace(/&amp;/g, '&');
    test.info().annotations.push({ type: 'embed code', description: `${snippet.length} characters` });
  });

  test('in a real iframe: ready with the description, single and batch predictions that agree with the studio', async ({ page }) => {
    await openParent(page, snippet);
    const frame = page.frameLocator('iframe');
    await expect(frame.getByTestId('embed-view')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
    const ready = (await page.evaluate(() => (window as unknown as { __ready: Promise<unknown> }).__ready)) as { protocol: number; model: Record<string, unknown> };
    expect(ready.protocol).toBe(1);
    expect(ready.model).toMatchObject({ name: 'Small MLP (digits)', input: 'image', shape: [28, 28, 1], task: 'classification', uncertainty: true, classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] });

    // The studio's own draw-pad input, sent as 0–255 pixels: the frame predicts the same digit, with error bars.
    const one = await ask(page, { type: 'predict', id: 'studio-1', input: studioPixels });
    expect(one).toMatchObject({ type: 'prediction', id: 'studio-1', task: 'classification', passes: 20, label: studioDigit });
    const probs = one.probs as number[];
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    expect((one.sigma as number[]).length).toBe(10);
    expect((one.interval as [number, number][]).every(([lo, hi], k) => lo >= 0 && hi <= 1 && lo <= probs[k] + 1e-6 && hi >= probs[k] - 1e-6)).toBe(true);
    // The same pixels as 28 rows of 0–1 numbers read the same.
    const rows = Array.from({ length: 28 }, (_, r) => studioPixels.slice(r * 28, r * 28 + 28).map((v) => v / 255));
    expect(await ask(page, { type: 'predict', id: 'rows', input: rows })).toMatchObject({ type: 'prediction', label: studioDigit });

    // 64 real test digits in one request: 64 answers, each a distribution with σ, and far better than chance.
    const d = digits(7, 900);
    const inputs = Array.from({ length: 64 }, (_, i) => Array.from(d.images.subarray(i * 784, (i + 1) * 784)));
    const batch = await ask(page, { type: 'predict', id: 'b64', inputs });
    expect(batch).toMatchObject({ type: 'predictions', id: 'b64', passes: 20 });
    const preds = batch.predictions as { label: string; probs: number[]; sigma: number[] | null }[];
    expect(preds).toHaveLength(64);
    for (const p of preds) {
      expect(p.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
      expect(p.sigma).toHaveLength(10);
    }
    const correct = preds.filter((p, i) => p.label === String(d.labels[i])).length;
    test.info().annotations.push({ type: 'batch of 64 test digits', description: `${correct} right, ${batch.ms} ms` });
    expect(correct).toBeGreaterThan(64 * 0.3);

    // The frame's own pad: a drawn 1 shows bars with whiskers and the MC-dropout words.
    const canvas = frame.getByTestId('draw-canvas');
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.85, { steps: 8 });
    await page.mouse.up();
    await expect(frame.getByTestId('embed-caption')).toHaveText('Whiskers: ±2σ over 20 MC-dropout passes');
    await expect(frame.getByTestId('embed-label')).toContainText('Prediction:');
    await saveShot(page, 'embed-parent');
  });

  test('bad input gets a typed error naming the problem, and the next good request still works', async ({ page }) => {
    await openParent(page, snippet);
    await page.evaluate(() => (window as unknown as { __ready: Promise<unknown> }).__ready);
    const good = { type: 'predict', id: 'good', input: studioPixels };
    const bad: [string, string, unknown, RegExp][] = [
      ['wrong shape', 'bad-input', { type: 'predict', id: 1, inputs: [studioPixels, studioPixels, studioPixels, studioPixels.slice(1)] }, /^Input 3 has 783 numbers; this model takes 28×28 = 784\.$/],
      ['NaN', 'not-finite', { type: 'predict', id: 2, input: studioPixels.map((v, i) => (i === 100 ? NaN : v)) }, /NaN at position 100/],
      ['unknown type', 'bad-request', { source: 'tensorscope', type: 'train', id: 4 }, /Unknown message type "train"/],
      ['missing id', 'bad-request', { type: 'predict', input: studioPixels }, /has no "id"/],
      ['257 inputs', 'too-large', { type: 'predict', id: 5, inputs: new Array(257).fill(studioPixels) }, /257 examples/],
    ];
    for (const [what, code, msg, text] of bad) {
      const r = await ask(page, msg);
      expect(r, what).toMatchObject({ type: 'error', code });
      expect(r.message, what).toMatch(text);
      expect(await ask(page, good), `good request after ${what}`).toMatchObject({ type: 'prediction', id: 'good', label: studioDigit });
    }
    // A 100 MB array (12.5 M float64s), made in the parent and posted: refused by its size.
    const huge = (await page.evaluate(() => (window as unknown as { ask: (m: unknown) => Promise<unknown> }).ask({ type: 'predict', id: 'huge', input: new Float64Array(12_500_000) }))) as Reply;
    expect(huge).toMatchObject({ type: 'error', id: 'huge', code: 'too-large' });
    expect(huge.message).toMatch(/100 MB/);
    expect(await ask(page, good)).toMatchObject({ type: 'prediction', id: 'good' });
    // Messages that are not Tensorscope's get no answer (other scripts post messages too).
    await page.evaluate(() => document.querySelector('iframe')!.contentWindow!.postMessage({ type: 'resize', id: 'other' }, '*'));
    // A burst over the rate: some are refused with rate-limited, and a second later requests work again.
    const codes = (await page.evaluate(() => Promise.all(Array.from({ length: 70 }, (_, i) => (window as unknown as { ask: (m: unknown) => Promise<{ type: string; code?: string }> }).ask({ type: 'describe', id: `r${i}` }))))).map((r) => r.code ?? r.type);
    expect(codes.filter((c) => c === 'rate-limited').length).toBeGreaterThan(0);
    expect(codes.filter((c) => c === 'description').length).toBeGreaterThan(0);
    await page.waitForTimeout(1100);
    expect(await ask(page, good)).toMatchObject({ type: 'prediction', id: 'good' });
    const others = await page.evaluate(() => (window as unknown as { __replies: { id: unknown }[] }).__replies.filter((r) => r.id === 'other').length);
    expect(others).toBe(0);
  });

  test('allow= another origin: this page gets origin-refused and no ready', async ({ page }) => {
    const refused = src.replace('embed.html#', `embed.html?allow=${encodeURIComponent('https://elsewhere.example')}#`);
    await openParent(page, `<iframe src="${refused}" width="320" height="480" title="refused"></iframe>`);
    await expect(page.frameLocator('iframe').getByTestId('embed-view')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
    const r = await ask(page, { type: 'predict', id: 'x', input: studioPixels });
    expect(r).toMatchObject({ type: 'error', id: 'x', code: 'origin-refused' });
    expect(r.message).toContain('https://elsewhere.example');
    const readies = await page.evaluate(() => (window as unknown as { __replies: { type: string }[] }).__replies.filter((m) => m.type === 'ready').length);
    expect(readies).toBe(0);
  });

  test('allow= this page\'s origin: ready arrives and requests are answered', async ({ page }) => {
    const origin = new URL(src).origin;
    const allowed = src.replace('embed.html#', `embed.html?allow=${encodeURIComponent(`https://elsewhere.example,${origin}`)}#`);
    await openParent(page, `<iframe src="${allowed}" width="320" height="480" title="allowed"></iframe>`);
    const ready = (await page.evaluate(() => (window as unknown as { __ready: Promise<unknown> }).__ready)) as { type: string };
    expect(ready.type).toBe('ready');
    expect(await ask(page, { type: 'predict', id: 'a', input: studioPixels })).toMatchObject({ type: 'prediction', id: 'a', label: studioDigit });
  });

  test('at 280 px wide the frame has no horizontal scroll; ?backend= picks the engine backend', async ({ page }) => {
    await openParent(page, `<iframe src="${src.replace('embed.html#', 'embed.html?backend=wasm#')}" width="280" height="400" title="narrow"></iframe>`);
    const frame = page.frames().find((f) => f.url().includes('embed.html'))!;
    await expect(page.frameLocator('iframe').getByTestId('embed-view')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
    const canvas = page.frameLocator('iframe').getByTestId('draw-canvas');
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.85, { steps: 8 });
    await page.mouse.up();
    await expect(page.frameLocator('iframe').getByTestId('embed-bars')).toBeVisible();
    await expect(page.frameLocator('iframe').getByTestId('embed-backend')).toHaveText(' · wasm');
    const sizes = await frame.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(sizes.client).toBeLessThanOrEqual(280);
    expect(sizes.scroll).toBeLessThanOrEqual(sizes.client);
    await saveShot(page, 'embed-280');
  });
});

test('a model URL that fails says why inside the frame, and requests get not-ready with that reason', async ({ page }) => {
  const origin = new URL(page.url() === 'about:blank' ? test.info().project.use.baseURL! : page.url()).origin;
  const link = (path: string) => `m1.${Buffer.from(`${origin}${path}`).toString('base64url')}`;
  await page.route('**/models/missing/model.json', (route) => route.fulfill({ status: 404, body: 'no such file' }));
  await page.route('**/models/html/model.json', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>a page</p>' }));
  // Never answers: the embed's download deadline (?fetchDeadline, ms) ends it.
  await page.route('**/models/stall/model.json', () => new Promise<void>(() => {}));
  const cases: [string, string, RegExp][] = [
    ['missing', '', /404/],
    ['html', '', /model\.json/],
    ['stall', '?fetchDeadline=2000', /2 s|seconds|deadline|took/i],
  ];
  for (const [name, query, why] of cases) {
    await openParent(page, `<iframe src="${origin}/embed.html${query}#${link(`/models/${name}/model.json`)}" width="320" height="480" title="${name}"></iframe>`);
    const frame = page.frameLocator('iframe');
    await expect(frame.getByTestId('embed-origin')).toHaveText(`Model from ${origin}`);
    const error = frame.getByTestId('embed-error');
    await expect(error, name).toContainText(why, { timeout: 30_000 });
    const reason = (await error.textContent()) ?? '';
    const r = await ask(page, { type: 'predict', id: name, input: new Array(784).fill(0) });
    expect(r).toMatchObject({ type: 'error', id: name, code: 'not-ready' });
    expect(r.message).toContain(reason);
  }
});

test('a table model: the frame shows a form of raw values, and postMessage takes an object of raw values like the studio form', async ({ page }) => {
  const { readFileSync } = await import('node:fs');
  await openStudio(page);
  await page.getByTestId('source-tab-files').click();
  await page.getByTestId('file-input').setInputFiles({ name: 'penguins.json', mimeType: 'application/json', buffer: readFileSync('node_modules/vega-datasets/data/penguins.json') });
  await expect(page.getByTestId('table-prep')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('table-use').click();
  await expect(page.getByTestId('table-dialog')).not.toBeVisible();
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('epochs-input').fill('10');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });
  const penguin = { 'Beak Length (mm)': 47.5, 'Beak Depth (mm)': 14.8, 'Flipper Length (mm)': 217, 'Body Mass (g)': 5200, Sex: 'MALE' };
  const form = page.getByTestId('table-predict');
  for (const [k, v] of Object.entries(penguin)) {
    if (k === 'Sex') await form.locator(`[data-field="${k}"]`).selectOption(String(v));
    else await form.locator(`[data-field="${k}"]`).fill(String(v));
  }
  await form.getByTestId('predict-submit').click();
  await expect(page.getByTestId('predict-result')).toContainText(/Prediction: \w+/);
  const studioLabel = /Prediction: (\w+)/.exec((await page.getByTestId('predict-result').textContent()) ?? '')![1];

  await page.getByTestId('embed-code-button').click();
  const code = await page.getByTestId('embed-code').inputValue();
  await openParent(page, code);
  const frame = page.frameLocator('iframe');
  await expect(frame.getByTestId('embed-view')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  const ready = (await page.evaluate(() => (window as unknown as { __ready: Promise<unknown> }).__ready)) as { model: { input: string; columns: { name: string }[]; classes: string[] } };
  expect(ready.model.input).toBe('table');
  expect(ready.model.columns.map((c) => c.name)).toEqual(expect.arrayContaining(Object.keys(penguin)));
  expect(ready.model.classes).toEqual(expect.arrayContaining(['Adelie', 'Gentoo']));

  expect(await ask(page, { type: 'predict', id: 't1', input: penguin })).toMatchObject({ type: 'prediction', id: 't1', task: 'classification', label: studioLabel });
  const unknown = await ask(page, { type: 'predict', id: 't2', input: { ...penguin, Wingspan: 3 } });
  expect(unknown).toMatchObject({ type: 'error', code: 'bad-input' });
  expect(unknown.message).toContain('unknown column "Wingspan"');
  expect(await ask(page, { type: 'predict', id: 't3', input: { ...penguin, 'Body Mass (g)': 'heavy' } })).toMatchObject({ type: 'error', code: 'not-finite' });
  // Left-out values are filled as training filled them.
  expect(await ask(page, { type: 'predict', id: 't4', inputs: [penguin, { 'Flipper Length (mm)': 190 }] })).toMatchObject({ type: 'predictions', id: 't4' });

  // The frame's own form: same raw values, same answer.
  for (const [k, v] of Object.entries(penguin)) {
    if (k === 'Sex') await frame.locator(`[data-field="${k}"]`).selectOption(String(v));
    else await frame.locator(`[data-field="${k}"]`).fill(String(v));
  }
  await frame.getByTestId('embed-predict').click();
  await expect(frame.getByTestId('embed-label')).toContainText(`Prediction: ${studioLabel}`);
  await saveShot(page, 'embed-table');
});
