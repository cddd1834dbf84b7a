#!/usr/bin/env node
// Embedded model latency: the example models (public/examples/models/) in embed.html, called from the parent page
// with the typed client (dist/client/tensorscope-client.js), against a plain-TF.js reference in the same run: the same
// model as the app's TF.js export, loaded with tf.loadLayersModel and called with model.predict in a page, no iframe.
// A measurement, not a test: it exits 0 whatever the numbers say (non-zero only when the harness breaks).
//
// Usage: npm run bench:embed -- [--dist DIR] [--backends wasm,webgl] [--models mnist,penguins] [--repeat N]
//                               [--calls N] [--batches N] [--no-write] [--json-out FILE]
// Needs a built dist/ (npm run build). Round trips are timed in the parent with performance.now(), from the call to
// the answer; one pass (no MC dropout) so both sides do the same work, plus one embed row with 20 passes.
// Calls are paced at least 25 ms apart, under the embed's 50 requests a second per origin, on both sides.
import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumArgsFor, chromiumExecutable, cliArgs, gitDescribe, machineInfo, otherChromiums, serveDir } from './benchLib.mjs';
import { spread, summarize, ratio } from './benchStats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { flag, opt } = cliArgs();
function die(message) {
  console.error(`bench:embed: ${message}`);
  process.exit(2);
}
const list = (name, all) => {
  const picked = (opt(name, null) ?? all.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const bad = picked.filter((p) => !all.includes(p));
  if (bad.length) die(`--${name}: unknown ${bad.join(', ')} (choose from ${all.join(', ')})`);
  return picked;
};

const dist = path.resolve(root, opt('dist', 'dist'));
const BACKENDS = list('backends', ['wasm', 'webgl']);
const MODELS = list('models', ['mnist', 'penguins']);
const cfg = {
  repeat: Math.max(1, Number(opt('repeat', 3))),
  calls: Math.max(1, Number(opt('calls', 50))),
  batches: Math.max(1, Number(opt('batches', 15))),
  mcCalls: Math.max(1, Number(opt('mc-calls', 20))),
  warmup: 10,
  batchSize: 64,
  paceMs: 25,
  mcPasses: 20,
};
const FRAGMENT_FILES = { mnist: 'public/examples/models/mnist-keras-mlp.txt', penguins: 'public/examples/models/penguins.txt' };
const MODEL_TITLES = { mnist: 'Keras MLP, MNIST', penguins: 'Penguins table MLP' };

for (const f of ['embed.html', 'client/tensorscope-client.js']) {
  if (!existsSync(path.join(dist, f))) die(`${path.join(dist, f)} is missing: run npm run build first (or pass --dist).`);
}

// The reference's model files and inputs, written by the app's own export code (a Vitest step: TS needs its transform).
const refDir = mkdtempSync(path.join(os.tmpdir(), 'ts-bench-embed-'));
console.log('bench:embed: exporting the example models as TF.js files for the reference …');
const exp = spawnSync('npx', ['vitest', 'run', 'scripts/makeExampleModels.test.ts'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, EXPORT_EXAMPLE_MODELS: refDir } });
if (exp.status !== 0 || !existsSync(path.join(refDir, 'inputs.json'))) die('exporting the example models failed');
const inputs = JSON.parse(readFileSync(path.join(refDir, 'inputs.json'), 'utf8'));
// float32 weights: 4 bytes a parameter.
const MODEL_NAMES = Object.fromEntries(MODELS.map((m) => [m, `${MODEL_TITLES[m]} (${(statSync(path.join(refDir, m, 'weights.bin')).size / 4).toLocaleString('en-US')} parameters)`]));

const wasmDist = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
/** Files the reference page needs, served under /__ref/ by the browser's request interception. */
function refFile(name) {
  if (name === 'blank.html') return { body: '<!doctype html><meta charset="utf-8"><title>bench</title><body></body>', type: 'text/html' };
  if (name === 'tf.min.js') return { path: path.join(root, 'node_modules/@tensorflow/tfjs/dist/tf.min.js'), type: 'text/javascript' };
  if (name === 'tf-backend-wasm.min.js') return { path: path.join(wasmDist, 'tf-backend-wasm.min.js'), type: 'text/javascript' };
  if (/^tfjs-backend-wasm[a-z-]*\.wasm$/.test(name)) return { path: path.join(wasmDist, name), type: 'application/wasm' };
  if (/^(mnist|penguins)\/(model\.json|weights\.bin)$/.test(name)) return { path: path.join(refDir, name), type: name.endsWith('.json') ? 'application/json' : 'application/octet-stream' };
  return null;
}

