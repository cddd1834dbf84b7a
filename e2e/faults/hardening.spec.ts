import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { chooseQuickRun, openStudio, saveShot } from '../helpers';

// Hardening of the built app: its Content-Security-Policy (vite.config.ts, build only) is present and the app runs
// under it without a single violation, on every backend, in the worker and on the main thread, and on bench.html.

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  where: string;
}

/** Records every CSP violation event from page start, and every console line that reports one. */
async function watchCsp(page: Page): Promise<() => Promise<Violation[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: Violation[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__csp.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, where: `${e.sourceFile}:${e.lineNumber}` });
    });
  });
  const fromConsole: Violation[] = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Refused to (load|execute|apply|connect|create|compile|evaluate)/i.test(text)) {
      fromConsole.push({ directive: 'console', blocked: '', sample: text.slice(0, 300), where: msg.location().url });
    }
  });
  return async () => [...(await page.evaluate(() => (window as unknown as { __csp: Violation[] }).__csp)), ...fromConsole];
}

async function expectPolicyMeta(page: Page): Promise<string> {
  const meta = page.locator('meta[http-equiv="Content-Security-Policy"]');
  await expect(meta).toHaveCount(1);
  const policy = (await meta.getAttribute('content')) ?? '';
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'self'");
  expect(policy).toContain("form-action 'none'");
  expect(policy).not.toContain("'unsafe-inline'");
  expect(policy).not.toContain("'unsafe-eval'");
  return policy;
}

async function trainBriefly(page: Page, backend: string): Promise<void> {
  await chooseQuickRun(page, { backend, subset: 256, epochs: 1 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveText(/done|error/, { timeout: 180_000 });
  await expect(page.getByTestId('run-error')).toHaveCount(0);
  await expect(page.getByTestId('active-backend')).toContainText(backend);
}

test('the built app carries its Content-Security-Policy and trains under it on wasm, WebGL and WebGPU without a violation', async ({ page }) => {
  test.setTimeout(600_000);
  const violations = await watchCsp(page);
  await openStudio(page);
  const policy = await expectPolicyMeta(page);
  await trainBriefly(page, 'wasm');
  expect(await violations()).toEqual([]);
  await trainBriefly(page, 'webgl');
  expect(await violations()).toEqual([]);
  await trainBriefly(page, 'webgpu');
  await saveShot(page, 'csp-trained');
  expect(await violations()).toEqual([]);
  test.info().annotations.push({ type: 'csp', description: policy });
});

test('on the main thread too (the worker off, wasm compiled under the page policy): no violation', async ({ page }) => {
  const violations = await watchCsp(page);
  await openStudio(page, '?worker=off');
  await expect(page.getByTestId('engine-mode')).toHaveText(/main thread/);
  await expectPolicyMeta(page);
  await trainBriefly(page, 'wasm');
  expect(await violations()).toEqual([]);
  // Saving a chart inlines its computed styles into a copy of the SVG (through the CSSOM: no 'unsafe-inline' needed)
  // and rasterises it from a data: URL; the CSV goes through a blob: URL.
  const menu = page.getByTestId('evaluation-panel').getByTestId('chart-export-menu').first();
  await menu.scrollIntoViewIfNeeded();
  for (const label of ['SVG', 'PNG', 'CSV']) {
    const [download] = await Promise.all([page.waitForEvent('download'), menu.getByText(label, { exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`\\.${label.toLowerCase()}$`));
    if (label === 'SVG') expect(readFileSync(await download.path(), 'utf8')).toMatch(/style="[^"]*fill/);
  }
  await expect(menu.getByRole('alert')).toHaveCount(0);
  expect(await violations()).toEqual([]);
});

test('bench.html carries the policy without a violation, and the policy is enforced (an injected inline script is refused)', async ({ page }) => {
  const violations = await watchCsp(page);
  await page.goto('./bench.html');
  await expect(page.locator('h1')).toContainText('benchmark');
  await expectPolicyMeta(page);
  await page.waitForLoadState('networkidle');
  expect(await violations()).toEqual([]);
  // The listener works and the policy bites: an inline script is refused and reported.
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.head.append(s);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
  await expect.poll(async () => (await violations()).filter((v) => v.directive.startsWith('script-src')).length).toBeGreaterThan(0);
});

test('a model whose output layer was removed cannot be trained, and Train says why in words', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('preset-select').selectOption('keras-mlp');
  const editor = page.getByTestId('layer-editor');
  const count = await editor.locator('[data-testid^="layer-remove-"]').count();
  // The Keras MLP: Flatten → Dense 128 relu → Dropout → Dense 10 softmax; remove the softmax output.
  await page.getByTestId(`layer-remove-${count - 1}`).click();
  await expect(page.locator('[data-testid^="layer-error-"]')).toHaveCount(0);
  await expect(page.getByTestId('train-button')).toBeDisabled();
  await expect(page.getByTestId('training-panel')).toContainText('The last layer gives 128 values but the data has 10 classes: add a Dense(10, softmax) output.');
  await saveShot(page, 'output-layer-missing');
});
