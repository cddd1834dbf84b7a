import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { specFromPreset } from '../../models/presets';
import { decodeFragment, encodeDemoLink } from '../../share/link';
import { buildModel } from '../../models/buildModel';
import { readWeights } from '../modelTransfer';
import { applyMasks, magnitudeMasks, sparsityOf } from './masks';
import { shippingSizes, weightSizes } from './weightSize';

describe('weight sizes', () => {
  it('zeros shrink gzip, not the raw bytes; uint8 codes are about a quarter of float32', () => {
    const rng = createRng(5);
    const dense = Float32Array.from({ length: 20_000 }, () => rng() - 0.5);
    const pruned = dense.map((v, i) => (i % 10 < 8 ? 0 : v));
    const a = weightSizes([{ values: dense }]);
    const b = weightSizes([{ values: pruned }]);
    expect(a.float32).toBe(80_000);
    expect(b.float32).toBe(80_000);
    // Random floats barely compress; 80 % zeros compress to well under half.
    expect(a.float32Gzip).toBeGreaterThan(0.8 * 80_000);
    expect(b.float32Gzip).toBeLessThan(0.45 * a.float32Gzip);
    expect(a.uint8Gzip).toBeLessThan(0.3 * a.float32Gzip);
    expect(b.uint8Gzip).toBeLessThan(a.uint8Gzip);
  });
});

describe('shipping sizes: the demo link', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('a CNN too long for a demo link fits once 90 % pruned, and the link brings the zeros back exactly', async () => {
    const spec = specFromPreset('cnn');
    const model = buildModel(spec, [28, 28, 1]);
    // Glorot-initialised weights, spread like trained ones: their uint8 codes barely compress.
    const dense = await readWeights(model);
    model.dispose();
    const data = { inputShape: [28, 28, 1], classNames: Array.from({ length: 10 }, (_, i) => String(i)) };
    const before = shippingSizes(spec, dense, data);
    expect(before.demoLinkChars).toBeGreaterThan(200_000);
    expect(before.demoLinkFits).toBe(false);

    const pruned = applyMasks(dense, magnitudeMasks(dense, 0.9, 'layer')).map((w, i) => ({ ...dense[i], values: w.values }));
    const after = shippingSizes(spec, pruned, data);
    expect(after.demoLinkFits).toBe(true);
    expect(after.demoLinkChars!).toBeLessThan(before.demoLinkChars! / 2);

    // The link Share would make has that length, and every pruned weight decodes to exactly 0.
    const link = encodeDemoLink({ spec, weights: pruned, inputShape: data.inputShape, classNames: data.classNames, normalization: { kind: 'scale01' }, accuracy: null });
    expect(link.length).toBe(after.demoLinkChars);
    const back = decodeFragment(link);
    if (back.kind !== 'demo') throw new Error(`not a demo: ${back.kind}`);
    const kernel = pruned.findIndex((w) => w.shape.length === 2 && w.shape[0] > 1000);
    expect(sparsityOf(pruned[kernel].values)).toBeGreaterThan(0.89);
    const zerosKept = pruned[kernel].values.every((v, j) => v !== 0 || back.payload.weights[kernel].values[j] === 0);
    expect(zerosKept).toBe(true);
  });
});
