#!/usr/bin/env node
// Training benchmark: Tensorscope's engine (runTraining in a worker) against a plain model.fit reference, per
// backend × model, plus the app's time to its first trained batch, its initial JavaScript and main-thread long tasks.
// A measurement, not a test: it exits 0 whatever the numbers say (non-zero only when the harness itself breaks).
//
// Usage: npm run bench -- [--quick] [--backends webgpu,webgl,wasm,cpu] [--models mlp,cnn] [--gpu] [--gpu-peak-tflops N]
//                         [--build | --no-build] [--no-write] [--timed-epochs N] [--warmup-epochs N] [--repeat N] [--profile]
//                         [--mlp-samples N] [--mlp-samples-by webgpu=1024] [--cnn-samples N] [--cnn-samples-by webgl=128,cpu=64]
//                         [--run-timeout S] [--label TEXT] [--dist DIR] [--app-train-seconds S] [--app-second-visit-train-seconds S]
//                         [--app-repeat N] [--app-only]
//                         [--no-scale | --only-scale] [--scale-epochs N] [--json-out FILE]
// Every figure is taken --repeat times (default 3): per repeat (a) and (b) run back to back in alternating order, and
// the report gives the median and min–max across repeats, marks a spread over 20 % "noisy", and judges each goal on
// the median and on the worst repeat. The scale row (full run only) loads the 70,000-digit MNIST IDX files through the
// app's file picker and trains the CNN on wasm to 97 % test accuracy.
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
import { trainingFlops } from './benchFlops.mjs';
import { measureScale, scaleMarkdown, scaleSummaryLines } from './benchScale.mjs';
import { allOf, goalOnRepeats, NOISY_SPREAD, repeatSpread } from './benchStats.mjs';

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
// --profile: diagnostic runs under tf.profile (kernels per batch by name and input shapes, with kernel time); printed, never written.
const profileMode = flag('profile');
// --dist DIR builds into and serves another folder than dist/ (e.g. while e2e tests use dist/).
const dist = path.resolve(root, opt('dist', 'dist'));
const gpu = flag('gpu');
// The browser cannot read a device's peak: with --gpu-peak-tflops the CNN's achieved FLOP/s is also given as a fraction of it.
const gpuPeakTflops = opt('gpu-peak-tflops', null) == null ? null : Number(opt('gpu-peak-tflops'));
const onlyScale = flag('only-scale');
const runScale = onlyScale || (!quick && !flag('no-scale') && !flag('app-only') && !flag('profile'));
const BACKENDS = list('backends', ['webgpu', 'webgl', 'wasm', 'cpu']);
const MODELS = list('models', ['mlp', 'cnn']);
const cfg = {
  batchSize: Number(opt('batch-size', 32)),
  warmupEpochs: Number(opt('warmup-epochs', 1)),
  // Three, so each run's median epoch is a real median: with two it is their mean, and one slow epoch (a blip on a
  // shared VM) moved a repeat's ratio by ~20 % (webgl CNN, 4 batches an epoch: 2,451 against 1,811 ms).
  timedEpochs: Number(opt('timed-epochs', quick ? 2 : 3)),
  // Each engine runs this many times per backend × model (fresh worker each), in a b / b a order; each repeat gives
  // one a/b ratio (its a's median epoch against its b's), and the report gives their median and min–max.
  repeat: Number(opt('repeat', quick ? 1 : 3)),
  mlpSamples: Number(opt('mlp-samples', quick ? 1024 : 2048)),
  cnnSamples: Number(opt('cnn-samples', quick ? 256 : 512)),
  runTimeoutS: Number(opt('run-timeout', 420)),
  // Goal: zero long tasks over a 60-second training run with charts live (first visits); second visits train briefly.
  appTrainSeconds: Number(opt('app-train-seconds', quick ? 10 : 60)),
  appSecondVisitTrainSeconds: Number(opt('app-second-visit-train-seconds', 5)),
  scaleEpochs: Number(opt('scale-epochs', 4)),
};
// First/second visit pairs of the app, each first visit in a fresh browser context.
cfg.appRepeat = Number(opt('app-repeat', cfg.repeat));
// Fewer examples where one batch of 32 takes seconds (pure-JS cpu; WebGL and WebGPU when SwiftShader emulates the
// GPU), so the whole default bench (3 repeats, the app's 60-second runs, the scale row) stays near 25 minutes on a
// 2-core machine. --mlp-samples-by / --cnn-samples-by webgl=256,cpu=128 override per backend.
const bySpec = (name) => Object.fromEntries((opt(name, '') || '').split(',').filter(Boolean).map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]));
const cnnSamplesBy = { ...(gpu ? { cpu: 64 } : { webgl: 128, webgpu: 64, cpu: 64 }), ...bySpec('cnn-samples-by') };
const mlpSamplesBy = { ...(gpu ? {} : { webgpu: 1024 }), ...bySpec('mlp-samples-by') };
if (quick) for (const by of [cnnSamplesBy, mlpSamplesBy]) for (const k of Object.keys(by)) by[k] = Math.max(cfg.batchSize, by[k] / 2);
const samplesFor = (backend, model) => (model === 'mlp' ? (mlpSamplesBy[backend] ?? cfg.mlpSamples) : (cnnSamplesBy[backend] ?? cfg.cnnSamples));
const PRESET_OF = { mlp: 'keras-mlp', cnn: 'cnn' };
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
async function measureApp(context, base, trainSeconds, sustained = false) {
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
  if (marks.firstBatch != null && sustained) training = await trainSustained(page, marks.firstBatch, trainSeconds);
  else if (marks.firstBatch != null) {
    // Keep training a while and count main-thread long tasks after the first batch (what someone watching sees).
    await page.waitForTimeout(trainSeconds * 1000);
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

/**
 * The long-task window of a first visit: the default run (5 short epochs, a few seconds here) ends long before
 * `trainSeconds`, so after it finishes the page is set to 1,000 epochs, as a person would, and trains again for
 * `trainSeconds` from that run's first batch, charts live. Long tasks count from the first run's first batch to the
 * end (its end-of-run panels and the new click included); `stillTraining` says the window never ran idle.
 */
async function trainSustained(page, firstBatchAt, trainSeconds) {
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent !== 'running', null, { timeout: 60_000 }).catch(() => {});
  await page.getByTestId('epochs-input').fill('1000');
  await page.getByTestId('epochs-input').blur();
  await page.getByTestId('train-button').click({ timeout: 10_000 });
  await page.waitForFunction(() => {
    const m = /Epoch 1\/1,?000 .*batch ([\d,]+)\//.exec(document.querySelector('[data-testid=run-progress] .ts-progress-label')?.textContent ?? '');
    return m != null && Number(m[1].replace(/,/g, '')) > 0;
  }, null, { timeout: 60_000, polling: 50 });
  const since = await page.evaluate(() => performance.now());
  await page.waitForTimeout(trainSeconds * 1000);
  const r = await page.evaluate(([first, longFrom]) => {
    const now = performance.now();
    const t = window.__longTasks.filter((e) => e.start >= first);
    return {
      windowMs: now - longFrom,
      count: t.length,
      countBeforeLongRun: t.filter((e) => e.start < longFrom).length,
      totalMs: t.reduce((s, e) => s + e.duration, 0),
      maxMs: t.reduce((m, e) => Math.max(m, e.duration), 0),
      stillTraining: document.querySelector('[data-testid=run-status]')?.textContent === 'running',
      progress: document.querySelector('[data-testid=run-progress] .ts-progress-label')?.textContent ?? null,
    };
  }, [firstBatchAt, since]);
  await page.getByTestId('stop-button').click({ timeout: 5000 }).catch(() => {});
  return r;
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


/**
 * One row per backend × model. Each repeat pairs one (a) and one (b) run (back to back, alternating order) and gives
 * one ratio: b's median epoch / a's median epoch. samples/s of a and b and the ratio are the median over repeats,
 * with the ratio's min–max and a "noisy" mark when its spread exceeds 20 % of the median.
 */
function pairRows(runs, flops) {
  const rows = [];
  for (const backend of BACKENDS)
    for (const model of MODELS) {
      const of = (engine) => runs.filter((r) => r.request.backend === backend && r.request.model === model && r.request.engine === engine);
      const [as, bs] = [of('tensorscope'), of('reference')];
      if (!as.length && !bs.length) continue;
      const okA = as.filter((r) => r.ok);
      const okB = bs.filter((r) => r.ok);
      const samples = (as[0] ?? bs[0]).request.samples;
      const rate = (ms) => (ms == null || !Number.isFinite(ms) ? null : (samples * 1000) / ms);
      const repeats = [...new Set([...as, ...bs].map((r) => r.request.repeat ?? 1))].sort((x, y) => x - y);
      const perRepeat = repeats.map((repeat) => {
        const a = okA.find((r) => (r.request.repeat ?? 1) === repeat);
        const b = okB.find((r) => (r.request.repeat ?? 1) === repeat);
        return { repeat, a: rate(a?.medianMs), b: rate(b?.medianMs), ratio: a && b ? b.medianMs / a.medianMs : null };
      });
      const aRate = repeatSpread(perRepeat.map((p) => p.a).filter((x) => x != null));
      const bRate = repeatSpread(perRepeat.map((p) => p.b).filter((x) => x != null));
      const ratio = repeatSpread(perRepeat.map((p) => p.ratio).filter((x) => x != null));
      // Achieved training FLOP/s: the cost model's training FLOPs per example × samples/s (an estimate: see benchFlops.mjs).
      const perSample = flops?.[PRESET_OF[model]]?.training ?? null;
      const gflops = (sps) => (perSample == null || !Number.isFinite(sps) ? null : (perSample * sps) / 1e9);
      const maxOf = (rs, f) => (rs.length ? Math.max(...rs.map(f)) : null);
      rows.push({
        backend,
        model,
        samples,
        batchSize: (as[0] ?? bs[0]).request.batchSize,
        repeats: ratio.n,
        a: Number.isFinite(aRate.median) ? aRate.median : null,
        b: Number.isFinite(bRate.median) ? bRate.median : null,
        aRange: [aRate.min, aRate.max],
        bRange: [bRate.min, bRate.max],
        ratio: Number.isFinite(ratio.median) ? ratio.median : null,
        ratioMin: ratio.n ? ratio.min : null,
        ratioMax: ratio.n ? ratio.max : null,
        ratioSpread: Number.isFinite(ratio.relSpread) ? ratio.relSpread : null,
        noisy: ratio.noisy,
        ratioPerRepeat: perRepeat.map((p) => p.ratio).filter((x) => x != null),
        perRepeat,
        trainingFlopsPerSample: perSample,
        gflops: [gflops(aRate.median), gflops(bRate.median)],
        // Cold start of the first repeat (later repeats may reuse Chromium's shader caches).
        firstBatchMs: [okA[0]?.setup.firstBatchMs ?? null, okB[0]?.setup.firstBatchMs ?? null],
        // Most long tasks on the bench page in any one run (training itself runs in a worker).
        longTasks: [maxOf(as, (r) => r.longTasks?.count ?? 0), maxOf(bs, (r) => r.longTasks?.count ?? 0)],
        peakTensors: [maxOf(okA, (r) => r.peakTensors), maxOf(okB, (r) => r.peakTensors)],
        leaked: [maxOf(okA, (r) => r.tensorsAfter), maxOf(okB, (r) => r.tensorsAfter)],
        errors: [...as, ...bs].filter((r) => !r.ok).map((r) => `(${r.request.engine === 'tensorscope' ? 'a' : 'b'}) repeat ${r.request.repeat ?? 1} ${r.stage}: ${r.error}`),
      });
    }
  return rows;
}

/** The app's first/second visit pairs → median and min–max of each timing, and the most long tasks in any visit. */
function summarizeApp(visits) {
  const pick = (which, f) => visits.map((v) => v[which]).filter((x) => x && !x.error).map(f).filter((x) => Number.isFinite(x));
  const timing = (which, key) => repeatSpread(pick(which, (x) => x[key]));
  const maxOf = (xs) => (xs.length ? Math.max(...xs) : null);
  return {
    repeats: visits.length,
    reached: { first: pick('first', (x) => x.firstBatchMs).length, second: pick('second', (x) => x.firstBatchMs).length },
    first: { firstBatchMs: timing('first', 'firstBatchMs'), trainEnabledMs: timing('first', 'trainEnabledMs'), clickToFirstBatchMs: timing('first', 'clickToFirstBatchMs'), datasetReadyMs: timing('first', 'datasetReadyMs') },
    second: { firstBatchMs: timing('second', 'firstBatchMs'), trainEnabledMs: timing('second', 'trainEnabledMs'), clickToFirstBatchMs: timing('second', 'clickToFirstBatchMs') },
    longTasksWhileTraining: {
      maxCount: maxOf(pick('first', (x) => x.longTasksWhileTraining?.count)),
      maxMs: maxOf(pick('first', (x) => x.longTasksWhileTraining?.maxMs)),
      windowsS: pick('first', (x) => x.longTasksWhileTraining?.windowMs / 1000),
      perVisit: pick('first', (x) => x.longTasksWhileTraining?.count),
      // Whether each first visit's window was training from start to end (no idle tail after the run ended).
      stillTraining: visits.map((v) => v.first?.longTasksWhileTraining?.stillTraining).filter((x) => typeof x === 'boolean'),
      progressAtEnd: visits.map((v) => v.first?.longTasksWhileTraining?.progress).filter(Boolean),
      secondVisitsMaxCount: maxOf(pick('second', (x) => x.longTasksWhileTraining?.count)),
    },
    longTasksBeforeFirstBatch: { maxCount: maxOf([...pick('first', (x) => x.longTasksBeforeFirstBatch?.count), ...pick('second', (x) => x.longTasksBeforeFirstBatch?.count)]) },
    errors: visits.flatMap((v, i) => ['first', 'second'].filter((w) => v[w]?.error).map((w) => `pair ${i + 1} ${w} visit: ${v[w].error}`)),
  };
}

const trainedThroughout = (sm) => sm.longTasksWhileTraining.stillTraining.length > 0 && sm.longTasksWhileTraining.stillTraining.every(Boolean);

const yesNo = (m) => (m == null ? 'n/a' : m ? 'yes' : '**no**');

/**
 * The goals of issue 18, each on the median and on the worst repeat. A goal over several rows (every backend ×
 * model) holds on the median when every row's median does, and on the worst repeat when every row's worst does.
 */
function evaluateGoals(rows, appSummary, initialJs) {
  const g = [];
  const ratioGoal = (goal, picked, atLeast) => {
    const parts = picked.map((r) => ({ r, res: goalOnRepeats(r.ratioPerRepeat, { atLeast }) }));
    const all = allOf(parts.map((p) => p.res));
    const short = parts.filter((p) => p.res.metOnWorst === false).map((p) => `${p.r.backend}/${p.r.model} worst ${fmt(p.res.worst, 2)}`);
    g.push({
      goal,
      met: all.metOnMedian,
      metOnWorst: all.metOnWorst,
      detail: parts.length ? parts.map((p) => `${p.r.backend}/${p.r.model} ${fmt(p.res.median, 2)} (${fmt(p.res.worst, 2)})`).join(', ') : 'not measured',
      worstFallsShort: short.join(', ') || null,
    });
  };
  const measured = rows.filter((r) => r.ratioPerRepeat.length);
  ratioGoal('webgpu ≥ 1.5× plain model.fit on both models', measured.filter((r) => r.backend === 'webgpu'), 1.5);
  ratioGoal('webgl ≥ 2× plain model.fit', measured.filter((r) => r.backend === 'webgl'), 2);
  ratioGoal('every backend × model ≥ 1.5×', measured, 1.5);
  const a = appSummary;
  const visitsOf = (which, key) => (a ? a.visits.map((v) => v[which]?.[key]).filter((x) => Number.isFinite(x)) : []);
  const msGoal = (goal, series, below) => {
    const parts = series.map(([name, xs]) => ({ name, res: goalOnRepeats(xs, { below }) }));
    const all = allOf(parts.map((p) => p.res));
    g.push({
      goal,
      met: a ? all.metOnMedian ?? false : null,
      metOnWorst: a ? all.metOnWorst ?? false : null,
      detail: a ? parts.map((p) => `${p.name} ${p.res.n ? `${fmt(p.res.median)} ms (worst ${fmt(p.res.worst)})` : 'not reached'}`).join('; ') : 'app not measured',
      worstFallsShort: parts.filter((p) => p.res.metOnWorst === false).map((p) => `${p.name} worst ${fmt(p.res.worst)} ms`).join(', ') || null,
    });
  };
  msGoal('first trained batch < 1.5 s from navigation', [['first visit', visitsOf('first', 'firstBatchMs')], ['second visit', visitsOf('second', 'firstBatchMs')]], 1500);
  msGoal('Train usable (enabled) < 1 s', [['first visit', visitsOf('first', 'trainEnabledMs')], ['second visit', visitsOf('second', 'trainEnabledMs')]], 1000);
  const lt = a ? a.visits.map((v) => v.first?.longTasksWhileTraining?.count).filter((x) => Number.isFinite(x)) : [];
  const ltRes = goalOnRepeats(lt, { below: 1 });
  g.push({
    goal: `zero main-thread long tasks in the app over ${fmt(cfg.appTrainSeconds)} s of training, charts live`,
    // A window that ran idle after its run ended is not the goal's measurement: not met, whatever the count.
    met: a ? (ltRes.metOnMedian ?? false) && trainedThroughout(a.summary) : null,
    metOnWorst: a ? (ltRes.metOnWorst ?? false) && trainedThroughout(a.summary) : null,
    detail: a ? (lt.length ? `${lt.join(', ')} per first visit (${a.summary.longTasksWhileTraining.windowsS.map((w) => fmt(w, 1)).join(', ')} s of a 1,000-epoch run${trainedThroughout(a.summary) ? ', training throughout' : ', **not training throughout**'}); longest ${fmt(a.summary.longTasksWhileTraining.maxMs)} ms` : 'training not reached') : 'app not measured',
    worstFallsShort: ltRes.metOnWorst === false ? `worst visit: ${fmt(ltRes.worst)} long task${ltRes.worst === 1 ? '' : 's'}` : null,
  });
  const bundleOk = initialJs.gzip < 250 * 1024;
  g.push({ goal: 'main bundle < 250 KB gzip', met: bundleOk, metOnWorst: bundleOk, detail: `${kb(initialJs.gzip)} (index.html entry + modulepreloads; the same every repeat)`, worstFallsShort: null });
  return g;
}

/** One sentence for the summary: which goals hold on both, which only on the median, which on neither. */
function goalsVerdict(goals) {
  const judged = goals.filter((x) => x.met != null);
  const both = judged.filter((x) => x.met && x.metOnWorst);
  const medianOnly = judged.filter((x) => x.met && !x.metOnWorst);
  const missed = judged.filter((x) => !x.met);
  const lines = [`${both.length} of ${judged.length} goals hold on the median and on the worst repeat${both.length ? `: ${both.map((x) => x.goal).join('; ')}` : ''}.`];
  if (medianOnly.length) lines.push(`Met on the median only, the worst repeat falls short: ${medianOnly.map((x) => `${x.goal} (${x.worstFallsShort ?? 'worst repeat'})`).join('; ')}.`);
  if (missed.length) lines.push(`Missed on the median: ${missed.map((x) => x.goal).join('; ')}.`);
  return lines;
}

const modelName = (m) => (m === 'mlp' ? 'Keras MLP' : 'CNN');
const range = (lo, hi, d) => (lo == null || !Number.isFinite(lo) ? '—' : `${fmt(lo, d)}–${fmt(hi, d)}`);
const ratioCell = (r) => (r.ratio == null ? '—' : `${fmt(r.ratio, 2)}${r.noisy ? ' noisy' : ''}`);
const gflopsCell = (r) => `${fmt(r.gflops[0], 2)} / ${fmt(r.gflops[1], 2)}`;

function tableMarkdown(rows) {
  const head = '| backend | model | subset × batch | repeats | (a) Tensorscope samples/s | (b) model.fit samples/s | a/b median | a/b min–max | per repeat | GFLOP/s a / b | cold start → first batch a / b (s) | long tasks a / b | peak tensors a / b | notes |';
  const sep = '|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|';
  const body = rows.map((r) =>
    [
      r.backend,
      modelName(r.model),
      `${fmt(r.samples)} × ${r.batchSize}`,
      r.repeats,
      fmt(r.a, 1),
      fmt(r.b, 1),
      r.ratio == null ? '—' : `**${fmt(r.ratio, 2)}**${r.noisy ? ' (noisy)' : ''}`,
      range(r.ratioMin, r.ratioMax, 2),
      r.ratioPerRepeat.map((x) => fmt(x, 2)).join(', ') || '—',
      gflopsCell(r),
      `${sec(r.firstBatchMs[0])} / ${sec(r.firstBatchMs[1])}`,
      `${r.longTasks[0] ?? '—'} / ${r.longTasks[1] ?? '—'}`,
      `${r.peakTensors[0] ?? '—'} / ${r.peakTensors[1] ?? '—'}`,
      r.errors.join('; ').replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 300),
    ].join(' | '),
  );
  return [head, sep, ...body.map((b) => `| ${b} |`)].join('\n');
}

function printTable(rows) {
  const cols = ['backend', 'model', 'subset', 'a (s/s)', 'b (s/s)', 'a/b med', 'a/b min–max', 'per repeat', 'GFLOP/s a/b', '1st batch a/b s', 'longtasks', 'peak tensors', 'notes'];
  const data = rows.map((r) => [r.backend, r.model, `${r.samples}×${r.batchSize}`, fmt(r.a, 1), fmt(r.b, 1), ratioCell(r), range(r.ratioMin, r.ratioMax, 2), r.ratioPerRepeat.map((x) => fmt(x, 2)).join(',') || '—', gflopsCell(r).replace(/ /g, ''), `${sec(r.firstBatchMs[0])}/${sec(r.firstBatchMs[1])}`, `${r.longTasks[0] ?? '—'}/${r.longTasks[1] ?? '—'}`, `${r.peakTensors[0] ?? '—'}/${r.peakTensors[1] ?? '—'}`, r.errors.join('; ').slice(0, 120)]);
  const w = cols.map((c, i) => Math.max(c.length, ...data.map((d) => String(d[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(w[i])).join('  ');
  console.log(line(cols));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  for (const d of data) console.log(line(d));
}

/** With --gpu-peak-tflops: the CNN's achieved training FLOP/s as a fraction of the device's peak, per backend. */
function peakFractions(rows) {
  if (gpuPeakTflops == null || !Number.isFinite(gpuPeakTflops) || gpuPeakTflops <= 0) return [];
  return rows.filter((r) => r.model === 'cnn' && r.gflops[0] != null).map((r) => ({ backend: r.backend, gflops: r.gflops, fraction: r.gflops.map((x) => (x == null ? null : x / (gpuPeakTflops * 1000))) }));
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
      const rows = names.map((n) => ({ n, a: per(a, n), b: per(b, n) })).filter((r) => Math.abs(r.a.count - r.b.count) > 0.01 || Math.abs(r.a.ms - r.b.ms) > 0.05).sort((x, y) => y.a.ms - x.a.ms || Math.abs(y.a.count - y.b.count) - Math.abs(x.a.count - x.b.count));
      for (const r of rows.slice(0, 60)) console.log(`  ${r.n.padEnd(60)} a ${fmt(r.a.count, 2).padStart(6)} × ${fmt(r.a.ms, 3).padStart(8)} ms   b ${fmt(r.b.count, 2).padStart(6)} × ${fmt(r.b.ms, 3).padStart(8)} ms`);
    }
}

const MARK = (id, end = false) => `<!-- bench:${end ? 'end' : 'section'} ${id} -->`;
const DEFAULT_DOC = `# Benchmarks

Generated by \`npm run bench\` (scripts/bench.mjs). Each machine keeps its own section below; a new run replaces only
the section of the machine (CPU × graphics mode) it ran on.

<!-- bench:sections -->
`;

const gpuPeakTflopsOf = (report) => report.config?.gpuPeakTflops ?? null;

/** The App part of a section: median (min–max) over the first/second visit pairs. */
function appMarkdown(app) {
  if (!app) return '- Not measured (--profile and --only-scale skip it, or it failed).';
  if (!app.summary) return '- An older report without repeats: see bench-results.json.';
  const sm = app.summary;
  const t = (x) => (x?.n ? `${fmt(x.median)} ms (${fmt(x.min)}–${fmt(x.max)})` : '—');
  const lt = sm.longTasksWhileTraining;
  return `- ${sm.repeats} pair${sm.repeats === 1 ? '' : 's'} of visits to the built index.html (default ${app.preset ?? '—'} preset, Train clicked by an init script the moment it is enabled; backend ${app.activeBackend ?? '—'}, engine ${app.engineMode ?? '—'}); each pair: a first visit in a fresh browser context, then a second visit in the same context (the app remembers its measured backend choice). Median (min–max) from navigation start:
- First visit: first trained batch **${t(sm.first.firstBatchMs)}**; Train enabled ${t(sm.first.trainEnabledMs)}; dataset ready ${t(sm.first.datasetReadyMs)}; click → first metrics in the UI ${t(sm.first.clickToFirstBatchMs)}.
- Second visit: first trained batch **${t(sm.second.firstBatchMs)}**; Train enabled ${t(sm.second.trainEnabledMs)}; click → first batch ${t(sm.second.clickToFirstBatchMs)}.
  "First trained batch" is the first metrics read-back reaching the progress label (the engine reads the first batch back at once, then every 16 batches or 250 ms).
- Main-thread long tasks while training with the charts live (first visits: from the default run's first batch through its end, then Epochs set to 1,000 and Train clicked again, ${fmt(app.trainSeconds ?? cfg.appTrainSeconds)} s from that run's first batch): ${lt.perVisit.length ? `${lt.perVisit.join(', ')} (max ${lt.maxCount}; longest ${fmt(lt.maxMs)} ms); still training at the end of every window: ${trainedThroughout(sm) ? 'yes' : '**no**'}${lt.progressAtEnd?.length ? ` (progress then: ${lt.progressAtEnd.map((p) => `"${p}"`).join(', ')})` : ''}` : 'training not reached'}; second visits (${fmt(app.secondVisitTrainSeconds ?? cfg.appSecondVisitTrainSeconds)} s each): max ${lt.secondVisitsMaxCount ?? '—'}; before the first batch: max ${sm.longTasksBeforeFirstBatch.maxCount ?? '—'} in any visit.${sm.errors.length ? `\n- Failed visits: ${sm.errors.join('; ')}` : ''}`;
}

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
- TensorFlow.js ${report.tfjsVersion ?? '—'}; each backend × model: ${report.config.repeat} repeat${report.config.repeat === 1 ? '' : 's'}, each one (a) and one (b) run back to back (fresh worker each, order a b / b a / a b …) of ${report.config.warmupEpochs} warm-up + ${report.config.timedEpochs} timed epochs; per repeat: samples/s from each run's median timed epoch and one ratio; the table gives medians over repeats; batch ${report.config.batchSize}
- Source: git ${report.git ?? '—'}
- Adapters reported by the backends:
${adapters || '  - (none initialised)'}

### Training throughput (samples/s, higher is better)

${rows.length ? tableMarkdown(rows) : '(engine runs skipped: --app-only or --only-scale)'}

Ratio = (a) / (b) samples per second on the same model (architecture and initial weights), examples, batch size,
optimizer settings and backend, one per repeat (its (a) run's median epoch against its (b) run's); the table gives
their median and min–max, and "noisy" when (max − min) / median exceeds ${fmt(NOISY_SPREAD * 100)} %. GFLOP/s: training FLOPs per example
from src/models/cost.ts (3 × the forward estimate: ${report.flops ? Object.entries(report.flops).map(([k, v]) => `${k} ${fmt(v.training / 1e6, 2)} MFLOP`).join(', ') : 'not available'}) × samples/s.${report.peakFractions?.length ? ` Against the ${fmt(gpuPeakTflopsOf(report), 1)} TFLOP/s peak given with --gpu-peak-tflops, the CNN reaches ${report.peakFractions.map((p) => `${p.backend} ${fmt(p.fraction[0] * 100, 2)} % (a) / ${fmt(p.fraction[1] * 100, 2)} % (b)`).join(', ')}.` : ''} (a) is
Tensorscope's engine with its kernels (fused Adam; the kernels of src/training/kernels); (b) is plain TF.js:
tf.layers model, tf.train.adam, model.fit, tfjs's own kernels (on wasm plus the one kernel tfjs lacks,
Conv2DBackpropFilter, without which (b) could not train the CNN there). Long tasks: main-thread
tasks over 50 ms on the bench page during each run (training itself runs in a worker). Peak tensors: the largest
\`tf.memory().numTensors\` seen at any batch in the worker (the app's whole 10,000-image dataset is 2 tensors in (a);
(b) holds its subset as 2 float32 tensors).

### App

${appMarkdown(app)}
- Initial JavaScript (index.html entry + modulepreload, gzip level 6): **${kb(initialJs.gzip)}** (${kb(initialJs.bytes)} raw): ${initialJs.files.map((f) => `${f.file} ${kb(f.gzip)}`).join(', ')}.
- JavaScript the document fetched before Train was enabled (its own requests, worker scripts and their imports excluded): ${loaded ? `${kb(loaded.pageGzip)} gzip (${kb(loaded.pageBytes)} raw): ${loaded.files.filter((f) => !f.worker).map((f) => `${f.file} ${kb(f.gzip)}`).join(', ')}${loaded.files.some((f) => f.worker) ? `; worker entries (not counted): ${loaded.files.filter((f) => f.worker).map((f) => `${f.file} ${kb(f.gzip)}`).join(', ')}` : ''}` : '—'}.

${report.scale ? `${scaleMarkdown(report.scale)}\n` : ''}
### Goals

${goalsVerdict(goals).join(' ')}

| goal | met on the median | met on the worst repeat | median (worst) |
|---|---|---|---|
${goals.map((g) => `| ${g.goal} | ${yesNo(g.met)} | ${yesNo(g.metOnWorst)}${g.worstFallsShort ? ` (${g.worstFallsShort.replace(/\|/g, '\\|')})` : ''} | ${g.detail.replace(/\|/g, '\\|')} |`).join('\n')}
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
  // --render: rewrite this machine's BENCHMARKS.md section from bench-results.json (after editing the template);
  // --render --json-in FILE --no-write prints the section of a --json-out report instead (checking the template).
  const json = JSON.parse(readFileSync(opt('json-in', null) ? path.resolve(opt('json-in')) : path.join(root, 'bench-results.json'), 'utf8'));
  const report = json.machines ? json.machines[opt('render-id', json.latest)] : json;
  if (!report) die('bench-results.json has no such machine');
  if (flag('no-write')) console.log(sectionMarkdown(report));
  else writeDocs(report);
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
  if (!profileMode && !onlyScale && cfg.appRepeat > 0) {
    // Pairs of visits: a first visit in a fresh context (what the goals are about; it trains appTrainSeconds with the
    // charts live, for the long-task count), then a second visit in the same context: the app remembers its measured
    // backend choice, so it shows the cost of that first-visit measurement.
    const visits = [];
    for (let i = 1; i <= cfg.appRepeat; i++) {
      const appContext = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      const pair = {};
      for (const visit of ['first', 'second']) {
        const seconds = visit === 'first' ? cfg.appTrainSeconds : cfg.appSecondVisitTrainSeconds;
        console.log(`bench: app pair ${i}/${cfg.appRepeat}, ${visit} visit — time to first trained batch, then ${seconds} s of training …`);
        let r;
        try {
          r = await measureApp(appContext, base, seconds, visit === 'first');
          console.log(`bench:   first batch at ${fmt(r.firstBatchMs)} ms (Train enabled ${fmt(r.trainEnabledMs)} ms, backend ${r.activeBackend}); long tasks while training: ${r.longTasksWhileTraining?.count ?? '—'} in ${fmt((r.longTasksWhileTraining?.windowMs ?? 0) / 1000, 1)} s${r.longTasksWhileTraining?.stillTraining === false ? ' (the run had ended before the window did)' : ''}; the document fetched ${kb(r.loadedBeforeTrain.pageGzip)} gzip of JS before Train`);
        } catch (err) {
          console.error(`bench: app measurement failed: ${err?.stack ?? err}`);
          r = { error: String(err?.message ?? err) };
        }
        pair[visit] = r;
      }
      visits.push(pair);
      await appContext.close();
    }
    // The first pair's fields at the top level (as before, for bench-charts.mjs), the pairs and their summary below.
    app = { ...visits[0].first, secondVisit: visits[0].second, visits, trainSeconds: cfg.appTrainSeconds, secondVisitTrainSeconds: cfg.appSecondVisitTrainSeconds };
    app.summary = summarizeApp(visits);
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
  for (const backend of flag('app-only') || onlyScale ? [] : BACKENDS)
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

  let scale = null;
  if (runScale) {
    try {
      scale = await measureScale(browser, base, { epochs: cfg.scaleEpochs, backend: 'wasm', log: (t) => console.log(`bench: ${t}`) });
    } catch (err) {
      console.error(`bench: scale row failed: ${err?.stack ?? err}`);
      scale = { error: String(err?.message ?? err) };
    }
  }

  const flops = await trainingFlops(Object.values(PRESET_OF));
  const rows = pairRows(runs, flops);
  const adapters = {};
  for (const r of runs) if (r.ok && !(r.backend in adapters)) adapters[r.backend] = r.adapter;
  for (const r of runs) if (!r.ok && r.stage === 'backend' && !(r.request.backend in adapters)) adapters[r.request.backend] = `did not initialise: ${r.error}`;
  const machine = machineInfo();
  const gpuName = adapters.webgl ?? adapters.webgpu ?? 'no GPU backend';
  const software = !gpu || /swiftshader|llvmpipe|software/i.test(gpuName);
  const label = opt('label', null);
  const machineTitle = `${machine.cpu} × ${machine.cores}, ${machine.ramGB} GB — ${software ? 'software graphics (SwiftShader)' : `GPU: ${gpuName}`}${label ? ` — ${label}` : ''}`;
  const machineId = `${machine.cpu}|${machine.cores}|${software ? 'software' : gpuName}${label ? `|${label}` : ''}`.replace(/[^A-Za-z0-9|.@-]+/g, '-').slice(0, 160);
  const goals = evaluateGoals(rows, app, initialJs);
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
    config: { ...cfg, gpuPeakTflops, cnnSamplesBy, mlpSamplesBy, backends: BACKENDS, models: MODELS, quick, builtNow: built, samples: Object.fromEntries(BACKENDS.map((b) => [b, Object.fromEntries(MODELS.map((m) => [m, samplesFor(b, m)]))])) },
    flops,
    rows,
    peakFractions: peakFractions(rows),
    goals,
    app,
    scale,
    initialJs,
    runs,
    durationS: Math.round((Date.now() - t0) / 1000),
    loadavgAtEnd: os.loadavg(),
  };

  console.log('');
  if (rows.length) printTable(rows);
  console.log('');
  if (app?.summary) {
    const sm = app.summary;
    const t = (x) => (x.n ? `${fmt(x.median)} ms (${fmt(x.min)}–${fmt(x.max)})` : '—');
    console.log(`app (${sm.repeats} pairs, median (min–max)): first visit: first batch ${t(sm.first.firstBatchMs)}, Train enabled ${t(sm.first.trainEnabledMs)}; second visit: first batch ${t(sm.second.firstBatchMs)}, Train enabled ${t(sm.second.trainEnabledMs)}; long tasks while training (first visits): ${sm.longTasksWhileTraining.perVisit.join(', ') || '—'}`);
  }
  for (const p of report.peakFractions) console.log(`GPU peak ${fmt(gpuPeakTflops, 1)} TFLOP/s: CNN on ${p.backend} reaches ${fmt(p.gflops[0], 1)} GFLOP/s (a) = ${fmt(p.fraction[0] * 100, 2)} %, ${fmt(p.gflops[1], 1)} GFLOP/s (b) = ${fmt(p.fraction[1] * 100, 2)} %`);
  if (scale) for (const l of scaleSummaryLines(scale)) console.log(l);
  console.log('');
  for (const g of goals) console.log(`${g.met == null ? 'n/a ' : g.met ? (g.metOnWorst ? 'MET ' : 'MED ') : 'MISS'}  ${g.goal}: ${g.detail}${g.met && g.worstFallsShort ? ` — worst repeat short: ${g.worstFallsShort}` : ''}`);
  console.log('(MET: on the median and the worst repeat; MED: on the median only; MISS: not on the median)');
  for (const l of goalsVerdict(goals)) console.log(l);
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
