import * as tf from '@tensorflow/tfjs';
import { TensorscopeError, describeError } from '../core/errors';
import type { BackendName, Task } from '../core/types';
import { buildModel } from '../models/buildModel';
import type { ExperimentSpec } from '../models/spec';
import { candidateBackends, startBackend } from './backends';
import type { DeviceData } from './deviceData';
import { batchLoss, weightPenalty } from './losses';
import { makeOptimizer } from './optimizers';
import type { BackendAttempt, BackendInfo, BackendProbeResult } from './protocol';

/**
 * Auto backend choice by measurement: every backend that starts trains the model for a few steps on a random
 * batch, the fastest one wins, and the choice is remembered per model architecture and device (in the worker
 * for its lifetime; the UI receives the key and the results in BackendInfo.probe to keep them longer).
 */

/** Training steps of one model on the active backend; made once per backend, disposed after its measurement. */
export interface ProbeSession {
  /** The batch size the run will use. */
  batchSize: number;
  /** One training step on `batch` (≤ batchSize) random examples; returns the loss (reading it waits for the work). */
  step(batch: number): tf.Tensor;
  dispose(): void;
}

/** Builds a session on the backend that is active when it is called (`backend` names it). */
export type MakeStep = (backend: BackendName) => ProbeSession;

export interface CachedProbe {
  chosen: BackendName;
  results: BackendProbeResult[];
}

export interface ProbeOptions {
  /** Untimed steps first (shader compilation, XNNPACK set-up, optimizer slots). */
  warmupSteps?: number;
  /** Timed steps at most; fewer when they would not fit in the budget (one at least). */
  timedSteps?: number;
  /** Time per backend, model building and warm-up included, beyond which no more steps start. */
  budgetMs?: number;
  /**
   * Backends whose step time grows with the batch (no parallel hardware). They are first timed on one example; when
   * whole batches would not fit in the budget (a conv net's batch of 32 takes ~12 s on cpu) the step time
   * a + b·batch is fitted from two small batches and the whole batch's speed extrapolated.
   */
  linearBackends?: readonly BackendName[];
  /**
   * Backends left untimed when another one trained the model: cpu when wasm did. wasm runs the same kernels
   * compiled, with SIMD (XNNPACK): in Node 4–10× faster than cpu on the Keras MLP and over 100× on the CNN preset;
   * timing cpu cannot change the choice and would be the longest part of the probe.
   */
  skipWhenTrained?: Partial<Record<BackendName, BackendName>>;
  /** Time software-rendered GPU backends even when another backend trained the model (the benchmark's choice). */
  timeSoftware?: boolean;
  /** Remember the choice under this model key and the device; no cache without it. */
  modelKey?: string;
  cache?: Map<string, CachedProbe>;
  now?: () => number;
  /** A GPU backend's adapter without starting it (null: unknown); a software renderer's backend is started only when needed. */
  peek?: (name: BackendName) => Promise<string | null>;
  /** Starts and activates one backend, throwing the reason when it cannot (backends.ts's startBackend). */
  start?: (name: BackendName) => Promise<BackendInfo>;
}

const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|software|basic render/i;

interface GpuLike {
  requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; device?: string; description?: string } } | null>;
}

/**
 * A GPU backend's adapter, described as backends.ts does, without starting the backend (no device, no shaders); null
 * when it cannot be told cheaply (then the backend is started to find out).
 */
async function peekAdapter(name: BackendName): Promise<string | null> {
  try {
    if (name === 'webgpu') {
      const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
      const i = (await gpu?.requestAdapter())?.info;
      return i ? [i.vendor, i.architecture, i.device, i.description].filter((s) => s).join(' · ') || 'unknown adapter' : null;
    }
    if (name === 'webgl' && typeof OffscreenCanvas !== 'undefined') {
      const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
      if (!gl) return null;
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      const described = `${String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER))} (${String(gl.getParameter(gl.VERSION))})`;
      gl.getExtension('WEBGL_lose_context')?.loseContext();
      return described;
    }
  } catch {
    return null;
  }
  return null;
}

/** The worker's memory of earlier choices: key → chosen backend and the measurements behind it. */
export const probeCache = new Map<string, CachedProbe>();

/** What decides a model's speed: its layers, its input shape and its batch size. */
export function probeModelKey(spec: Pick<ExperimentSpec, 'model' | 'training'>, inputShape: readonly number[]): string {
  return JSON.stringify({ layers: spec.model.layers, inputShape, batchSize: spec.training.batchSize });
}

