import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendName } from '../core/types';
import { specFromPreset } from '../models/presets';
import { probeBackends, probeForSpec, probeModelKey, specStep, type CachedProbe, type MakeStep } from './backendProbe';
import { registerTrainingKernels } from './kernels/registerTrainingKernels';

const wasmDist = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
const MNIST = { inputShape: [28, 28, 1], task: 'classification' as const, numClasses: 10 };

beforeAll(async () => {
  // In Node the wasm backend reads its .wasm binaries from disk; the app hands it Vite asset URLs instead.
  setWasmPaths(wasmDist + path.sep);
  registerTrainingKernels('wasm');
  expect(await tf.setBackend('cpu')).toBe(true);
});

/**
 * Steps that cost `msPerExample` × batch (+ `msPerStep`) of a fake clock on each backend: the timing is exact, so
 * the choice can be asserted. Each step returns a real scalar so the probe's read-back and disposal run for real.
 */
function fakeSteps(cost: Partial<Record<BackendName, { msPerStep?: number; msPerExample?: number; fails?: string }>>, batchSize = 32) {
  let clock = 0;
  const made: BackendName[] = [];
  const batches: Record<string, number[]> = {};
  const makeStep: MakeStep = (backend) => {
    made.push(backend);
    expect(tf.getBackend()).toBe(backend);
    const c = cost[backend] ?? {};
    if (c.fails) throw new Error(c.fails);
    return {
      batchSize,
      step(n) {
        (batches[backend] ??= []).push(n);
        clock += (c.msPerStep ?? 0) + (c.msPerExample ?? 0) * n;
        return tf.scalar(n);
      },
      dispose() {},
    };
  };
  return { makeStep, now: () => clock, made, batches, elapsed: () => clock };
}

