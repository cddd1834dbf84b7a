#!/usr/bin/env node
// Real published tables through the app as a person would use them (load, report, label, "Use this table", Train),
// then the exported Keras script on the same raw file under Python TensorFlow, when python3 has tensorflow + pandas.
// Usage: node scripts/measure-tables.mjs [URL]   (default: a running `npm start` at http://localhost:5173/)
// Prints a markdown table: test metric in the browser, the baseline on the same split, and the Keras script's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'package.json'));
const { chromium } = require('@playwright/test');
const url = process.argv[2] || 'http://localhost:5173/';
const VEGA = 'node_modules/vega-datasets/data';
const TABLES = [
  { file: 'penguins.json', label: 'Species', task: 'classification', epochs: 40 },
  { file: 'seattle-weather.csv', label: 'weather', task: 'classification', epochs: 40 },
  { file: 'cars.json', label: 'Miles_per_Gallon', task: 'regression', epochs: 60 },
  { file: 'movies.json', label: 'IMDB Rating', task: 'regression', epochs: 40 },
  { file: 'movies.json', label: 'Worldwide Gross', task: 'regression', epochs: 40 },
];

const tmp = mkdtempSync(path.join(tmpdir(), 'ts-tables-'));
const hasTf = spawnSync('python3', ['-c', 'import tensorflow, pandas'], { stdio: 'ignore' }).status === 0;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'] });
const rows = [];
for (const t of TABLES) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await page.goto(url);
  await page.getByTestId('dataset-ready').waitFor({ timeout: 60_000 });
  await page.getByTestId('source-tab-files').click();
  await page.getByTestId('file-input').setInputFiles(path.join(VEGA, t.file));
  await page.getByTestId('table-prep').waitFor({ timeout: 60_000 });
  await page.getByTestId('csv-label').selectOption(t.label);
  await page.getByTestId('csv-task').selectOption(t.task);
  await page.waitForFunction(() => !document.querySelector('[data-testid=table-use]')?.hasAttribute('disabled'), null, { timeout: 60_000 });
  const summary = (await page.getByTestId('table-summary').textContent()) ?? '';
  await page.getByTestId('table-use').click();
  const shape = (await page.getByTestId('dataset-shape').textContent()) ?? '';
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('epochs-input').fill(String(t.epochs));
  const t0 = Date.now();
  await page.getByTestId('train-button').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent === 'done', null, { timeout: 600_000 });
  const seconds = (Date.now() - t0) / 1000;
  const browserMetric = (await page.getByTestId('test-accuracy').textContent())?.trim();
  const baseline = (await page.getByTestId('baseline-metric').textContent())?.trim();
  let keras = 'not run (no python3 tensorflow + pandas)';
  if (hasTf) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('keras-script').click()]);
    const script = path.join(tmp, `${t.file}.py`);
    await download.saveAs(script);
    const r = spawnSync('python3', [script, '--data', path.join(VEGA, t.file), '--epochs', String(t.epochs), '--strategy', 'default', '--save', path.join(tmp, `${t.file}.keras`)], { encoding: 'utf8', timeout: 600_000, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });
    const m = /test (\w+): ([\d.]+)/.exec(r.stdout);
    keras = m ? (m[1] === 'accuracy' ? `${(Number(m[2]) * 100).toFixed(2)}%` : Number(m[2]).toFixed(4)) : `failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' ')}`;
  }
  rows.push({ table: t.file, label: `${t.label} (${t.task})`, shape, summary, epochs: t.epochs, seconds, browserMetric, baseline, keras });
  console.error(`${t.file}: ${browserMetric} (baseline ${baseline}), Keras ${keras}, ${seconds.toFixed(1)} s`);
  await page.close();
}
await browser.close();
writeFileSync(path.join(tmp, 'tables.json'), JSON.stringify(rows, null, 2));
console.log('| table | label (task) | data after the recipe | epochs | browser test metric | baseline | Keras script (Python TF) |');
console.log('|---|---|---|--:|--:|--:|--:|');
for (const r of rows) console.log(`| ${r.table} | ${r.label} | ${r.shape.replace(/\s+/g, ' ')} | ${r.epochs} | ${r.browserMetric} | ${r.baseline} | ${r.keras} |`);
