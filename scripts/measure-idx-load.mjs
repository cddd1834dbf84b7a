#!/usr/bin/env node
// Measures loading a full-size MNIST in IDX .gz form (60,000 train + 10,000 test images, made by tiling the
// bundled digits) through the file picker of the built app, then one epoch of training on it.
// Prints load time, main-thread long tasks and peak browser memory (RSS of all Chromium processes).
// Usage: node scripts/measure-idx-load.mjs [--url http://127.0.0.1:4173/] [--train]
import { chromium } from '@playwright/test';
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const url = process.argv.includes('--url') ? process.argv[process.argv.indexOf('--url') + 1] : 'http://127.0.0.1:4173/';
const dir = path.resolve('.scratch/idx70k');
const names = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];

function idx(dims, data) {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head[2] = 8;
  head[3] = dims.length;
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

if (!names.every((n) => existsSync(path.join(dir, n)))) {
  const raw = gunzipSync(readFileSync('public/data/mnist-10k.tsds.gz'));
  const count = raw.readUInt32LE(8);
  const px = raw.subarray(32, 32 + count * 784);
  const lb = raw.subarray(32 + count * 784);
  const make = (n, offset) => {
    const images = new Uint8Array(n * 784);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const k = (i * 7919 + offset) % count; // a scrambled tiling of the 10,000 real digits
      images.set(px.subarray(k * 784, (k + 1) * 784), i * 784);
      labels[i] = lb[k];
    }
    return { images, labels };
  };
  mkdirSync(dir, { recursive: true });
  const train = make(60000, 0);
  const test = make(10000, 1);
  writeFileSync(path.join(dir, names[0]), gzipSync(idx([60000, 28, 28], train.images)));
  writeFileSync(path.join(dir, names[1]), gzipSync(idx([60000], train.labels)));
  writeFileSync(path.join(dir, names[2]), gzipSync(idx([10000, 28, 28], test.images)));
  writeFileSync(path.join(dir, names[3]), gzipSync(idx([10000], test.labels)));
}

const rssMb = () => {
  try {
    const out = execSync("ps -C chromium -o rss= 2>/dev/null || true").toString();
    return out.split('\n').filter(Boolean).reduce((s, l) => s + Number(l.trim()), 0) / 1024;
  } catch {
    return 0;
  }
};

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [...(isRoot ? ['--no-sandbox'] : []), '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
await page.addInitScript(() => {
  window.__longTasks = [];
  new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longTasks.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'longtask', buffered: true });
});
await page.goto(url);
await page.getByTestId('dataset-ready').waitFor({ timeout: 60_000 });
await page.waitForTimeout(1000);
const baseRss = rssMb();
let peak = baseRss;
const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 100);
await page.getByTestId('source-tab-files').click();
const t0 = await page.evaluate(() => performance.now());
const wall0 = Date.now();
await page.getByTestId('file-input').setInputFiles(names.map((n) => path.join(dir, n)));
await page.getByTestId('dataset-shape').filter({ hasText: '70,000' }).waitFor({ timeout: 120_000 });
const wall = Date.now() - wall0;
await page.waitForTimeout(500);
clearInterval(sampler);
const load = await page.evaluate((since) => ({
  uiLoadTime: document.querySelector('[data-testid=load-time]')?.textContent,
  split: document.querySelector('[data-testid=split-summary]')?.textContent,
  longTasks: window.__longTasks.filter((t) => t.start >= since).map((t) => Math.round(t.duration)),
}), t0);
const result = { wallMsFromPickToShown: wall, ...load, chromiumRssMb: { before: Math.round(baseRss), peak: Math.round(peak) } };

if (process.argv.includes('--train')) {
  await page.getByTestId('backend-select').selectOption(process.argv.includes('--wasm') ? 'wasm' : 'webgl');
  await page.getByTestId('epochs-input').fill('1');
  const t1 = await page.evaluate(() => performance.now());
  let trainPeak = rssMb();
  const s2 = setInterval(() => (trainPeak = Math.max(trainPeak, rssMb())), 250);
  await page.getByTestId('train-button').click();
  await page.getByTestId('run-status').filter({ hasText: /done|error/ }).waitFor({ timeout: 600_000 });
  clearInterval(s2);
  result.train = await page.evaluate((since) => ({
    progress: document.querySelector('[data-testid=run-progress]')?.textContent,
    testAccuracy: document.querySelector('[data-testid=test-accuracy]')?.textContent,
    error: document.querySelector('[data-testid=run-error]')?.textContent ?? null,
    longTasks: window.__longTasks.filter((t) => t.start >= since).map((t) => Math.round(t.duration)),
  }), t1);
  result.train.chromiumRssPeakMb = Math.round(trainPeak);
}
console.log(JSON.stringify(result, null, 2));
await page.screenshot({ path: '/tmp/measure-idx70k.png', fullPage: true });
await browser.close();