/** Runs in the page: connects to the embed and times round trips (self-contained: page.evaluate serialises it, so it shares no helper with referenceRun). */
async function embedRun({ clientUrl, address, xs, cfg }) {
  const { Tensorscope } = await import(clientUrl);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const timed = async (fn) => {
    const t = performance.now();
    await fn();
    const dt = performance.now() - t;
    if (dt < cfg.paceMs) await sleep(cfg.paceMs - dt);
    return dt;
  };
  const t0 = performance.now();
  const model = await Tensorscope.connect(address, { timeoutMs: 180_000, requestTimeoutMs: 120_000 });
  const loadMs = performance.now() - t0;
  const one = (i, passes) => model.predict(xs[i % xs.length], { passes });
  for (let i = 0; i < cfg.warmup; i++) await timed(() => one(i, 1));
  const single = [];
  for (let i = 0; i < cfg.calls; i++) single.push(await timed(() => one(i, 1)));
  const batch = Array.from({ length: cfg.batchSize }, (_, i) => xs[i % xs.length]);
  for (let i = 0; i < 2; i++) await timed(() => model.predictBatch(batch, { passes: 1 }));
  const batches = [];
  for (let i = 0; i < cfg.batches; i++) batches.push(await timed(() => model.predictBatch(batch, { passes: 1 })));
  const mc = [];
  const uncertainty = model.describe().uncertainty;
  await timed(() => one(0, cfg.mcPasses));
  for (let i = 0; i < cfg.mcCalls; i++) mc.push(await timed(() => one(i, cfg.mcPasses)));
  const check = await model.predict(xs[0], { passes: 1 });
  // The embed shows the backend it runs on at the end of its footer (same origin here, so the parent can read it):
  // proof that ?backend= held.
  const doc = model.frame.contentDocument;
  const shownText = (doc?.querySelector('[data-testid="embed-backend"]') ?? doc?.querySelector('.ts-embed-foot'))?.textContent ?? '';
  const shown = shownText.split('·').pop().trim();
  model.close();
  return { loadMs, single, batches, mc, uncertainty, backend: shown, check: check.label ?? check.value };
}

/** Runs in the page: the plain-TF.js reference (tf.min.js and the exported model). */
async function referenceRun({ base, backend, name, shape, shift, scale, xs, cfg }) {
  const tf = globalThis.tf;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const timed = async (fn) => {
    const t = performance.now();
    await fn();
    const dt = performance.now() - t;
    if (dt < cfg.paceMs) await sleep(cfg.paceMs - dt);
    return dt;
  };
  const t0 = performance.now();
  if (backend === 'wasm') tf.wasm.setWasmPaths(`${base}__ref/`);
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not start`);
  await tf.ready();
  const model = await tf.loadLayersModel(`${base}__ref/${name}/model.json`);
  const size = shape.reduce((a, b) => a * b, 1);
  const shiftT = tf.tensor1d(shift);
  const scaleT = tf.tensor1d(scale);
  const run = async (rows) => {
    const flat = new Float32Array(rows.length * size);
    rows.forEach((r, i) => flat.set(r, i * size));
    // batchSize = the whole batch, as the embed's engine runs it (tfjs's default of 32 would split a batch of 64 in two).
    const y = tf.tidy(() => model.predict(tf.tensor2d(flat, [rows.length, size]).sub(shiftT).mul(scaleT).reshape([rows.length, ...shape]), { batchSize: rows.length }));
    const out = await y.data();
    y.dispose();
    return out;
  };
  await run([xs[0]]);
  const loadMs = performance.now() - t0;
  for (let i = 0; i < cfg.warmup; i++) await timed(() => run([xs[i % xs.length]]));
  const single = [];
  for (let i = 0; i < cfg.calls; i++) single.push(await timed(() => run([xs[i % xs.length]])));
  const batch = Array.from({ length: cfg.batchSize }, (_, i) => xs[i % xs.length]);
  for (let i = 0; i < 2; i++) await timed(() => run(batch));
  const batches = [];
  for (let i = 0; i < cfg.batches; i++) batches.push(await timed(() => run(batch)));
  const probs = await run([xs[0]]);
  return { loadMs, single, batches, backend: tf.getBackend(), check: Array.from(probs).indexOf(Math.max(...probs)) };
}

async function measure() {
  const { server, base } = await serveDir(dist);
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: chromiumArgsFor() });
  const version = `Chromium ${browser.version()}`;
  const runs = [];
  try {
    for (const backend of BACKENDS)
      for (const name of MODELS) {
        const fragment = readFileSync(path.join(root, FRAGMENT_FILES[name]), 'utf8').trim();
        const data = inputs[name];
        for (let repeat = 1; repeat <= cfg.repeat; repeat++) {
          // a b / b a: neither side always runs on a warmer machine.
          const order = repeat % 2 ? ['embed', 'reference'] : ['reference', 'embed'];
          for (const side of order) {
            const context = await browser.newContext();
            const page = await context.newPage();
            await page.route(
              (u) => u.pathname.startsWith('/__ref/'),
              async (route) => {
                const f = refFile(decodeURIComponent(new URL(route.request().url()).pathname.slice('/__ref/'.length)));
                if (!f) return route.fulfill({ status: 404, body: 'not found' });
                return route.fulfill({ status: 200, contentType: f.type, body: f.body ?? readFileSync(f.path) });
              },
            );
            await page.goto(`${base}__ref/blank.html`);
            const started = Date.now();
            let r;
            if (side === 'embed') {
              const address = `${base}embed.html?backend=${backend}#${fragment}`;
              r = await page.evaluate(embedRun, { clientUrl: `${base}client/tensorscope-client.js`, address, xs: data.embedInputs, cfg });
              if (r.backend !== backend) throw new Error(`the embed ran on "${r.backend}", not ${backend}`);
            } else {
              await page.addScriptTag({ url: `${base}__ref/tf.min.js` });
              if (backend === 'wasm') await page.addScriptTag({ url: `${base}__ref/tf-backend-wasm.min.js` });
              r = await page.evaluate(referenceRun, { base, backend, name, shape: data.shape, shift: data.shift, scale: data.scale, xs: data.referenceInputs, cfg });
              if (r.backend !== backend) throw new Error(`the reference ran on ${r.backend}, not ${backend}`);
            }
            const s = summarize(r.single);
            console.log(`bench:embed: ${backend} ${name} ${side} #${repeat}: single median ${s.median.toFixed(2)} ms, batch median ${summarize(r.batches).median.toFixed(1)} ms (${((Date.now() - started) / 1000).toFixed(0)} s)`);
            runs.push({ backend, model: name, side, repeat, ...r });
            await context.close();
          }
        }
      }
  } finally {
    await browser.close();
    server.close();
  }
  return { version, runs };
}