/** The device as the started backends describe it (GPU renderer, WebGPU adapter, wasm SIMD/threads). */
export function probeDeviceKey(started: readonly Pick<BackendInfo, 'name' | 'adapter'>[]): string {
  return started.map((s) => `${s.name}=${s.adapter ?? ''}`).join('; ');
}

async function stepMs(session: ProbeSession, batch: number, now: () => number): Promise<number> {
  const t = now();
  const loss = session.step(batch);
  try {
    await loss.data();
  } finally {
    loss.dispose();
  }
  return now() - t;
}

type Timing = Required<Pick<ProbeOptions, 'warmupSteps' | 'timedSteps' | 'budgetMs' | 'linearBackends' | 'now'>>;

/** Training examples per second of one backend (made active here), or the reason it could not train. */
async function measure(name: BackendName, makeStep: MakeStep, o: Timing): Promise<BackendProbeResult> {
  const { now, budgetMs } = o;
  let session: ProbeSession | null = null;
  try {
    if (!(await tf.setBackend(name))) throw new Error(`${name} failed to initialise`);
    const t0 = now();
    const left = () => budgetMs - (now() - t0);
    session = makeStep(name);
    const full = Math.max(1, session.batchSize);
    let warmups = o.warmupSteps;
    if (o.linearBackends.includes(name) && full > 1) {
      await stepMs(session, 1, now); // JIT, optimizer slots
      const t1 = await stepMs(session, 1, now);
      warmups = Math.min(warmups, 1);
      if (t1 * full * (warmups + 1) > left()) {
        // Whole batches would not fit: fit a + b·n from one example and from n that take about half of what is left.
        const n = Math.max(2, Math.min(full - 1, Math.floor(left() / 2 / Math.max(t1, 1e-3))));
        const tn = await stepMs(session, n, now);
        const b = Math.max(0, (tn - t1) / (n - 1));
        const a = Math.max(0, t1 - b);
        return { backend: name, samplesPerSec: (full * 1000) / Math.max(a + b * full, 1e-3) };
      }
    }
    let last = 0;
    for (let i = 0; i < warmups; i++) {
      last = await stepMs(session, full, now);
      if (left() <= 0) break;
    }
    const steps = Math.max(1, Math.min(o.timedSteps, Math.floor(left() / Math.max(last, 1e-3))));
    // Steps queue up without read-backs (as in the training loop); reading the last loss waits for all of them.
    const t = now();
    let loss: tf.Tensor | null = null;
    try {
      for (let i = 0; i < steps; i++) {
        loss?.dispose();
        loss = session.step(full);
      }
      await loss!.data();
    } finally {
      loss?.dispose();
    }
    return { backend: name, samplesPerSec: (steps * full * 1000) / Math.max(now() - t, 1e-3) };
  } catch (err) {
    return { backend: name, samplesPerSec: null, reason: describeError(err) };
  } finally {
    session?.dispose();
  }
}

/**
 * Starts each candidate backend, times a few training steps on every one that started and activates the fastest
 * (ties: the earlier candidate). Returns the chosen backend's info with `probe`: each candidate's examples per
 * second or the reason it has none. With `modelKey`, a choice made before for the same model on the same device
 * (the started backends' adapters) is reused without timing. A lone backend that starts is used untimed, and cpu
 * is not timed once wasm trained the model (`skipWhenTrained`). When no backend trains (a broken model fails
 * everywhere) the first that started is used, so that the run reports the real error. Each backend gets about
 * `budgetMs` (1.5 s) for building the model and its steps.
 */
