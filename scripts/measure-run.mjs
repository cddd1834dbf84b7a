#!/usr/bin/env node
// Trains one preset with its default hyperparameters in the built app (headless system Chromium) and prints
// per-epoch test accuracy, epoch times and main-thread long tasks. A measurement, not a test.
// Usage: node scripts/measure-run.mjs [--preset keras-mlp|cnn|lenet5|…] [--backend auto|webgl|webgpu|wasm|cpu] [--epochs N] [--url http://127.0.0.1:4173/]
import { chromium } from '@playwright/test';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const preset = arg('preset', 'keras-mlp');
const backend = arg('backend', 'auto');
const url = arg('url', 'http://127.0.0.1:4173/');
const epochs = arg('epochs', null);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [...(isRoot ? ['--no-sandbox'] : []), '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
await page.addInitScript(() => {
  window.__longTasks = [];
  new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longTasks.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'longtask', buffered: true });
});
await page.goto(url);
await page.getByTestId('dataset-ready').waitFor({ timeout: 60_000 });
await page.getByTestId('preset-select').selectOption(preset);
await page.getByTestId('backend-select').selectOption(backend);
if (epochs) await page.getByTestId('epochs-input').fill(String(epochs));
const t0 = await page.evaluate(() => performance.now());
await page.getByTestId('train-button').click();
const started = Date.now();
for (;;) {
  const status = await page.getByTestId('run-status').textContent();
  if (status === 'done' || status === 'error' || status === 'stopped') break;
  if (Date.now() - started > 40 * 60_000) throw new Error('run took over 40 minutes');
  await page.waitForTimeout(2000);
}
const result = await page.evaluate((since) => {
  const tasks = window.__longTasks.filter((t) => t.start >= since);
  return {
    backend: document.querySelector('[data-testid=active-backend]')?.textContent,
    adapter: document.querySelector('[data-testid=adapter]')?.textContent,
    testAccuracy: document.querySelector('[data-testid=test-accuracy]')?.textContent,
    epochs: [...document.querySelectorAll('[data-testid=epoch-table] tbody tr')].map((tr) => [...tr.children].map((td) => td.getAttribute('title') ?? td.textContent).join(' | ')),
    tensors: document.querySelector('[data-testid=tensor-count]')?.textContent,
    progress: document.querySelector('[data-testid=run-progress]')?.textContent,
    error: document.querySelector('[data-testid=run-error]')?.textContent ?? null,
    longTasks: tasks.length,
    longTaskMs: tasks.map((t) => Math.round(t.duration)),
  };
}, t0);
console.log(JSON.stringify({ preset, requested: backend, wallSeconds: Math.round((Date.now() - started) / 1000), ...result }, null, 2));
await page.screenshot({ path: `/tmp/measure-${preset}-${backend}.png`, fullPage: true });
await browser.close();