const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const fmtSpread = (s, d = 2) => `${fmt(s.median, d)} (${fmt(s.min, d)}–${fmt(s.max, d)})`;

/** Per backend × model × side: the median over repeats of each repeat's median and p95, with their range. */
function summarise(runs) {
  const rows = [];
  for (const backend of BACKENDS)
    for (const model of MODELS) {
      const pick = (side) => runs.filter((r) => r.backend === backend && r.model === model && r.side === side);
      const stats = (rs, key, per = 1) => ({
        median: spread(rs.map((r) => summarize(r[key]).median / per)),
        p95: spread(rs.map((r) => summarize(r[key]).p95 / per)),
      });
      const e = pick('embed');
      const ref = pick('reference');
      if (!e.length || !ref.length) continue;
      rows.push({
        backend,
        model,
        embed: { single: stats(e, 'single'), batch: stats(e, 'batches'), item: stats(e, 'batches', cfg.batchSize), mc: stats(e, 'mc'), load: spread(e.map((r) => r.loadMs)) },
        reference: { single: stats(ref, 'single'), batch: stats(ref, 'batches'), item: stats(ref, 'batches', cfg.batchSize), load: spread(ref.map((r) => r.loadMs)) },
      });
    }
  return rows;
}

function markdown(rows, meta) {
  const lines = [];
  lines.push('## Embedded model latency', '');
  lines.push(
    `Measured ${meta.date} by \`npm run bench:embed\` (scripts/bench-embed.mjs) on ${meta.machine.cpu}, ${meta.machine.cores} cores, ${meta.machine.ramGB} GB, ${meta.machine.platform}; ${meta.browser} headless, webgl on SwiftShader (software, no GPU); build ${meta.git ?? 'unknown'}.`,
    '',
    `What is timed: a round trip seen from the parent page, from the call to the answer. **Embed**: \`model.predict\` / \`model.predictBatch\` of the typed client talking to \`embed.html?backend=…\` in an iframe (postMessage both ways, the embed's checks and input encoding, one forward pass, read-back). **Reference**: the same model as the app's TF.js export (float32), \`tf.loadLayersModel\` + \`model.predict\` (batchSize = the whole batch, as the embed runs it) + \`data()\` in a page with no iframe, the input normalised the same way. Single: ${cfg.calls} calls after ${cfg.warmup} warm-up calls; batch: ${cfg.batches} batches of ${cfg.batchSize} after 2 warm-up batches; one pass (no MC dropout) on both sides. Calls are paced ≥ ${cfg.paceMs} ms apart (the embed allows 50 requests a second per origin). ${cfg.repeat} repeats per row, each in a fresh browser context, alternating which side runs first; each cell is the median over repeats of that repeat's statistic, with the range over repeats in brackets. The penguin embed takes raw rows (it encodes them itself); its reference takes rows already encoded.`,
    '',
  );
  lines.push('| backend | model | single, embed: median / p95 ms | single, reference: median / p95 ms | single: embed ÷ reference (medians) | batch of 64, embed: median / p95 ms | batch of 64, reference: median / p95 ms | batch: embed ÷ reference (medians) | per item in a batch, embed / reference ms |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const e = r.embed;
    const f = r.reference;
    const rs = ratio(f.single.median.median, e.single.median.median);
    const rb = ratio(f.batch.median.median, e.batch.median.median);
    lines.push(
      `| ${r.backend} | ${MODEL_NAMES[r.model]} | ${fmtSpread(e.single.median)} / ${fmtSpread(e.single.p95)} | ${fmtSpread(f.single.median)} / ${fmtSpread(f.single.p95)} | ${rs === null ? '—' : `${rs.toFixed(2)}×`} | ${fmtSpread(e.batch.median, 1)} / ${fmtSpread(e.batch.p95, 1)} | ${fmtSpread(f.batch.median, 1)} / ${fmtSpread(f.batch.p95, 1)} | ${rb === null ? '—' : `${rb.toFixed(2)}×`} | ${fmt(e.item.median.median, 3)} / ${fmt(f.item.median.median, 3)} |`,
    );
  }
  const overhead = rows.map((r) => `${r.backend} ${r.model} ${(r.embed.single.median.median - r.reference.single.median.median >= 0 ? '+' : '')}${fmt(r.embed.single.median.median - r.reference.single.median.median)} ms`);
  lines.push('', `What the iframe adds to one call (embed median − reference median, single input): ${overhead.join(', ')}.`);
  lines.push('', `With error bars (embed only, ${cfg.mcPasses} MC-dropout passes, ${cfg.mcCalls} calls), and the time to load (embed: \`connect\` until \`ready\`, which includes loading the app's TF.js bundle in the iframe; reference: backend start, model load and a first prediction):`, '');
  lines.push(`| backend | model | single with ${cfg.mcPasses} passes: median / p95 ms | load, embed s | load, reference s |`);
  lines.push('| --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const sec = (s) => ({ median: s.median / 1000, min: s.min / 1000, max: s.max / 1000 });
    lines.push(`| ${r.backend} | ${MODEL_NAMES[r.model]} | ${fmtSpread(r.embed.mc.median)} / ${fmtSpread(r.embed.mc.p95)} | ${fmtSpread(sec(r.embed.load))} | ${fmtSpread(sec(r.reference.load))} |`);
  }
  lines.push('', meta.others.count > 0 ? `Other Chromium processes were running at the start (${meta.others.count}, ${Math.round(meta.others.cpuPercent)}% CPU); they share the cores.` : 'No other Chromium was running at the start.');
  return lines.join('\n');
}

