#!/usr/bin/env node
// Training benchmark: Tensorscope's engine (runTraining in a worker) against a plain model.fit reference, per
// backend × model, plus the app's time to its first trained batch, its initial JavaScript and main-thread long tasks.
// A measurement, not a test: it exits 0 whatever the numbers say (non-zero only when the harness itself breaks).
//
// Usage: npm run bench -- [--quick] [--backends webgpu,webgl,wasm,cpu] [--models mlp,cnn] [--gpu]
//                         [--build | --no-build] [--no-write] [--timed-epochs N] [--warmup-epochs N] [--repeat N] [--profile]
//                         [--mlp-samples N] [--cnn-samples N] [--cnn-samples-by webgl=256,cpu=128] [--run-timeout S] [--label TEXT]
//                         [--dist DIR] [--app-train-seconds S] [--app-only] [--json-out FILE]
// --app-only skips the engine runs (only the app's timings); --json-out FILE also writes the report as JSON there
// (bench-charts.mjs --app uses both on a before and an after build).
// Builds dist/ first when it is missing or older than the sources (--build: always, --no-build: never), serves it
// from a small static server on a free port and drives bench.html and index.html in headless Chromium
// (CHROMIUM_PATH, default /usr/bin/chromium). Writes bench-results.json and a section of BENCHMARKS.md.
import { chromium } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromiumArgsFor, cliArgs, machineInfo, otherChromiums, serveDir } from './benchLib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { argv, flag, opt } = cliArgs();
const list = (name, all) => {
  const v = opt(name, null);
  if (!v) return all;
  const picked = v.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = picked.filter((p) => !all.includes(p));
  if (bad.length) die(`--${name}: unknown ${bad.join(', ')} (choose from ${all.join(', ')})`);
  return picked;
};
function die(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

const quick = flag('quick');
// --profile: diagnostic runs under tf.profile (kernel counts per batch, kernel time on cpu/wasm); printed, never written.
const profileMode = flag('profile');
// --dist DIR builds into and serves another folder than dist/ (e.g. while e2e tests use dist/).
const dist = path.resolve(root, opt('dist', 'dist'));
const gpu = flag('gpu');
const BACKENDS = list('backends', ['webgpu', 'webgl', 'wasm', 'cpu']);
const MODELS = list('models', ['mlp', 'cnn']);
const cfg = {
  batchSize: Number(opt('batch-size', 32)),
  warmupEpochs: Number(opt('warmup-epochs', 1)),
  timedEpochs: Number(opt('timed-epochs', 2)),
  // Each engine runs this many times per backend × model (fresh worker each), in a b / b a order; the timed epochs
  // of all repeats are pooled for the median.
  repeat: Number(opt('repeat', quick ? 1 : 2)),
  mlpSamples: Number(opt('mlp-samples', quick ? 1024 : 2048)),
  cnnSamples: Number(opt('cnn-samples', quick ? 256 : 512)),
  runTimeoutS: Number(opt('run-timeout', 420)),
  appTrainSeconds: Number(opt('app-train-seconds', quick ? 5 : 10)),
};
// The CNN gets fewer examples on the backends where one batch of 32 takes seconds (pure-JS cpu; WebGL and WebGPU
// when SwiftShader emulates the GPU), so the whole bench stays under ~15 minutes on a 2-core machine.
// --cnn-samples-by webgl=256,cpu=128 overrides per backend.
const cnnSamplesBy = {
  ...(gpu ? { cpu: 128 } : { webgl: 256, webgpu: 64, cpu: 128 }),
  ...Object.fromEntries((opt('cnn-samples-by', '') || '').split(',').filter(Boolean).map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)])),
};
if (quick) for (const k of Object.keys(cnnSamplesBy)) cnnSamplesBy[k] = Math.max(cfg.batchSize, cnnSamplesBy[k] / 2);
const samplesFor = (backend, model) => (model === 'mlp' ? cfg.mlpSamples : (cnnSamplesBy[backend] ?? cfg.cnnSamples));
const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;