export async function probeBackends(candidates: readonly BackendName[], makeStep: MakeStep, options: ProbeOptions = {}): Promise<BackendInfo> {
  const o: Timing = {
    warmupSteps: options.warmupSteps ?? 2,
    timedSteps: options.timedSteps ?? 3,
    budgetMs: options.budgetMs ?? 1500,
    linearBackends: options.linearBackends ?? ['cpu'],
    now: options.now ?? (() => performance.now()),
  };
  const skipWhenTrained = options.skipWhenTrained ?? { cpu: 'wasm' };
  const start = options.start ?? startBackend;
  const cache = options.cache ?? probeCache;
  const quick = options.modelKey != null ? await rememberedChoice(options.modelKey, candidates, cache, start) : null;
  if (quick) return quick;
  const attempts: BackendAttempt[] = [];
  const started: BackendInfo[] = [];
  const failed = new Map<BackendName, BackendProbeResult>();
  const peek = options.peek ?? peekAdapter;
  // GPU backends whose adapter is a software renderer wait unstarted: starting one compiles shaders for a second or
  // more, and they are timed only when nothing else trains the model (see below).
  const unstarted: BackendInfo[] = [];
  const startOne = async (name: BackendName) => {
    try {
      started.push(await start(name));
      attempts.push({ backend: name, ok: true });
    } catch (err) {
      const reason = describeError(err);
      attempts.push({ backend: name, ok: false, reason });
      failed.set(name, { backend: name, samplesPerSec: null, reason });
    }
  };
  // Adapters are asked together (WebGPU's answer comes from the GPU process while WebGL's context is made here).
  const adapters = await Promise.all(candidates.map((name) => (options.timeSoftware === true ? null : peek(name))));
  for (const [i, name] of candidates.entries()) {
    const adapter = adapters[i];
    if (adapter != null && SOFTWARE_ADAPTER.test(adapter)) unstarted.push({ name, adapter, software: true, attempts: [{ backend: name, ok: true }] });
    else await startOne(name);
  }
  if (!started.some((x) => !x.software)) {
    for (const u of unstarted) await startOne(u.name);
    unstarted.length = 0;
  }
  attempts.push(...unstarted.map((u) => ({ backend: u.name, ok: true as const })));
  if (started.length === 0) {
    throw new TensorscopeError('backend-init', `No backend could start (${attempts.map((a) => `${a.backend}: ${a.reason}`).join('; ')}).`);
  }

  const seen = candidates.flatMap((c) => [...started, ...unstarted].filter((x) => x.name === c));
  const key = options.modelKey != null ? `${options.modelKey} @ ${probeDeviceKey(seen)}` : undefined;
  const hit = key != null ? cache.get(key) : undefined;
  let chosen: BackendName;
  let results: BackendProbeResult[];
  let cached = false;
  if (hit && started.some((s) => s.name === hit.chosen)) {
    chosen = hit.chosen;
    results = hit.results.map((r) => ({ ...r }));
    cached = true;
  } else if (seen.length === 1) {
    chosen = started[0].name;
    results = candidates.map((b) => failed.get(b) ?? { backend: b, samplesPerSec: null, reason: 'not timed: the only backend that started' });
  } else {
    const timed = new Map<BackendName, BackendProbeResult>();
    // Software-rendered GPU backends (SwiftShader, llvmpipe) run on the same CPU cores as wasm, several times slower
    // (the benchmark on a 2-core VM: 5× on the Keras MLP, 10× on the CNN), and their first step compiles shaders for
    // seconds: they are timed only when no other backend trained the model.
    const software = seen.filter((s) => s.software);
    const measureUnstarted = async (name: BackendName): Promise<BackendProbeResult> => {
      if (unstarted.some((u) => u.name === name)) {
        try {
          await start(name);
        } catch (err) {
          return { backend: name, samplesPerSec: null, reason: describeError(err) };
        }
      }
      return measure(name, makeStep, o);
    };
    // A lone contender (cpu only stands in for wasm) is timed to see that it trains, not to win: one step each way.
    const contenders = started.filter((x) => !x.software && !started.some((y) => y.name === skipWhenTrained[x.name]));
    const lone: Timing = contenders.length === 1 ? { ...o, warmupSteps: Math.min(o.warmupSteps, 1), timedSteps: Math.min(o.timedSteps, 1) } : o;
    for (const s of started.filter((x) => !x.software)) {
      const faster = skipWhenTrained[s.name];
      if (faster && timed.get(faster)?.samplesPerSec != null) {
        timed.set(s.name, { backend: s.name, samplesPerSec: null, reason: `not timed: ${faster} trains this model, and it is always faster` });
      } else {
        timed.set(s.name, await measure(s.name, makeStep, contenders.length === 1 && contenders[0] === s ? lone : o));
      }
    }
    const trainedOn = [...timed.values()].find((r) => r.samplesPerSec != null)?.backend;
    for (const s of software) {
      timed.set(
        s.name,
        trainedOn && options.timeSoftware !== true
          ? { backend: s.name, samplesPerSec: null, reason: `not timed: a software renderer (${s.adapter ?? 'no GPU'}) runs on the CPU, where ${trainedOn} is faster` }
          : await measureUnstarted(s.name),
      );
    }
    results = candidates.map((b) => timed.get(b) ?? failed.get(b)!);
    let best: BackendProbeResult | null = null;
    for (const r of results) if (r.samplesPerSec != null && (best?.samplesPerSec == null || r.samplesPerSec > best.samplesPerSec)) best = r;
    chosen = best?.backend ?? started[0].name;
    if (key != null && best) cache.set(key, { chosen, results: results.map((r) => ({ ...r })) });
  }
  const info = await start(chosen);
  return { ...info, attempts, probe: { results, cached, ...(key != null ? { key } : {}) } };
}

