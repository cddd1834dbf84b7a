import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../core/types';
import { makeSynthetic } from '../data/synthetic';
import { specFromPreset } from '../models/presets';
import { boundaryDims, boundaryPlane, boundaryRange, cellAt, computeBoundary, defaultFeatures, featureMeans, gridInputs, isTwoDimensional, nextBoundaryAt, summarizeCells, validFeatures } from './boundary';
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

describe('the boundary of a wider table', () => {
  it('holds the other features at their means and varies the picked pair', () => {
    // Three features; rows (1, 10, 100) and (3, 30, 300): means 2, 20, 200.
    const x = new Float32Array([1, 10, 100, 3, 30, 300]);
    const plane = boundaryPlane(x, 3, [2, 0]);
    expect(plane.features).toEqual([2, 0]);
    expect(Array.from(plane.base)).toEqual([2, 20, 200]);
    const r = boundaryRange(x, null, 0, plane);
    expect([r.x0, r.x1, r.y0, r.y1]).toEqual([100, 300, 1, 3]);
    const g = gridInputs(r, 2, plane);
    expect(g.length).toBe(2 * 2 * 3);
    // Cell (row 0, col 0): feature 2 at 150 (across), feature 0 at 1.5 (up), feature 1 at its mean.
    expect(Array.from(g.subarray(0, 3))).toEqual([1.5, 20, 150]);
    expect(Array.from(g.subarray(9, 12))).toEqual([2.5, 20, 250]);
  });

  it('refuses bad pairs and falls back to the first two features', () => {
    expect(validFeatures(4, [1, 1])).toEqual([0, 1]);
    expect(validFeatures(4, [0, 4])).toEqual([0, 1]);
    expect(validFeatures(4, [-1, 2])).toEqual([0, 1]);
    expect(validFeatures(4, [0.5, 2])).toEqual([0, 1]);
    expect(validFeatures(4, [3, 2])).toEqual([3, 2]);
  });

  it('by default plots the first two features with more than two values (one-hot columns last)', () => {
    // Columns: one-hot a, one-hot b, length, depth.
    const x = new Float32Array([1, 0, 40, 18, 0, 1, 50, 15, 1, 0, 45, 17]);
    expect(defaultFeatures(x, 4)).toEqual([2, 3]);
    expect(boundaryPlane(x, 4).features).toEqual([2, 3]);
    expect(defaultFeatures(new Float32Array([1, 0, 7, 0, 1, 7]), 3)).toEqual([0, 1]);
  });

  it('means skip gaps; a cell is found under a point, none outside', () => {
    expect(Array.from(featureMeans(new Float32Array([1, NaN, 3, 4]), 2))).toEqual([2, 4]);
    const grid = { x0: 0, x1: 4, y0: 0, y1: 2, size: 2 };
    expect(cellAt(grid, 3, 0.5)).toBe(1);
    expect(cellAt(grid, 1, 1.5)).toBe(2);
    expect(cellAt(grid, 5, 1)).toBeNull();
  });

  it('boundaryDims: tables of 2..256 numeric inputs, nothing else', () => {
    const t = (d: number) => ({ kind: 'tabular' as const, inputShape: [d], x: new Float32Array(d) });
    expect(boundaryDims(t(2))).toBe(2);
    expect(boundaryDims(t(7))).toBe(7);
    expect(boundaryDims(t(1))).toBe(0);
    expect(boundaryDims(t(300))).toBe(0);
    expect(boundaryDims({ kind: 'image' as const, inputShape: [28, 28, 1], x: new Uint8Array(784) })).toBe(0);
  });

  it('the engine draws a four-input model over the picked pair and answers a new pair at once after training', async () => {
    const count = 200;
    const base = spiral(count);
    // Two copies of the spiral's features: four inputs.
    const x = new Float32Array(count * 4);
    for (let i = 0; i < count; i++) x.set([base.x[2 * i], base.x[2 * i + 1], base.x[2 * i] * 2, base.x[2 * i + 1] * 2], 4 * i);
    const ds: Dataset = { ...base, inputShape: [4], x, featureNames: ['a', 'b', 'c', 'd'], fingerprint: 'spiral4' };
    const sent: FromEngine[] = [];
    const host = new TrainingHost((m) => sent.push(m));
    await host.handle({ type: 'setDataset', dataset: ds });
    const spec = specFromPreset('mlp-small', { kind: 'tabular', task: 'classification', numClasses: 3 });
    spec.training.epochs = 1;
    spec.training.batchSize = 32;
    await host.handle({ type: 'start', runId: 'r4', spec, backend: 'cpu' });
    const grids = () => sent.flatMap((m) => (m.type === 'boundary' ? [m.grid] : []));
    expect(grids().length).toBeGreaterThan(0);
    expect(grids().at(-1)!.features).toEqual([0, 1]);
    await host.handle({ type: 'setBoundaryFeatures', features: [3, 2] });
    const last = grids().at(-1)!;
    expect(last.features).toEqual([3, 2]);
    // The plane spans feature 3 (twice feature 1) across.
    const r = boundaryRange(x, null, 0.1, { dims: 4, features: [3, 2] });
    expect(last.x0).toBeCloseTo(r.x0);
    expect(last.y1).toBeCloseTo(r.y1);
  }, 60_000);
});
