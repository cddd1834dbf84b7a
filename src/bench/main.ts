/**
 * The benchmark page (bench.html). It only starts workers and records main-thread long tasks; scripts/bench.mjs
 * drives it through window.tsBench. Type-only imports keep this entry free of app code, so adding it as a second
 * build input leaves the app's own chunks as they were.
 */
import type { BenchOutcome, BenchRequest, BenchResult, FromBenchWorker, KernelCheckRequest, KernelCheckResult, LongTaskStats } from './types';
import { observeLongTasks } from './longTasks';

const longTasks = observeLongTasks();

const log = document.getElementById('log');
function say(text: string): void {
  console.log(`[bench] ${text}`);
  if (log) log.textContent = `${text}\n${log.textContent ?? ''}`.slice(0, 20_000);
}

function statsSince(t0: number, t1: number): LongTaskStats {
  const inRun = longTasks.filter((t) => t.start >= t0 && t.start <= t1);
  return { count: inRun.length, totalMs: inRun.reduce((s, t) => s + t.duration, 0), maxMs: inRun.reduce((m, t) => Math.max(m, t.duration), 0) };
}

/**
 * Posts `request` to a fresh module worker once it says it is ready, and resolves with the answer `pick` finds in its
 * messages, or with `fail`'s on a timeout or a worker that does not load. The worker is terminated afterwards.
 */
function askFreshWorker<T>(
  name: string,
  request: BenchRequest | KernelCheckRequest,
  pick: (msg: FromBenchWorker) => T | undefined,
  fail: (stage: 'timeout' | 'worker', error: string) => T,
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name });
    let settled = false;
    const done = (value: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.terminate();
      resolve(value);
    };
    const timer = setTimeout(() => done(fail('timeout', `no result after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    worker.onerror = (e) => {
      e.preventDefault();
      done(fail('worker', e.message || 'the bench worker failed to load'));
    };
    worker.onmessage = (e: MessageEvent<FromBenchWorker>) => {
      const msg = e.data;
      if (msg.type === 'ready') worker.postMessage(request);
      else if (msg.type === 'progress') say(msg.text);
      else {
        const answer = pick(msg);
        if (answer !== undefined) done(answer);
      }
    };
  });
}

/** Runs one timed request in a fresh worker, and counts the page's long tasks while it ran. */
async function run(req: Omit<BenchRequest, 'baseUrl'>, timeoutMs = 300_000): Promise<BenchOutcome> {
  const t0 = performance.now();
  const result = await askFreshWorker<BenchResult>(
    'tensorscope-bench',
    { ...req, baseUrl: document.baseURI },
    (msg) => (msg.type === 'result' ? msg.result : undefined),
    (stage, error) => ({ ok: false, request: req, stage, error }),
    timeoutMs,
  );
  // Long-task entries are delivered asynchronously: give the observer a moment before counting.
  await new Promise((wait) => setTimeout(wait, 100));
  const t1 = performance.now();
  return { ...result, longTasks: statsSince(t0, t1), wallMs: t1 - t0 };
}

/** Checks the engine's kernels of one backend against tfjs's, in a fresh worker (e2e/kernels.spec.ts). */
function check(backend: KernelCheckRequest['backend'], timeoutMs = 120_000): Promise<KernelCheckResult> {
  return askFreshWorker<KernelCheckResult>(
    'tensorscope-check',
    { kind: 'check', backend },
    (msg) => (msg.type === 'check' ? msg.result : undefined),
    (_stage, error) => ({ ok: false, error }),
    timeoutMs,
  );
}

(window as unknown as { tsBench: unknown }).tsBench = { run, check, ready: true };
say('bench page ready: call window.tsBench.run({engine, backend, model, samples, batchSize, warmupEpochs, timedEpochs})');