/**
 * A choice remembered for this model: only the chosen backend is started (the others cost seconds to start — WebGPU
 * and WebGL compile their smoke-test shaders — and would only rebuild the device key), and the choice stands when it
 * still runs on the same adapter as when it was measured. Null when nothing is remembered or the adapter changed:
 * then every candidate is started as usual.
 */
async function rememberedChoice(modelKey: string, candidates: readonly BackendName[], cache: Map<string, CachedProbe>, start: (name: BackendName) => Promise<BackendInfo>): Promise<BackendInfo | null> {
  const prefix = `${modelKey} @ `;
  const hits = [...cache].filter(([k, v]) => k.startsWith(prefix) && candidates.includes(v.chosen));
  for (const [key, hit] of hits) {
    let info: BackendInfo;
    try {
      info = await start(hit.chosen);
    } catch {
      return null;
    }
    const device = key.slice(prefix.length).split('; ');
    if (device.includes(`${hit.chosen}=${info.adapter ?? ''}`)) {
      return { ...info, attempts: [{ backend: hit.chosen, ok: true }], probe: { results: hit.results.map((r) => ({ ...r })), cached: true, key } };
    }
  }
  return null;
}

/** Random training steps of the spec's model (its loss, optimizer and weight penalties) on examples of `inputShape`. */
export function specStep(spec: Pick<ExperimentSpec, 'model' | 'seed' | 'training'>, inputShape: readonly number[], target: { task: Task; numClasses: number }): MakeStep {
  return () => {
    const model = buildModel(spec, [...inputShape]);
    let optimizer: tf.Optimizer;
    try {
      optimizer = makeOptimizer(spec.training);
    } catch (err) {
      model.dispose();
      throw err;
    }
    // batchLoss reads only the task and the class count of the device data.
    const data = { task: target.task, numClasses: target.numClasses } as DeviceData;
    const { l1, l2 } = spec.training;
    const batches = new Map<number, { x: tf.Tensor; y: tf.Tensor }>();
    const batchOf = (n: number) => {
      let b = batches.get(n);
      if (!b) {
        const x = tf.randomUniform([n, ...inputShape], 0, 1, 'float32', 1);
        const y =
          target.task === 'classification' ? tf.randomUniform([n], 0, Math.max(1, target.numClasses), 'int32', 2) : tf.randomNormal([n], 0, 1, 'float32', 2);
        b = { x, y };
        batches.set(n, b);
      }
      return b;
    };
    return {
      batchSize: spec.training.batchSize,
      step(n) {
        const { x, y } = batchOf(n);
        return tf.tidy(
          () =>
            optimizer.minimize(() => {
              const out = model.apply(x, { training: true }) as tf.Tensor;
              const loss = batchLoss(spec.training.loss, data, out, y).loss;
              return l1 > 0 || l2 > 0 ? loss.add(weightPenalty(model, l1, l2)) : loss;
            }, true) as tf.Scalar,
        );
      },
      dispose() {
        for (const b of batches.values()) tf.dispose([b.x, b.y]);
        batches.clear();
        optimizer.dispose();
        model.dispose();
      },
    };
  };
}

/** The 'auto' choice for a run: every backend measured on this spec's model and the data's input shape. */
export function probeForSpec(spec: ExperimentSpec, data: { inputShape: readonly number[]; task: Task; numClasses: number }, options: ProbeOptions = {}): Promise<BackendInfo> {
  return probeBackends(candidateBackends('auto'), specStep(spec, data.inputShape, data), { modelKey: probeModelKey(spec, data.inputShape), ...options });
}
