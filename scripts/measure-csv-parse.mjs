#!/usr/bin/env node
// Measures parseCsv throughput: the hand-written scanner in the working tree (src/data/parsers/csv.ts) against the
// papaparse-based parser that was tried instead (the same file at a git revision, default d4ea44b), on two ~50 MB
// CSVs generated in memory:
//   (a) numeric, Kaggle digit-recognizer layout: label + 784 pixel columns of ints 0..255, mostly 0 like real digits;
//   (b) mixed: 20 columns of floats, ints, text categories, a quoted "City, ST" column, dates and some empty cells.
// Prints MB/s (MB = 10^6 chars; the files are ASCII, so also bytes), median of --runs runs (after a warm-up, the two
// parsers alternating), and checks that both read the same table. A measurement, not a test: nothing fails on slow
// numbers. papaparse is no longer a dependency: without it only the scanner is measured (npm i --no-save papaparse).
//
// Usage: node --expose-gc scripts/measure-csv-parse.mjs [--mb 50] [--runs 5] [--rev d4ea44b]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const targetChars = Number(opt('mb', '50')) * 1e6;
const runs = Number(opt('runs', '5'));
const rev = opt('rev', 'd4ea44b');

/** Bundles a csv.ts (TypeScript, with its imports, papaparse included) into one ES module and imports it. */
async function loadParser(entry, dir, name) {
  const file = path.join(dir, `${name}.mjs`);
  await build({ input: entry, logLevel: 'silent', output: { file, format: 'esm' } });
  return import(pathToFileURL(file).href);
}

function hasPapaparse() {
  try {
    createRequire(path.join(root, 'package.json')).resolve('papaparse');
    return true;
  } catch {
    return false;
  }
}

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same files. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A digit-like 28×28 image: a thick ring or stroke of bright pixels with soft edges, ~20% non-zero like MNIST. */
function digitRow(rand) {
  const cx = 10 + rand() * 8;
  const cy = 10 + rand() * 8;
  const rx = 4 + rand() * 5;
  const ry = 6 + rand() * 4;
  const px = new Array(784);
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const d = Math.abs(Math.hypot((x - cx) / rx, (y - cy) / ry) - 1) * 4; // distance from the ring, in pixels-ish
      px[y * 28 + x] = d < 1 ? 255 - Math.floor(rand() * 30) : d < 2 ? Math.floor((2 - d) * 255) : 0;
    }
  }
  return px;
}