// ---------- build ----------
function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(p)) m = Math.max(m, newestMtime(path.join(p, e)));
  return m;
}
function buildIfNeeded() {
  const builtAt = Math.min(newestMtime(path.join(dist, 'index.html')), newestMtime(path.join(dist, 'bench.html')));
  const sourcesAt = Math.max(...['src', 'public', 'index.html', 'bench.html', 'vite.config.ts', 'package.json'].map((p) => newestMtime(path.join(root, p))));
  const stale = builtAt === 0 || sourcesAt > builtAt;
  const why = flag('build') ? 'forced by --build' : builtAt === 0 ? 'dist/ has no index.html or bench.html' : stale ? 'sources are newer than dist/' : null;
  if (flag('no-build') || !why) {
    console.log(`bench: using the existing dist/ (${flag('no-build') ? '--no-build' : 'up to date'})`);
    if (builtAt === 0) die('dist/ has no build; run without --no-build');
    return false;
  }
  // vite build only (no tsc -b): the bench needs the bundle, type-checking is `npm run typecheck`.
  console.log(`bench: building dist/ (${why}) …`);
  for (const [cmd, args] of [
    ['node', ['scripts/pack-mnist.mjs', '--if-missing']],
    ['npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dist, '--emptyOutDir']],
  ]) {
    const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) die(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
  }
  return true;
}

// ---------- static server ----------
const serve = () => serveDir(dist);

// ---------- initial JavaScript ----------
const gz = (file) => gzipSync(readFileSync(file)).length;
function staticInitialJs() {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  const files = [...new Set(refs)].map((r) => {
    const f = path.join(dist, r.replace(/^\.?\//, ''));
    return { file: path.relative(dist, f), bytes: statSync(f).size, gzip: gz(f) };
  });
  return { files, bytes: files.reduce((s, f) => s + f.bytes, 0), gzip: files.reduce((s, f) => s + f.gzip, 0) };
}

// ---------- browser ----------
const chromiumArgs = chromiumArgsFor({ gpu });

const LONG_TASKS_INIT = () => {
  window.__longTasks = [];
  try {
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longTasks.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'longtask', buffered: true });
  } catch {
    /* unsupported */
  }
};

/** Opens the app in a new page of `context`, clicks Train the moment it is enabled and times the first metrics in the UI. */
async function measureApp(context, base) {
  const page = await context.newPage();
  await page.addInitScript(LONG_TASKS_INIT);
  // In-page watcher: exact timestamps (performance.now(), from navigation start) without Playwright's polling lag.
  await page.addInitScript(() => {
    const marks = (window.__benchMarks = {});
    const check = () => {
      if (marks.datasetReady == null && document.querySelector('[data-testid=dataset-ready]')) marks.datasetReady = performance.now();
      const btn = document.querySelector('[data-testid=train-button]');
      if (marks.click == null && btn && !btn.disabled) {
        marks.trainEnabled = performance.now();
        marks.preset = document.querySelector('[data-testid=preset-select]')?.value ?? null;
        marks.click = performance.now();
        btn.click();
      }
      const label = document.querySelector('[data-testid=run-progress] .ts-progress-label')?.textContent ?? '';
      const m = /batch ([\d,]+)\//.exec(label);
      if (marks.firstBatch == null && m && Number(m[1].replace(/,/g, '')) > 0) {
        marks.firstBatch = performance.now();
        marks.firstBatchLabel = label;
      }
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // The document's own requests (DevTools protocol on the page target): workers' imports are not among them, unlike
  // in resource timing, which lists a module worker's static imports too.
  const fetched = [];
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => fetched.push(e.request.url));
  let fetchedBeforeTrain = null;
  const navStart = Date.now();
  await page.goto(base);
  let marks = null;
  for (;;) {
    marks = await page.evaluate(() => window.__benchMarks);
    if (fetchedBeforeTrain == null && marks.trainEnabled != null) fetchedBeforeTrain = fetched.slice();
    if (marks.firstBatch != null) break;
    const status = await page.locator('[data-testid=run-status]').textContent().catch(() => null);
    if (status === 'error') break;
    if (Date.now() - navStart > 180_000) break;
    await page.waitForTimeout(100);
  }
  const activeBackend = await page.locator('[data-testid=active-backend]').textContent().catch(() => null);
  const engineMode = await page.locator('[data-testid=engine-mode]').textContent().catch(() => null);
  const runError = await page.locator('[data-testid=run-error]').textContent({ timeout: 500 }).catch(() => null);
  let training = null;
  if (marks.firstBatch != null) {
    // Keep training a while and count main-thread long tasks after the first batch (what someone watching sees).
    await page.waitForTimeout(cfg.appTrainSeconds * 1000);
    training = await page.evaluate((since) => {
      const now = performance.now();
      const t = window.__longTasks.filter((e) => e.start >= since);
      return { windowMs: now - since, count: t.length, totalMs: t.reduce((s, e) => s + e.duration, 0), maxMs: t.reduce((m, e) => Math.max(m, e.duration), 0), progress: document.querySelector('[data-testid=run-progress] .ts-progress-label')?.textContent ?? null };
    }, marks.firstBatch);
    await page.getByTestId('stop-button').click({ timeout: 5000 }).catch(() => {});
  }
  const startup = await page.evaluate((until) => {
    const t = window.__longTasks.filter((e) => e.start < until);
    return { count: t.length, totalMs: t.reduce((s, e) => s + e.duration, 0), maxMs: t.reduce((m, e) => Math.max(m, e.duration), 0) };
  }, marks.firstBatch ?? Infinity);
  await page.close();

  // JavaScript the document fetched before Train was enabled; worker entry scripts are listed but left out of the sum.
  const jsLoaded = (fetchedBeforeTrain ?? fetched).filter((u) => /\.js(\?|$)/.test(u)).map((u) => {
    const rel = decodeURIComponent(new URL(u).pathname).replace(/^\//, '');
    const f = path.join(dist, rel);
    return { file: rel, worker: /worker/i.test(rel), bytes: existsSync(f) ? statSync(f).size : 0, gzip: existsSync(f) ? gz(f) : 0 };
  });
  const pageJs = uniqueFiles(jsLoaded).filter((f) => !f.worker);
  return {
    preset: marks.preset,
    activeBackend: activeBackend?.trim() ?? null,
    engineMode: engineMode?.trim() ?? null,
    datasetReadyMs: marks.datasetReady ?? null,
    trainEnabledMs: marks.trainEnabled ?? null,
    firstBatchMs: marks.firstBatch ?? null,
    clickToFirstBatchMs: marks.firstBatch != null && marks.click != null ? marks.firstBatch - marks.click : null,
    firstBatchLabel: marks.firstBatchLabel ?? null,
    longTasksBeforeFirstBatch: startup,
    longTasksWhileTraining: training,
    loadedBeforeTrain: { files: uniqueFiles(jsLoaded), pageGzip: pageJs.reduce((s, f) => s + f.gzip, 0), pageBytes: pageJs.reduce((s, f) => s + f.bytes, 0) },
    error: runError?.trim() || (marks.firstBatch == null ? 'no trained batch reached the UI' : null),
    pageErrors: errors,
  };
}

/** A file requested twice (e.g. a modulepreload, then the import) counts once. */
function uniqueFiles(files) {
  const seen = new Set();
  return files.filter((f) => !seen.has(f.file) && seen.add(f.file));
}

async function runBench(page, req) {
  return page.evaluate(([r, timeoutMs]) => window.tsBench.run(r, timeoutMs), [req, cfg.runTimeoutS * 1000]);
}

// ---------- report ----------
const fmt = (n, d = 0) => (n == null || !Number.isFinite(n) ? '—' : n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
const kb = (b) => `${fmt(b / 1024, 1)} KB`;
const sec = (ms) => (ms == null ? '—' : fmt(ms / 1000, 1));

const median = (xs) => {
  const v = xs.slice().sort((x, y) => x - y);
  const m = v.length >> 1;
  return v.length === 0 ? NaN : v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

/** One row per backend × model: each engine's timed epochs pooled over its repeats, median → samples/s. */
function pairRows(runs) {
  const rows = [];
  for (const backend of BACKENDS)
    for (const model of MODELS) {
      const of = (engine) => runs.filter((r) => r.request.backend === backend && r.request.model === model && r.request.engine === engine);
      const [as, bs] = [of('tensorscope'), of('reference')];
      if (!as.length && !bs.length) continue;
      const okA = as.filter((r) => r.ok);
      const okB = bs.filter((r) => r.ok);
      const timed = (rs) => rs.flatMap((r) => r.epochs.slice(r.request.warmupEpochs).map((e) => e.ms));
      const samples = (as[0] ?? bs[0]).request.samples;
      const aMs = okA.length ? median(timed(okA)) : null;
      const bMs = okB.length ? median(timed(okB)) : null;
      const rate = (ms) => (ms == null ? null : (samples * 1000) / ms);
      const perRepeat = okA.map((a) => {
        const b = okB.find((x) => x.request.repeat === a.request.repeat);
        return b ? b.medianMs / a.medianMs : null;
      }).filter((x) => x != null);
      rows.push({
        backend,
        model,
        samples,
        batchSize: (as[0] ?? bs[0]).request.batchSize,
        repeats: Math.max(okA.length, okB.length),
        timedEpochs: [timed(okA).length, timed(okB).length],
        a: rate(aMs),
        b: rate(bMs),
        ratio: aMs != null && bMs != null ? bMs / aMs : null,
        ratioPerRepeat: perRepeat,
        aEpochMs: aMs,
        bEpochMs: bMs,
        // Cold start of the first repeat (later repeats may reuse Chromium's shader caches).
        firstBatchMs: [okA[0]?.setup.firstBatchMs ?? null, okB[0]?.setup.firstBatchMs ?? null],
        longTasks: [as.length ? as.reduce((n, r) => n + (r.longTasks?.count ?? 0), 0) : null, bs.length ? bs.reduce((n, r) => n + (r.longTasks?.count ?? 0), 0) : null],
        peakTensors: [okA.length ? Math.max(...okA.map((r) => r.peakTensors)) : null, okB.length ? Math.max(...okB.map((r) => r.peakTensors)) : null],
        leaked: [okA.length ? Math.max(...okA.map((r) => r.tensorsAfter)) : null, okB.length ? Math.max(...okB.map((r) => r.tensorsAfter)) : null],
        errors: [...as, ...bs].filter((r) => !r.ok).map((r) => `${r.request.engine === 'tensorscope' ? '(a)' : '(b)'} ${r.stage}: ${r.error}`),
      });
    }
  return rows;
}

function evaluateGoals(rows, app, initialJs, runs) {
  const measured = rows.filter((r) => r.ratio != null);
  const webgl = measured.filter((r) => r.backend === 'webgl');
  const below1 = measured.filter((r) => r.ratio < 1);
  const benchLong = runs.reduce((s, r) => s + (r.longTasks?.count ?? 0), 0);
  const appLong = app?.longTasksWhileTraining?.count ?? null;
  const g = [];
  g.push({ goal: 'ratio a/b ≥ 1.2 on webgl', met: webgl.length ? webgl.every((r) => r.ratio >= 1.2) : null, detail: webgl.map((r) => `${r.model} ${fmt(r.ratio, 2)}`).join(', ') || 'webgl not measured' });
  g.push({ goal: 'ratio a/b ≥ 1.0 on every backend × model', met: measured.length ? below1.length === 0 : null, detail: below1.length ? `below 1: ${below1.map((r) => `${r.backend}/${r.model} ${fmt(r.ratio, 2)}`).join(', ')}` : `${measured.length} pairs measured` });
  g.push({ goal: 'zero main-thread long tasks while training', met: appLong == null ? benchLong === 0 : benchLong === 0 && appLong === 0, detail: `bench page: ${benchLong} over all runs; app: ${appLong ?? 'not measured'} in ${fmt((app?.longTasksWhileTraining?.windowMs ?? 0) / 1000, 1)} s of training` });
  g.push({ goal: 'main bundle < 250 KB gzip', met: initialJs.gzip < 250 * 1024, detail: `${kb(initialJs.gzip)} (index.html entry + modulepreloads)` });
  const second = app?.secondVisit?.firstBatchMs;
  g.push({ goal: 'time to first trained batch < 3 s', met: app?.firstBatchMs == null ? false : app.firstBatchMs < 3000, detail: app?.firstBatchMs == null ? `not reached: ${app?.error}` : `first visit ${fmt(app.firstBatchMs)} ms from navigation (Train enabled at ${fmt(app.trainEnabledMs)} ms, click → first batch ${fmt(app.clickToFirstBatchMs)} ms, backend ${app.activeBackend}); second visit ${second == null ? '—' : `${fmt(second)} ms`}` });
  return g;
}

function tableMarkdown(rows) {
  const head = '| backend | model | subset × batch | (a) Tensorscope samples/s | (b) model.fit samples/s | a/b | a/b per repeat | median epoch a / b (ms) | cold start → first batch a / b (s) | long tasks a / b | peak tensors a / b | notes |';
  const sep = '|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|';
  const body = rows.map((r) =>
    [
      r.backend,
      r.model === 'mlp' ? 'Keras MLP' : 'CNN',
      `${fmt(r.samples)} × ${r.batchSize}`,
      fmt(r.a, 1),
      fmt(r.b, 1),
      r.ratio == null ? '—' : `**${fmt(r.ratio, 2)}**`,
      r.ratioPerRepeat.map((x) => fmt(x, 2)).join(', ') || '—',
      `${fmt(r.aEpochMs)} / ${fmt(r.bEpochMs)}`,
      `${sec(r.firstBatchMs[0])} / ${sec(r.firstBatchMs[1])}`,
      `${r.longTasks[0] ?? '—'} / ${r.longTasks[1] ?? '—'}`,
      `${r.peakTensors[0] ?? '—'} / ${r.peakTensors[1] ?? '—'}`,
      r.errors.join('; ').replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 300),
    ].join(' | '),
  );
  return [head, sep, ...body.map((b) => `| ${b} |`)].join('\n');
}

function printTable(rows) {
  const cols = ['backend', 'model', 'subset', 'a (s/s)', 'b (s/s)', 'a/b', 'per repeat', 'epoch a/b ms', '1st batch a/b s', 'longtasks', 'peak tensors', 'notes'];
  const data = rows.map((r) => [r.backend, r.model, `${r.samples}×${r.batchSize}`, fmt(r.a, 1), fmt(r.b, 1), r.ratio == null ? '—' : fmt(r.ratio, 2), r.ratioPerRepeat.map((x) => fmt(x, 2)).join(',') || '—', `${fmt(r.aEpochMs)}/${fmt(r.bEpochMs)}`, `${sec(r.firstBatchMs[0])}/${sec(r.firstBatchMs[1])}`, `${r.longTasks[0] ?? '—'}/${r.longTasks[1] ?? '—'}`, `${r.peakTensors[0] ?? '—'}/${r.peakTensors[1] ?? '—'}`, r.errors.join('; ').slice(0, 120)]);
  const w = cols.map((c, i) => Math.max(c.length, ...data.map((d) => String(d[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(w[i])).join('  ');
  console.log(line(cols));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  for (const d of data) console.log(line(d));
}

function printProfiles(runs) {
  for (const backend of BACKENDS)
    for (const model of MODELS) {
      const [a, b] = ['tensorscope', 'reference'].map((e) => runs.find((r) => r.ok && r.profile && r.request.backend === backend && r.request.model === model && r.request.engine === e));
      if (!a || !b) continue;
      const names = [...new Set([...a.profile.kernels, ...b.profile.kernels].map((k) => k.name))];
      const per = (r, n) => {
        const k = r.profile.kernels.find((x) => x.name === n);
        return k ? { count: k.count / r.profile.batches, ms: k.ms / r.profile.batches } : { count: 0, ms: 0 };
      };
      const tot = (r) => r.profile.kernels.reduce((s, k) => ({ count: s.count + k.count / r.profile.batches, ms: s.ms + k.ms / r.profile.batches }), { count: 0, ms: 0 });
      console.log(`\nprofile ${backend}/${model}: kernels per batch a ${fmt(tot(a).count, 1)} (${fmt(tot(a).ms, 2)} ms) · b ${fmt(tot(b).count, 1)} (${fmt(tot(b).ms, 2)} ms)`);
      const rows = names.map((n) => ({ n, a: per(a, n), b: per(b, n) })).filter((r) => Math.abs(r.a.count - r.b.count) > 0.01 || Math.abs(r.a.ms - r.b.ms) > 0.05).sort((x, y) => Math.abs(y.a.ms - y.b.ms) - Math.abs(x.a.ms - x.b.ms) || Math.abs(y.a.count - y.b.count) - Math.abs(x.a.count - x.b.count));
      for (const r of rows.slice(0, 25)) console.log(`  ${r.n.padEnd(28)} a ${fmt(r.a.count, 2).padStart(6)} × ${fmt(r.a.ms, 3).padStart(8)} ms   b ${fmt(r.b.count, 2).padStart(6)} × ${fmt(r.b.ms, 3).padStart(8)} ms`);
    }
}

const MARK = (id, end = false) => `<!-- bench:${end ? 'end' : 'section'} ${id} -->`;
const DEFAULT_DOC = `# Benchmarks

Generated by \`npm run bench\` (scripts/bench.mjs). Each machine keeps its own section below; a new run replaces only
the section of the machine (CPU × graphics mode) it ran on.

<!-- bench:sections -->
`;

function sectionMarkdown(report) {
  const { machine, app, initialJs, goals, rows, browser: b } = report;
  const adapters = Object.entries(report.adapters).map(([k, v]) => `  - ${k}: ${v ?? '—'}`).join('\n');
  const loadedRaw = app?.loadedBeforeTrain;
  const loadedFiles = loadedRaw ? uniqueFiles(loadedRaw.files) : [];
  const loaded = loadedRaw && {
    files: loadedFiles,
    pageGzip: loadedFiles.filter((f) => !f.worker).reduce((n, f) => n + f.gzip, 0),
    pageBytes: loadedFiles.filter((f) => !f.worker).reduce((n, f) => n + f.bytes, 0),
  };
  return `${MARK(report.machineId)}
## ${report.machineTitle}

- Run: ${report.generatedAt} — \`${report.command}\`${report.busy.count > 0 ? `\n- Other Chromium processes at start: ${report.busy.count} (${fmt(report.busy.cpuPercent)} % CPU); load average ${report.busy.loadavg.map((l) => l.toFixed(2)).join(' / ')}` : `\n- Machine otherwise idle at start (no other Chromium; load average ${report.busy.loadavg.map((l) => l.toFixed(2)).join(' / ')})`}
- Machine: ${machine.cpu}, ${machine.cores} logical cores, ${machine.ramGB} GB RAM; ${machine.platform}; Node ${machine.node}
- Browser: ${b.version} (headless, ${b.executable}); flags: \`${b.args.join(' ')}\`
- TensorFlow.js ${report.tfjsVersion ?? '—'}; each engine × backend × model: ${report.config.repeat} run${report.config.repeat === 1 ? '' : 's'} (fresh worker each, a b / b a order) of ${report.config.warmupEpochs} warm-up + ${report.config.timedEpochs} timed epochs; samples/s from the median of the pooled timed epochs; batch ${report.config.batchSize}
- Source: git ${report.git ?? '—'}
- Adapters reported by the backends:
${adapters || '  - (none initialised)'}

### Training throughput (samples/s, higher is better)

${tableMarkdown(rows)}

Ratio = (a) / (b) samples per second on the same model (architecture and initial weights), examples, batch size,
optimizer settings and backend ("per repeat": the ratio of each a b / b a pair of runs, a measure of the noise). (a) is
Tensorscope's engine with its kernels (fused Adam; the kernels of src/training/kernels); (b) is plain TF.js:
tf.layers model, tf.train.adam, model.fit, tfjs's own kernels (on wasm plus the one kernel tfjs lacks,
Conv2DBackpropFilter, without which (b) could not train the CNN there). Long tasks: main-thread
tasks over 50 ms on the bench page during each run (training itself runs in a worker). Peak tensors: the largest
\`tf.memory().numTensors\` seen at any batch in the worker (the app's whole 10,000-image dataset is 2 tensors in (a);
(b) holds its subset as 2 float32 tensors).

### App

- Time to first trained batch (fresh page, default ${app?.preset ?? '—'} preset, Train clicked as soon as it is enabled): **${app?.firstBatchMs == null ? `not reached (${app?.error})` : `${fmt(app.firstBatchMs)} ms`}** from navigation start
  (dataset ready ${fmt(app?.datasetReadyMs)} ms, Train enabled ${fmt(app?.trainEnabledMs)} ms, click → first metrics in the UI ${fmt(app?.clickToFirstBatchMs)} ms; backend ${app?.activeBackend ?? '—'}, engine ${app?.engineMode ?? '—'}).
  "First trained batch" is the first metrics read-back reaching the progress label (the engine reads the first batch back at once, then every 16 batches or 250 ms).
- Second visit in the same browser profile (the app remembers its measured backend choice): ${app?.secondVisit?.firstBatchMs == null ? `not reached (${app?.secondVisit?.error ?? '—'})` : `first batch at **${fmt(app.secondVisit.firstBatchMs)} ms** (Train enabled ${fmt(app.secondVisit.trainEnabledMs)} ms, click → first batch ${fmt(app.secondVisit.clickToFirstBatchMs)} ms; backend ${app.secondVisit.activeBackend ?? '—'})`}.
- Main-thread long tasks in the app: ${app?.longTasksBeforeFirstBatch?.count ?? '—'} before the first batch (${fmt(app?.longTasksBeforeFirstBatch?.totalMs)} ms, longest ${fmt(app?.longTasksBeforeFirstBatch?.maxMs)} ms); ${app?.longTasksWhileTraining ? `${app.longTasksWhileTraining.count} in the ${fmt(app.longTasksWhileTraining.windowMs / 1000, 1)} s of training after it (${fmt(app.longTasksWhileTraining.totalMs)} ms, longest ${fmt(app.longTasksWhileTraining.maxMs)} ms)` : 'training not reached'}.
- Initial JavaScript (index.html entry + modulepreload, gzip level 6): **${kb(initialJs.gzip)}** (${kb(initialJs.bytes)} raw): ${initialJs.files.map((f) => `${f.file} ${kb(f.gzip)}`).join(', ')}.
- JavaScript the document fetched before Train was enabled (its own requests, worker scripts and their imports excluded): ${loaded ? `${kb(loaded.pageGzip)} gzip (${kb(loaded.pageBytes)} raw): ${loaded.files.filter((f) => !f.worker).map((f) => `${f.file} ${kb(f.gzip)}`).join(', ')}${loaded.files.some((f) => f.worker) ? `; worker entries (not counted): ${loaded.files.filter((f) => f.worker).map((f) => `${f.file} ${kb(f.gzip)}`).join(', ')}` : ''}` : '—'}.

### Goals

| goal | met | measured |
|---|---|---|
${goals.map((g) => `| ${g.goal} | ${g.met == null ? 'n/a' : g.met ? 'yes' : '**no**'} | ${g.detail.replace(/\|/g, '\\|')} |`).join('\n')}
${MARK(report.machineId, true)}`;
}

function writeDocs(report) {
  const jsonPath = path.join(root, 'bench-results.json');
  let json = { machines: {} };
  if (existsSync(jsonPath)) {
    try {
      json = JSON.parse(readFileSync(jsonPath, 'utf8'));
      json.machines ??= {};
    } catch {
      json = { machines: {} };
    }
  }
  json.latest = report.machineId;
  json.machines[report.machineId] = report;
  writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`);

  const mdPath = path.join(root, 'BENCHMARKS.md');
  let md = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : DEFAULT_DOC;
  const section = sectionMarkdown(report);
  const start = md.indexOf(MARK(report.machineId));
  const end = md.indexOf(MARK(report.machineId, true));
  if (start >= 0 && end > start) md = md.slice(0, start) + section + md.slice(end + MARK(report.machineId, true).length);
  else if (md.includes('<!-- bench:sections -->')) md = md.replace('<!-- bench:sections -->', `<!-- bench:sections -->\n\n${section}`);
  else md = `${md.trimEnd()}\n\n${section}\n`;
  writeFileSync(mdPath, md);
  console.log(`bench: wrote ${path.relative(process.cwd(), jsonPath)} and ${path.relative(process.cwd(), mdPath)} (section "${report.machineTitle}")`);
}

// ---------- main ----------
if (flag('render')) {
  // --render: rewrite this machine's BENCHMARKS.md section from bench-results.json (after editing the template).
  const json = JSON.parse(readFileSync(path.join(root, 'bench-results.json'), 'utf8'));
  const report = json.machines[opt('render-id', json.latest)];
  if (!report) die('bench-results.json has no such machine');
  writeDocs(report);
  process.exit(0);
}
const t0 = Date.now();
const busy = { ...otherChromiums(), loadavg: os.loadavg() };
if (busy.count > 0) console.warn(`bench: warning: ${busy.count} other Chromium processes are running (${busy.cpuPercent.toFixed(0)} % CPU): timings may be disturbed`);
const built = buildIfNeeded();
const { server, base } = await serve();
const executable = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const browser = await chromium.launch({ executablePath: executable, args: chromiumArgs });
const browserVersion = `Chromium ${browser.version()}`;
console.log(`bench: ${browserVersion}, serving dist/ at ${base}; ${gpu ? 'GPU mode (--gpu)' : 'SwiftShader (software) graphics'}`);
let exitCode = 0;
try {
  const initialJs = staticInitialJs();
  console.log(`bench: initial JS ${kb(initialJs.gzip)} gzip in ${initialJs.files.length} files`);

  let app = null;
  if (!profileMode) {
    // First visit in a fresh profile (what the goal is about), then a second visit in the same profile: the app
    // remembers its measured backend choice, so the second one shows the cost of that first-visit measurement.
    const appContext = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    for (const visit of ['first', 'second']) {
      console.log(`bench: app (${visit} visit) — time to first trained batch …`);
      let r;
      try {
        r = await measureApp(appContext, base);
        console.log(`bench: app (${visit} visit) — first batch at ${fmt(r.firstBatchMs)} ms (Train enabled ${fmt(r.trainEnabledMs)} ms, backend ${r.activeBackend}); long tasks while training: ${r.longTasksWhileTraining?.count ?? '—'}; the document fetched ${kb(r.loadedBeforeTrain.pageGzip)} gzip of JS before Train (${r.loadedBeforeTrain.files.map((f) => f.file.replace('assets/', '')).join(' ')})`);
      } catch (err) {
        console.error(`bench: app measurement failed: ${err?.stack ?? err}`);
        r = { error: String(err?.message ?? err) };
      }
      if (visit === 'first') app = r;
      else app.secondVisit = r;
    }
    await appContext.close();
  }

  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.text().startsWith('[bench]')) console.log(`  ${m.text().slice(8)}`);
  });
  page.on('pageerror', (e) => console.error(`  page error: ${e}`));
  await page.goto(new URL('bench.html', base).toString());
  await page.waitForFunction(() => window.tsBench?.ready === true, null, { timeout: 30_000 });
  const runs = [];
  const deadBackends = new Set();
  let pair = 0;
  for (const backend of flag('app-only') ? [] : BACKENDS)
    for (const model of MODELS)
      for (let repeat = 1; repeat <= cfg.repeat; repeat++)
        // Alternating order (a b, b a, …) so slow drift on a shared machine does not always favour the same engine.
        for (const engine of pair++ % 2 === 0 ? ['tensorscope', 'reference'] : ['reference', 'tensorscope']) {
        // A backend that cannot start fails the same way for every run: its remaining runs are skipped.
        if (deadBackends.has(backend)) continue;
        const req = { engine, backend, model, samples: samplesFor(backend, model), batchSize: cfg.batchSize, warmupEpochs: cfg.warmupEpochs, timedEpochs: cfg.timedEpochs, repeat, ...(profileMode ? { profile: true } : {}) };
        console.log(`bench: ${engine} · ${backend} · ${model} · ${req.samples} samples · repeat ${repeat}/${cfg.repeat} …`);
        const r = await runBench(page, req);
        runs.push(r);
        console.log(r.ok ? `bench:   ${fmt(r.samplesPerSec, 1)} samples/s (epochs ${r.epochs.map((e) => Math.round(e.ms)).join(', ')} ms; peak ${r.peakTensors} tensors; ${r.longTasks.count} long tasks)` : `bench:   failed (${r.stage}): ${r.error}`);
        if (!r.ok && r.stage === 'backend') deadBackends.add(backend);
      }
  await context.close();

  const rows = pairRows(runs);
  const adapters = {};
  for (const r of runs) if (r.ok && !(r.backend in adapters)) adapters[r.backend] = r.adapter;
  for (const r of runs) if (!r.ok && r.stage === 'backend' && !(r.request.backend in adapters)) adapters[r.request.backend] = `did not initialise: ${r.error}`;
  const machine = machineInfo();
  const gpuName = adapters.webgl ?? adapters.webgpu ?? 'no GPU backend';
  const software = !gpu || /swiftshader|llvmpipe|software/i.test(gpuName);
  const label = opt('label', null);
  const machineTitle = `${machine.cpu} × ${machine.cores}, ${machine.ramGB} GB — ${software ? 'software graphics (SwiftShader)' : `GPU: ${gpuName}`}${label ? ` — ${label}` : ''}`;
  const machineId = `${machine.cpu}|${machine.cores}|${software ? 'software' : gpuName}${label ? `|${label}` : ''}`.replace(/[^A-Za-z0-9|.@-]+/g, '-').slice(0, 160);
  const goals = evaluateGoals(rows, app, initialJs, runs);
  let git = null;
  try {
    git = execFileSync('git', ['describe', '--always', '--dirty'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    /* not a git checkout */
  }
  const report = {
    generatedAt: new Date().toISOString(),
    git,
    command,
    machineId,
    machineTitle,
    machine,
    busy,
    browser: { version: browserVersion, executable, args: chromiumArgs, gpuMode: gpu },
    tfjsVersion: runs.find((r) => r.ok)?.tfjsVersion ?? null,
    adapters,
    config: { ...cfg, cnnSamplesBy, backends: BACKENDS, models: MODELS, quick, builtNow: built, samples: Object.fromEntries(BACKENDS.map((b) => [b, Object.fromEntries(MODELS.map((m) => [m, samplesFor(b, m)]))])) },
    rows,
    goals,
    app,
    initialJs,
    runs,
    durationS: Math.round((Date.now() - t0) / 1000),
    loadavgAtEnd: os.loadavg(),
  };

  console.log('');
  printTable(rows);
  console.log('');
  for (const g of goals) console.log(`${g.met == null ? 'n/a ' : g.met ? 'MET ' : 'MISS'}  ${g.goal}: ${g.detail}`);
  console.log(`bench: done in ${report.durationS} s`);
  if (profileMode) printProfiles(runs);
  if (opt('json-out', null)) writeFileSync(path.resolve(opt('json-out')), `${JSON.stringify(report, null, 2)}\n`);
  if (!flag('no-write') && !profileMode) writeDocs(report);
  else console.log('bench: --no-write: results not written');
} catch (err) {
  console.error(`bench: the harness failed: ${err?.stack ?? err}`);
  exitCode = 1;
} finally {
  await browser.close().catch(() => {});
  server.close();
}
process.exit(exitCode);