describe('probeBackends: the choice', () => {
  it('times every backend that starts and activates the faster one, whichever comes first', async () => {
    for (const [cpuMs, wasmMs] of [
      [40, 10],
      [5, 20],
    ]) {
      const f = fakeSteps({ cpu: { msPerStep: cpuMs }, wasm: { msPerStep: wasmMs } });
      const info = await probeBackends(['wasm', 'cpu'], f.makeStep, { now: f.now, linearBackends: [], skipWhenTrained: {} });
      const expected: BackendName = cpuMs < wasmMs ? 'cpu' : 'wasm';
      expect(info.name).toBe(expected);
      expect(tf.getBackend()).toBe(expected);
      expect(info.attempts).toEqual([
        { backend: 'wasm', ok: true },
        { backend: 'cpu', ok: true },
      ]);
      expect(info.probe?.cached).toBe(false);
      expect(info.probe?.results).toEqual([
        { backend: 'wasm', samplesPerSec: (32 * 1000) / wasmMs },
        { backend: 'cpu', samplesPerSec: (32 * 1000) / cpuMs },
      ]);
      // Two warm-up steps and three timed ones each.
      expect(f.batches).toEqual({ wasm: [32, 32, 32, 32, 32], cpu: [32, 32, 32, 32, 32] });
    }
  });

  it('carries failures with their reasons: a backend that cannot start and one that cannot train', async () => {
    const f = fakeSteps({ cpu: { msPerStep: 50 }, wasm: { fails: 'no kernel for this layer' } });
    const info = await probeBackends(['webgpu', 'wasm', 'cpu'], f.makeStep, { now: f.now });
    expect(info.name).toBe('cpu');
    const [webgpu, wasm, cpu] = info.probe!.results;
    expect(webgpu).toEqual({ backend: 'webgpu', samplesPerSec: null, reason: expect.stringMatching(/WebGPU/) });
    expect(wasm).toEqual({ backend: 'wasm', samplesPerSec: null, reason: 'no kernel for this layer' });
    expect(cpu.samplesPerSec).toBeGreaterThan(0);
    expect(info.attempts.map((a) => [a.backend, a.ok])).toEqual([
      ['webgpu', false],
      ['wasm', true],
      ['cpu', true],
    ]);
  });

  it('uses the first backend that started when the model trains nowhere (the run then reports why)', async () => {
    const f = fakeSteps({ cpu: { fails: 'bad model' }, wasm: { fails: 'bad model' } });
    const info = await probeBackends(['wasm', 'cpu'], f.makeStep, { now: f.now, modelKey: 'broken', cache: new Map() });
    expect(info.name).toBe('wasm');
    expect(info.probe!.results.map((r) => r.reason)).toEqual(['bad model', 'bad model']);
  });

  it('uses a lone backend that started without timing it', async () => {
    const f = fakeSteps({ cpu: { msPerStep: 50 } });
    const info = await probeBackends(['webgpu', 'webgl', 'cpu'], f.makeStep, { now: f.now });
    expect(info.name).toBe('cpu');
    expect(f.made).toEqual([]);
    expect(info.probe!.results.map((r) => r.backend)).toEqual(['webgpu', 'webgl', 'cpu']);
    expect(info.probe!.results.every((r) => r.samplesPerSec === null && r.reason)).toBe(true);
  });

  it('remembers the choice per model key and device: the second call times nothing', async () => {
    const cache = new Map<string, CachedProbe>();
    const first = fakeSteps({ cpu: { msPerStep: 30 }, wasm: { msPerStep: 10 } });
    const a = await probeBackends(['wasm', 'cpu'], first.makeStep, { now: first.now, modelKey: 'mlp', cache });
    expect(a.name).toBe('wasm');
    expect(a.probe!.cached).toBe(false);
    expect(a.probe!.key).toMatch(/^mlp @ wasm=WebAssembly.*; cpu=/);
    expect(cache.size).toBe(1);

    await tf.setBackend('cpu');
    const again = fakeSteps({ cpu: { msPerStep: 1 }, wasm: { msPerStep: 100 } });
    const b = await probeBackends(['wasm', 'cpu'], again.makeStep, { now: again.now, modelKey: 'mlp', cache });
    expect(again.made).toEqual([]);
    expect(b.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(b.probe).toEqual({ ...a.probe, cached: true });

    // Another model is measured afresh.
    const other = await probeBackends(['wasm', 'cpu'], again.makeStep, { now: again.now, modelKey: 'cnn', cache, skipWhenTrained: {} });
    expect(again.made).toEqual(['wasm', 'cpu']);
    expect(other.name).toBe('cpu');
    expect(other.probe!.cached).toBe(false);
    expect(cache.size).toBe(2);
  });

  it('starts only the remembered backend while its adapter is the one it was measured on, and probes again when it changed', async () => {
    let adapter = 'WebAssembly SIMD';
    const started: BackendName[] = [];
    const start = async (name: BackendName) => {
      started.push(name);
      expect(await tf.setBackend(name)).toBe(true);
      return { name, adapter: name === 'wasm' ? adapter : 'plain JS', software: false, attempts: [{ backend: name, ok: true }] };
    };
    const cache = new Map<string, CachedProbe>();
    const first = fakeSteps({ cpu: { msPerStep: 30 }, wasm: { msPerStep: 10 } });
    await probeBackends(['wasm', 'cpu'], first.makeStep, { now: first.now, modelKey: 'mlp', cache, start, skipWhenTrained: {}, linearBackends: [] });
    expect(started).toEqual(['wasm', 'cpu', 'wasm']);

    started.length = 0;
    const again = fakeSteps({ cpu: { msPerStep: 1 }, wasm: { msPerStep: 100 } });
    const b = await probeBackends(['wasm', 'cpu'], again.makeStep, { now: again.now, modelKey: 'mlp', cache, start, skipWhenTrained: {}, linearBackends: [] });
    expect(started).toEqual(['wasm']);
    expect(again.made).toEqual([]);
    expect(b.name).toBe('wasm');
    expect(b.probe!.cached).toBe(true);

    // Another adapter under the same name (a new browser build, another GPU): measured afresh, cpu now wins.
    adapter = 'WebAssembly SIMD threads';
    started.length = 0;
    const c = await probeBackends(['wasm', 'cpu'], again.makeStep, { now: again.now, modelKey: 'mlp', cache, start, skipWhenTrained: {}, linearBackends: [] });
    expect(started).toEqual(['wasm', 'wasm', 'cpu', 'cpu']);
    expect(c.name).toBe('cpu');
    expect(c.probe!.cached).toBe(false);
  });

  it('does not time cpu once wasm trained, but does when wasm could not', async () => {
    const f = fakeSteps({ cpu: { msPerStep: 1 }, wasm: { msPerStep: 10 } });
    const info = await probeBackends(['wasm', 'cpu'], f.makeStep, { now: f.now });
    expect(f.made).toEqual(['wasm']);
    expect(info.name).toBe('wasm');
    expect(info.probe!.results[1]).toEqual({ backend: 'cpu', samplesPerSec: null, reason: expect.stringMatching(/not timed: wasm/) });

    const g = fakeSteps({ cpu: { msPerStep: 1 }, wasm: { fails: 'out of memory' } });
    const fallback = await probeBackends(['wasm', 'cpu'], g.makeStep, { now: g.now });
    expect(g.made).toEqual(['wasm', 'cpu']);
    expect(fallback.name).toBe('cpu');
  });

  it('measures a backend whose step time grows with the batch from small batches when whole ones would not fit', async () => {
    const cases = [
      // 100 ms per example: a batch of 32 takes 3.2 s. One example twice, then 6 (half the budget left): a = 0, b = 100.
      { cost: { msPerExample: 100 }, batches: [1, 1, 6], rate: 10 },
      // A fixed 100 ms per step plus 5 per example: fitted exactly from 1 and 6 examples.
      { cost: { msPerStep: 100, msPerExample: 5 }, batches: [1, 1, 6], rate: 32000 / 260 },
      // 1 ms per example: whole batches fit, one warm-up and three timed steps of 32.
      { cost: { msPerExample: 1 }, batches: [1, 1, 32, 32, 32, 32], rate: 1000 },
    ];
    for (const c of cases) {
      const f = fakeSteps({ cpu: c.cost, wasm: { msPerStep: 20 } });
      const info = await probeBackends(['wasm', 'cpu'], f.makeStep, { now: f.now, budgetMs: 1500, skipWhenTrained: {} });
      expect(f.batches.cpu).toEqual(c.batches);
      expect(info.probe!.results[1].samplesPerSec).toBeCloseTo(c.rate, 6);
      // wasm is not a linear backend: whole batches only.
      expect(f.batches.wasm).toEqual([32, 32, 32, 32, 32]);
    }
  });

  it('caps the steps by time: a slow backend stops after its budget', async () => {
    const f = fakeSteps({ cpu: { msPerStep: 5 }, wasm: { msPerStep: 1000 } });
    await probeBackends(['wasm', 'cpu'], f.makeStep, { now: f.now, budgetMs: 1500, linearBackends: [], skipWhenTrained: {} });
    // Warm-ups stop at 2 s > 1.5 s; one timed step still gives a rate.
    expect(f.batches.wasm).toHaveLength(3);
    expect(f.batches.cpu).toHaveLength(5);
  });

  it('does not even start a backend whose adapter is seen to be a software renderer, unless nothing else trains', async () => {
    const started: BackendName[] = [];
    const start = async (name: BackendName) => {
      started.push(name);
      expect(await tf.setBackend(name)).toBe(true);
      return { name, adapter: name === 'cpu' ? 'SwiftShader' : 'WebAssembly', software: name === 'cpu', attempts: [{ backend: name, ok: true }] };
    };
    // "cpu" plays a GPU backend whose adapter can be looked at without starting it.
    const peek = async (name: BackendName) => (name === 'cpu' ? 'SwiftShader' : null);
    const f = fakeSteps({ cpu: { msPerStep: 1 }, wasm: { msPerStep: 10 } });
    const info = await probeBackends(['cpu', 'wasm'], f.makeStep, { now: f.now, start, peek, skipWhenTrained: {}, linearBackends: [], modelKey: 'mlp', cache: new Map() });
    expect(started).toEqual(['wasm', 'wasm']);
    expect(info.name).toBe('wasm');
    expect(info.probe!.key).toBe('mlp @ cpu=SwiftShader; wasm=WebAssembly');
    expect(info.probe!.results[0]).toEqual({ backend: 'cpu', samplesPerSec: null, reason: expect.stringMatching(/software renderer \(SwiftShader\).*wasm is faster/) });

    started.length = 0;
    const g = fakeSteps({ cpu: { msPerStep: 1 }, wasm: { fails: 'no' } });
    const fallback = await probeBackends(['cpu', 'wasm'], g.makeStep, { now: g.now, start, peek, skipWhenTrained: {}, linearBackends: [] });
    expect(started).toEqual(['wasm', 'cpu', 'cpu']);
    expect(fallback.name).toBe('cpu');
  });

  it('leaves a software-rendered GPU backend untimed when another backend trained, and times it when none did', async () => {
    // Fake starts: "cpu" plays a backend whose adapter is a software renderer (SwiftShader).
    const start = async (name: BackendName) => {
      expect(await tf.setBackend(name)).toBe(true);
      const software = name === 'cpu';
      return { name, adapter: software ? 'SwiftShader' : 'WebAssembly', software, attempts: [{ backend: name, ok: true }] };
    };
    const f = fakeSteps({ cpu: { msPerStep: 1 }, wasm: { msPerStep: 10 } });
    const info = await probeBackends(['cpu', 'wasm'], f.makeStep, { now: f.now, start, skipWhenTrained: {}, linearBackends: [] });
    expect(f.made).toEqual(['wasm']);
    expect(info.name).toBe('wasm');
    expect(info.probe!.results[0]).toEqual({ backend: 'cpu', samplesPerSec: null, reason: expect.stringMatching(/software renderer \(SwiftShader\).*wasm is faster/) });

    const g = fakeSteps({ cpu: { msPerStep: 1 }, wasm: { fails: 'no kernel' } });
    const fallback = await probeBackends(['cpu', 'wasm'], g.makeStep, { now: g.now, start, skipWhenTrained: {}, linearBackends: [] });
    expect(g.made).toEqual(['wasm', 'cpu']);
    expect(fallback.name).toBe('cpu');

    const h = fakeSteps({ cpu: { msPerStep: 1 }, wasm: { msPerStep: 10 } });
    const all = await probeBackends(['cpu', 'wasm'], h.makeStep, { now: h.now, start, skipWhenTrained: {}, linearBackends: [], timeSoftware: true });
    expect(all.name).toBe('cpu');
  });

  it('keys the cache on the layers, the input shape and the batch size', () => {
    const spec = specFromPreset('keras-mlp');
    const key = probeModelKey(spec, [28, 28, 1]);
    expect(probeModelKey(structuredClone(spec), [28, 28, 1])).toBe(key);
    expect(probeModelKey(spec, [32, 32, 3])).not.toBe(key);
    expect(probeModelKey({ ...spec, training: { ...spec.training, batchSize: 64 } }, [28, 28, 1])).not.toBe(key);
    expect(probeModelKey({ ...spec, model: { layers: spec.model.layers.slice(0, -1) } }, [28, 28, 1])).not.toBe(key);
    // The learning rate does not change the speed.
    expect(probeModelKey({ ...spec, training: { ...spec.training, learningRate: 0.5 } }, [28, 28, 1])).toBe(key);
  });
});

describe('probing real training steps in Node (cpu and wasm)', () => {
  function counts(): { tensors: number; cpu: number; wasm: number } {
    return { tensors: tf.memory().numTensors, cpu: tf.findBackend('cpu')!.numDataIds(), wasm: tf.findBackend('wasm')!.numDataIds() };
  }

  it('auto in Node: times wasm on the Keras MLP, skips the rest with reasons, caches the choice, leaks nothing', async () => {
    await tf.setBackend('wasm');
    await tf.setBackend('cpu');
    const before = counts();
    const spec = specFromPreset('keras-mlp');
    const cache = new Map<string, CachedProbe>();
    const t0 = performance.now();
    const info = await probeForSpec(spec, MNIST, { cache });
    const firstMs = performance.now() - t0;
    const results = info.probe!.results;
    expect(results.map((r) => r.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(results[0].reason).toMatch(/WebGPU/);
    expect(results[1].samplesPerSec).toBeNull();
    expect(results[1].reason).toBeTruthy();
    expect(results[2].samplesPerSec).toBeGreaterThan(0);
    expect(results[3]).toEqual({ backend: 'cpu', samplesPerSec: null, reason: expect.stringMatching(/not timed/) });
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.probe!.key).toContain(probeModelKey(spec, MNIST.inputShape));

    const t1 = performance.now();
    const again = await probeForSpec(spec, MNIST, { cache });
    const secondMs = performance.now() - t1;
    expect(again.probe).toEqual({ ...info.probe, cached: true });
    expect(again.name).toBe('wasm');
    console.info(`probe (auto), Keras MLP: ${firstMs.toFixed(0)} ms (wasm ${results[2].samplesPerSec!.toFixed(0)}/s), cached ${secondMs.toFixed(0)} ms`);

    await tf.setBackend('cpu');
    expect(counts()).toEqual(before);
  });

  for (const preset of ['keras-mlp', 'tfjs-convnet'] as const) {
    it(`times ${preset} on both cpu and wasm, picks the faster, and leaks nothing`, async () => {
      await tf.setBackend('cpu');
      const before = counts();
      const t0 = performance.now();
      const info = await probeBackends(['wasm', 'cpu'], specStep(specFromPreset(preset), MNIST.inputShape, MNIST), { skipWhenTrained: {} });
      const ms = performance.now() - t0;
      const [wasm, cpu] = info.probe!.results;
      expect(wasm.samplesPerSec).toBeGreaterThan(0);
      expect(cpu.samplesPerSec).toBeGreaterThan(0);
      expect(info.name).toBe(wasm.samplesPerSec! >= cpu.samplesPerSec! ? 'wasm' : 'cpu');
      console.info(`probe (cpu timed too), ${preset}: ${ms.toFixed(0)} ms (wasm ${wasm.samplesPerSec!.toFixed(0)}/s, cpu ${cpu.samplesPerSec!.toFixed(1)}/s)`);
      await tf.setBackend('cpu');
      expect(counts()).toEqual(before);
    });
  }

  it('trains a regression model with weight penalties through the spec step', async () => {
    await tf.setBackend('wasm');
    const spec = specFromPreset('keras-mlp');
    const regression = {
      ...spec,
      model: { layers: [{ type: 'dense' as const, units: 4, activation: 'relu' as const }, { type: 'dense' as const, units: 1, activation: 'linear' as const }] },
      training: { ...spec.training, loss: 'meanSquaredError' as const, l2: 0.01, batchSize: 8 },
    };
    const before = tf.memory().numTensors;
    const session = specStep(regression, [5], { task: 'regression', numClasses: 0 })('wasm');
    const losses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const loss = session.step(8);
      losses.push((await loss.data())[0]);
      loss.dispose();
    }
    session.dispose();
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
