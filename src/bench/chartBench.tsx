/**
 * The live chart benchmark page (chartbench.html, built only with TS_CHART_BENCH=1; see vite.config.ts). It mounts the
 * app's own BatchChart with N batches, then streams new batches into it at a fixed rate the way a training run does
 * (the store concatenates; the chart receives a new array) and times each update. scripts/bench-charts.mjs drives it
 * through window.tsChartBench and summarises the samples.
 *
 * One update's cost is the main thread's work from handing the chart its new points until the frame showing them is
 * drawn, without the idle wait for that frame: (React render + commit + effects, inside flushSync, and the microtasks
 * the update queued) + (the animation-frame callbacks of the next frame: a callback registered before the update runs
 * first, one registered after it runs last) + (the frame's style, layout and paint: from that last callback to a
 * MessageChannel message it posts, which runs after the rendering step).
 */
import { useEffect, useSyncExternalStore } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { BatchChart } from '../charts/BatchChart';
import { installThemeTokens } from '../app/theme';
import '../app/styles.css';
import { makePoints, type StreamPoint } from './chartBenchData';
import { observeLongTasks } from './longTasks';

installThemeTokens();

export interface ChartRunOptions {
  prefill: number;
  perUpdate: number;
  hz: number;
  seconds: number;
  /** Idle time after the first draw, before the stream starts. */
  settleMs: number;
  /** The chart's width in CSS pixels. */
  width: number;
}

/** Per-update times in ms (parallel arrays: one entry per update). */
export interface ChartRunSamples {
  totalMs: number[];
  syncMs: number[];
  rafMs: number[];
  renderMs: number[];
}

export interface ChartRunResult {
  options: ChartRunOptions;
  mount: { totalMs: number; syncMs: number; rafMs: number; renderMs: number };
  samples: ChartRunSamples;
  /** Main-thread tasks over 50 ms while streaming. */
  longTasks: { count: number; totalMs: number; maxMs: number };
  streamMs: number;
  /** Points the chart says it shows at the end (its data-points attribute), and how many it was given. */
  shownPoints: number | null;
  expectedPoints: number;
  /** Share of updates whose passive effects (useEffect) had run before flushSync returned: a check on the method. */
  effectsInSync: number;
}

declare global {
  interface Window {
    tsChartBench?: { ready: boolean; run: (o: ChartRunOptions) => Promise<ChartRunResult> };
  }
}

const longTasks = observeLongTasks();

/** A minimal external store, like the app's zustand store: the chart re-renders through useSyncExternalStore. */
function pointStore(initial: StreamPoint[]) {
  let current = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(next: StreamPoint[]) {
      current = next;
      for (const l of listeners) l();
    },
    subscribe(l: () => void) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  };
}

/** Written by Probe's effect, which runs after the chart's effects (siblings' passive effects run in tree order). */
let lastEffectAt = 0;
function Probe({ n }: { n: number }) {
  useEffect(() => {
    lastEffectAt = performance.now();
  }, [n]);
  return null;
}

function Harness({ store, markers }: { store: ReturnType<typeof pointStore>; markers: readonly { x: number; label: string }[] }) {
  const points = useSyncExternalStore(store.subscribe, store.get);
  return (
    <>
      <BatchChart points={points} metric="loss" smoothing={0.6} markers={markers} />
      <Probe n={points.length} />
    </>
  );
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
/** Resolves in the next task: posted from an animation-frame callback, that is after the frame's rendering step. */
const nextTask = () =>
  new Promise<number>((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve(performance.now());
    };
    ch.port2.postMessage(0);
  });
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function measure(apply: () => void): Promise<{ totalMs: number; syncMs: number; rafMs: number; renderMs: number; effectsInSync: boolean }> {
  let frameStart = NaN;
  // Registered before the update, so it is the frame's first callback: the chart's own callbacks run after it.
  requestAnimationFrame(() => {
    frameStart = performance.now();
  });
  const t0 = performance.now();
  flushSync(apply);
  const effectsInSync = lastEffectAt >= t0;
  // The microtasks the update queued (uPlot commits its redraw in one) run before these continuations.
  for (let i = 0; i < 3; i++) await Promise.resolve();
  const tSync = performance.now();
  const rafEnd = await nextFrame();
  const rendered = await nextTask();
  const syncMs = tSync - t0;
  const rafMs = rafEnd - frameStart;
  const renderMs = rendered - rafEnd;
  return { totalMs: syncMs + rafMs + renderMs, syncMs, rafMs, renderMs, effectsInSync };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

async function run(options: ChartRunOptions): Promise<ChartRunResult> {
  const hostEl = document.getElementById('chart-host')!;
  const box = document.createElement('div');
  box.style.width = `${options.width}px`;
  hostEl.replaceChildren(box);
  const root = createRoot(box);
  const store = pointStore(makePoints(0, options.prefill));
  const markers = [{ x: Math.round(options.prefill / 2), label: 'lr 0.0005' }];
  const mount = await measure(() => root.render(<Harness store={store} markers={markers} />));
  await sleep(options.settleMs);

  const samples: ChartRunSamples = { totalMs: [], syncMs: [], rafMs: [], renderMs: [] };
  const count = Math.round(options.seconds * options.hz);
  const interval = 1000 / options.hz;
  let step = options.prefill;
  let inSync = 0;
  const streamStart = performance.now();
  let due = streamStart;
  for (let i = 0; i < count; i++) {
    const fresh = makePoints(step, options.perUpdate);
    step += options.perUpdate;
    const s = await measure(() => store.set(store.get().concat(fresh)));
    samples.totalMs.push(round(s.totalMs));
    samples.syncMs.push(round(s.syncMs));
    samples.rafMs.push(round(s.rafMs));
    samples.renderMs.push(round(s.renderMs));
    if (s.effectsInSync) inSync++;
    due += interval;
    const wait = due - performance.now();
    // An update that overran its slot delays the next one (like messages queueing), never a burst to catch up.
    if (wait > 0) await sleep(wait);
    else due = performance.now();
  }
  const streamEnd = performance.now();
  await sleep(100);
  const inStream = longTasks.filter((t) => t.start >= streamStart && t.start <= streamEnd);
  const shown = box.querySelector('[data-testid=batch-chart]')?.getAttribute('data-points');
  const result: ChartRunResult = {
    options,
    mount: { totalMs: round(mount.totalMs), syncMs: round(mount.syncMs), rafMs: round(mount.rafMs), renderMs: round(mount.renderMs) },
    samples,
    longTasks: { count: inStream.length, totalMs: round(inStream.reduce((s, t) => s + t.duration, 0)), maxMs: round(inStream.reduce((m, t) => Math.max(m, t.duration), 0)) },
    streamMs: round(streamEnd - streamStart),
    shownPoints: shown == null ? null : Number(shown),
    expectedPoints: store.get().length,
    effectsInSync: count ? inSync / count : 0,
  };
  root.unmount();
  hostEl.replaceChildren();
  return result;
}

window.tsChartBench = { ready: true, run };
