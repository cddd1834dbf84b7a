import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../core/types';
import { makeSynthetic } from '../data/synthetic';
import { specFromPreset } from '../models/presets';
import { boundaryRange, computeBoundary, gridInputs, isTwoDimensional, nextBoundaryAt, summarizeCells } from './boundary';
import { uploadNorm } from './deviceData';
import { TrainingHost } from './host';
import type { FromEngine } from './protocol';
import { transferablesOf } from './protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function spiral(count = 300): Dataset {
  const d = makeSynthetic('spiral', { count, noise: 0.1, seed: 1, classes: 3 });
  return {
    id: 'synthetic-spiral',
    name: 'Spiral',
    source: 'test',
    kind: 'tabular',
    task: 'classification',
    count,
    inputShape: [2],
    x: d.features,
    y: d.labels!,
    numClasses: d.numClasses,
    classNames: d.classNames,
    featureNames: d.featureNames,
    targetName: d.targetName,
    testFrom: null,
    fingerprint: 'spiral-test',
  };
}

describe('the boundary grid', () => {
  it('covers the data with a margin and lays cells out bottom row first', () => {
    const r = boundaryRange(new Float32Array([0, 10, 2, 20, 1, 15]), null, 0.1);
    expect(r.x0).toBeCloseTo(-0.2);
    expect(r.x1).toBeCloseTo(2.2);
    expect(r.y0).toBeCloseTo(9);
    expect(r.y1).toBeCloseTo(21);
    const g = gridInputs({ x0: 0, x1: 4, y0: 0, y1: 2 }, 2);
    // Cell centres: (1, 0.5) (3, 0.5) then (1, 1.5) (3, 1.5).
    expect(Array.from(g)).toEqual([1, 0.5, 3, 0.5, 1, 1.5, 3, 1.5]);
  });

  it('a constant feature still gets a non-empty range; only some indices count', () => {
    const r = boundaryRange(new Float32Array([5, 5, 5, 5, 100, 100]), [0, 1], 0.1);
    expect(r.x1).toBeGreaterThan(r.x0);
    expect(r.x1).toBeLessThan(10);
  });

  it('summarises softmax rows as class, confidence and normalised entropy in bytes', () => {
    const s = summarizeCells([0.9, 0.05, 0.05, 1 / 3, 1 / 3, 1 / 3, 0, 0, 1], 3, 3);
    expect(Array.from(s.label)).toEqual([0, 0, 2]);
    expect(Array.from(s.confidence)).toEqual([230, 85, 255]);
    expect(s.uncertainty[1]).toBe(255);
    expect(s.uncertainty[2]).toBe(0);
    expect(s.uncertainty[0]).toBeGreaterThan(50);
    expect(s.uncertainty[0]).toBeLessThan(120);
  });

  it('throttles to ≥ minMs and to a tenth of the time', () => {
    expect(nextBoundaryAt(1000, 5)).toBe(1250);
    expect(nextBoundaryAt(1000, 80)).toBe(1800);
  });

  it('knows two-input tables from the rest', () => {
    expect(isTwoDimensional(spiral(20))).toBe(true);
    expect(isTwoDimensional({ kind: 'tabular', inputShape: [3], x: new Float32Array(3) })).toBe(false);
    expect(isTwoDimensional({ kind: 'image', inputShape: [1, 2, 1], x: new Uint8Array(2) })).toBe(false);
  });

  it('computes a 64×64 grid on the device without leaking tensors', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 8, activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })] });
    const norm = uploadNorm({ shift: new Float32Array([0.5, -1]), scale: new Float32Array([2, 0.5]) });
    const range = { x0: -1, x1: 1, y0: -2, y1: 2 };
    await computeBoundary(model, norm, range, { task: 'classification', numClasses: 3, epoch: 1 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const g = await computeBoundary(model, norm, range, { task: 'classification', numClasses: 3, epoch: 1 });
      expect(g.size).toBe(64);
      expect(g.label.length).toBe(64 * 64);
      expect(g.confidence.length).toBe(64 * 64);
      expect(g.uncertainty.length).toBe(64 * 64);
      expect(Math.max(...g.label)).toBeLessThan(3);
      expect(g.computeMs).toBeGreaterThanOrEqual(0);
    }
    expect(tf.memory().numTensors).toBe(before);
    // The cell at (row, col) is the model's prediction at that point, normalised like a batch.
    const g = await computeBoundary(model, norm, range, { size: 4, task: 'classification', numClasses: 3, epoch: 1 });
    const cell = 1 * 4 + 2; // row 1, column 2: x = -1 + 2.5 × 0.5, y = -2 + 1.5 × 1
    const p = tf.tidy(() => (model.predict(tf.tensor2d([[(0.25 - 0.5) * 2, (-0.5 + 1) * 0.5]])) as tf.Tensor).dataSync());
    expect(g.label[cell]).toBe(p.indexOf(Math.max(...p)));
    const reg = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    const r = await computeBoundary(reg, norm, range, { size: 8, task: 'regression', numClasses: 0, epoch: 0 });
    expect(r.value.length).toBe(64);
    expect(r.label.length).toBe(0);
    model.dispose();
    reg.dispose();
    tf.dispose([norm.shift, norm.scale]);
  });
});

describe('the engine sends boundaries for two-input data', () => {
  it('during and after a spiral run, transferable and compact, no tensor growth across epochs', async () => {
    const msgs: FromEngine[] = [];
    const host = new TrainingHost((m) => msgs.push(m));
    const ds = spiral();
    await host.handle({ type: 'setDataset', dataset: ds });
    const spec = specFromPreset('mlp-small', { kind: 'tabular', task: 'classification', numClasses: 3 });
    spec.training.epochs = 3;
    spec.training.batchSize = 32;
    await host.handle({ type: 'start', runId: 'r1', spec, backend: 'cpu' });
    const grids = msgs.filter((m): m is Extract<FromEngine, { type: 'boundary' }> => m.type === 'boundary');
    expect(msgs.at(-1)).toMatchObject({ type: 'runState', state: 'done' });
    // The first read-back gives one at once; the finished model always gets one.
    expect(grids.length).toBeGreaterThanOrEqual(2);
    const last = grids.at(-1)!.grid;
    expect(last.epoch).toBe(3);
    expect(last.numClasses).toBe(3);
    const bytes = transferablesOf(grids.at(-1)!).reduce<number>((n, b) => n + (b as ArrayBuffer).byteLength, 0);
    expect(bytes).toBe(3 * 64 * 64);
    const epochEnds = msgs.filter((m) => m.type === 'epochEnd').map((m) => (m.type === 'epochEnd' ? m.summary.numTensors : 0));
    expect(new Set(epochEnds).size).toBe(1);
    console.log(`boundary: ${grids.length} grids, ${bytes} bytes each, compute ${grids.map((g) => g.grid.computeMs.toFixed(1)).join(', ')} ms (tfjs-cpu, Node)`);
  }, 60_000);
});
