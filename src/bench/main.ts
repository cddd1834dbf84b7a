/**
 * The benchmark page (bench.html). It only starts workers and records main-thread long tasks; scripts/bench.mjs
 * drives it through window.tsBench. Type-only imports keep this entry free of app code, so adding it as a second
 * build input leaves the app's own chunks as they were.
 */
import type { BenchOutcome, BenchRequest, BenchResult, FromBenchWorker, KernelCheckRequest, KernelCheckResult, LongTaskStats } from './types';

const longTasks: { start: number; duration: number }[] = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch {
  /* no longtask entries in this browser: the counts stay 0 */
}

const log = document.getElementById('log');
function say(text: string): void {
  console.log(`[bench] ${text}`);
  if (log) log.textContent = `${text}\n${log.textContent ?? ''}`.slice(0, 20_000);
}

function statsSince(t0: number, t1: number): LongTaskStats {
  const inRun = longTasks.filter((t) => t.start >= t0 && t.start <= t1);
  return { count: inRun.length, totalMs: inRun.reduce((s, t) => s + t.duration, 0), maxMs: inRun.reduce((m, t) => Math.max(m, t.duration), 0) };
}

/** Runs one request in a fresh module worker; the worker is terminated afterwards (or after timeoutMs). */
function run(req: Omit<BenchRequest, 'baseUrl'>, timeoutMs = 300_000): Promise<BenchOutcome> {
  const request: BenchRequest = { ...req, baseUrl: document.baseURI };
  const t0 = performance.now();
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: 'tensorscope-bench' });
    let settled = false;
    const finish = (result: BenchResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.terminate();
      // Long-task entries are delivered asynchronously: give the observer a moment before counting.
      setTimeout(() => {
        const t1 = performance.now();
        resolve({ ...result, longTasks: statsSince(t0, t1), wallMs: t1 - t0 });
      }, 100);
    };
    const timer = setTimeout(() => finish({ ok: false, request: req, stage: 'timeout', error: `no result after ${Math.round(timeoutMs / 1000)} s` }), timeoutMs);
    worker.onerror = (e) => {
      e.preventDefault();
      finish({ ok: false, request: req, stage: 'worker', error: e.message || 'the bench worker failed to load' });
    };
    worker.onmessage = (e: MessageEvent<FromBenchWorker>) => {
      const msg = e.data;
      if (msg.type === 'ready') worker.postMessage(request);
      else if (msg.type === 'progress') say(msg.text);
      else if (msg.type === 'result') finish(msg.result);
    };
  });
}

/** Checks the fused Adam kernel of one backend against tfjs's Adam, in a fresh worker (e2e/kernels.spec.ts). */
function check(backend: KernelCheckRequest['backend'], timeoutMs = 120_000): Promise<KernelCheckResult> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: 'tensorscope-check' });
    const done = (result: KernelCheckResult) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, error: `no answer after ${timeoutMs / 1000} s` }), timeoutMs);
    worker.onerror = (e) => {
      e.preventDefault();
      done({ ok: false, error: e.message || 'the worker failed to load' });
    };
    worker.onmessage = (e: MessageEvent<FromBenchWorker>) => {
      if (e.data.type === 'ready') worker.postMessage({ kind: 'check', backend } satisfies KernelCheckRequest);
      else if (e.data.type === 'check') done(e.data.result);
    };
  });
}

(window as unknown as { tsBench: unknown }).tsBench = { run, check, ready: true };
say('bench page ready: call window.tsBench.run({engine, backend, model, samples, batchSize, warmupEpochs, timedEpochs})');