function numericCsv() {
  const rand = rng(1);
  const header = ['label', ...Array.from({ length: 784 }, (_, k) => `pixel${k}`)].join(',');
  const lines = [header];
  let size = header.length + 1;
  while (size < targetChars) {
    const line = `${Math.floor(rand() * 10)},${digitRow(rand).join(',')}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

function mixedCsv() {
  const rand = rng(2);
  const cats = ['red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'black'];
  const cities = ['Seattle, WA', 'Portland, OR', 'Austin, TX', 'Boston, MA', 'Denver, CO'];
  const kinds = ['f', 'f', 'f', 'f', 'f', 'i', 'i', 'i', 'i', 'c', 'c', 'q', 'd', 'f', 'f', 'i', 'c', 'f', 'd', 'i'];
  const header = kinds.map((k, j) => `${k}${j}`).join(',');
  const cell = (k) => {
    if (rand() < 0.02) return ''; // a missing value
    switch (k) {
      case 'f':
        return ((rand() - 0.5) * 2000).toFixed(Math.floor(rand() * 5));
      case 'i':
        return String(Math.floor(rand() * 100000) - 5000);
      case 'c':
        return cats[Math.floor(rand() * cats.length)];
      case 'q':
        return `"${cities[Math.floor(rand() * cities.length)]}"`;
      default: {
        const day = new Date(Date.UTC(2000, 0, 1) + Math.floor(rand() * 9000) * 86400000);
        return day.toISOString().slice(0, 10);
      }
    }
  };
  const lines = [header];
  let size = header.length + 1;
  while (size < targetChars) {
    const line = kinds.map(cell).join(',');
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

/** A fingerprint of a parsed table, to check the two parsers agree. */
function fingerprint(t) {
  let sum = 0;
  let nans = 0;
  for (const col of t.numeric) {
    for (let r = 0; r < col.length; r++) {
      if (Number.isNaN(col[r])) nans++;
      else sum += col[r];
    }
  }
  const textCols = t.text.map((x, j) => (x ? `${j}:${x.length}:${x[0]}:${x[x.length - 1]}` : '')).join('|');
  return `${t.rowCount} rows × ${t.header.length} cols, sum ${sum.toFixed(3)}, ${nans} NaN, text ${textCols}`;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(parse, text, name) {
  globalThis.gc?.();
  const t0 = performance.now();
  const table = parse(text, name);
  return { ms: performance.now() - t0, table };
}

// Inside node_modules, so the papaparse version's bare 'papaparse' import resolves from this checkout.
mkdirSync(path.join(root, 'node_modules/.cache'), { recursive: true });
const dir = mkdtempSync(path.join(root, 'node_modules/.cache/measure-csv-'));
try {
  const parsers = { scanner: await loadParser(path.join(root, 'src/data/parsers/csv.ts'), dir, 'csv-scanner') };
  const labels = { scanner: 'scanner (working tree)', papaparse: `papaparse (${rev})` };
  if (hasPapaparse()) {
    // The papaparse version imports ../../core/*; point that at this checkout so the file bundles from the temp folder.
    const source = execFileSync('git', ['show', `${rev}:src/data/parsers/csv.ts`], { cwd: root, encoding: 'utf8' }).replace(
      /'\.\.\/\.\.\/core\//g,
      `'${path.join(root, 'src/core')}/`,
    );
    const entry = path.join(dir, 'csv-papaparse.ts');
    writeFileSync(entry, source);
    parsers.papaparse = await loadParser(entry, dir, 'csv-papaparse');
  } else {
    console.log('papaparse not installed: npm i --no-save papaparse to compare; measuring the scanner alone.');
  }
  const names = Object.keys(parsers);

  console.log(`Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}; median of ${runs} runs${globalThis.gc ? '' : ' (run with --expose-gc for steadier numbers)'}`);
  for (const [label, make] of [
    ['(a) numeric, label + 784 pixels', numericCsv],
    ['(b) mixed, 20 columns', mixedCsv],
  ]) {
    const text = make();
    const mb = text.length / 1e6;
    // Warm each up on the first ~2 MB (whole rows), then alternate runs, so JIT state and machine load bear on all alike.
    const warm = text.slice(0, text.indexOf('\n', 2e6) + 1);
    for (const p of Object.values(parsers)) p.parseCsv(warm, 'warm.csv');
    const times = Object.fromEntries(names.map((n) => [n, []]));
    const fps = {};
    for (let i = 0; i < runs; i++) {
      for (const which of names) {
        const r = time(parsers[which].parseCsv, text, 'measure.csv');
        times[which].push(r.ms);
        fps[which] = fingerprint(r.table);
      }
    }
    const result = {};
    for (const which of names) {
      const ms = median(times[which]);
      result[which] = { mbps: mb / (ms / 1000), ms, fp: fps[which] };
    }
    console.log(`\n${label}: ${mb.toFixed(1)} MB, ${result.scanner.fp.split(',')[0]}`);
    for (const which of names) {
      console.log(`  ${(labels[which] + ':').padEnd(28)} ${result[which].mbps.toFixed(1)} MB/s (${result[which].ms.toFixed(0)} ms)`);
    }
    if (result.papaparse) {
      const same = result.scanner.fp === result.papaparse.fp;
      console.log(`  scanner / papaparse speed: ${(result.scanner.mbps / result.papaparse.mbps).toFixed(2)}×; same table: ${same ? 'yes' : 'NO'}`);
      if (!same) console.log(`    scanner:   ${result.scanner.fp}\n    papaparse: ${result.papaparse.fp}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