function writeSection(section) {
  const mdPath = path.join(root, 'BENCHMARKS.md');
  let md = readFileSync(mdPath, 'utf8');
  const start = md.indexOf('## Embedded model latency');
  if (start >= 0) {
    // The section ends at the next heading or at the next of bench.mjs's <!-- bench:… --> markers, which stay.
    const ends = ['\n## ', '\n<!-- '].map((m) => md.indexOf(m, start + 3)).filter((i) => i >= 0);
    const next = ends.length ? Math.min(...ends) : -1;
    md = md.slice(0, start) + section + (next >= 0 ? `\n${md.slice(next)}` : '\n');
  } else if (md.includes('<!-- bench:sections -->')) md = md.replace('<!-- bench:sections -->', `${section}\n\n<!-- bench:sections -->`);
  else md = `${md.trimEnd()}\n\n${section}\n`;
  writeFileSync(mdPath, md);
  console.log('bench:embed: wrote the "Embedded model latency" section of BENCHMARKS.md');
}

const others = otherChromiums();
try {
  const { version, runs } = await measure();
  const rows = summarise(runs);
  const meta = { date: new Date().toISOString().slice(0, 10), machine: machineInfo(), browser: version, git: gitDescribe(root), others };
  const section = markdown(rows, meta);
  console.log(`\n${section}\n`);
  const jsonOut = opt('json-out', null);
  if (jsonOut) writeFileSync(path.resolve(jsonOut), JSON.stringify({ meta, cfg, rows, runs }, null, 1));
  if (!flag('no-write')) writeSection(section);
} finally {
  rmSync(refDir, { recursive: true, force: true });
}
