import { describe, expect, it } from 'vitest';
import { estimateCost } from './cost';
import { inferShapes, type Shape } from './shapes';
import type { LayerSpec } from './spec';

const costOf = (layers: LayerSpec[], input: Shape, batch: number) => estimateCost(inferShapes(layers, input), layers, batch);

describe('estimateCost', () => {
  it('matches a hand computation for a small conv net', () => {
    // [4, 4, 1] → conv 2@3×3 valid → [2, 2, 2] → flatten [8] → dense 3.
    const layers: LayerSpec[] = [
      { type: 'conv2d', filters: 2, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' },
      { type: 'flatten' },
      { type: 'dense', units: 3, activation: 'softmax' },
    ];
    const c = costOf(layers, [4, 4, 1], 10);
    // conv: 8 outputs × 9 multiply-adds × 2 = 144; flatten free; dense: 8 × 3 × 2 = 48.
    expect(c.flopsPerSample).toBe(192);
    // params: conv 9·2 + 2 = 20, dense 8·3 + 3 = 27 → 47 × 4 bytes.
    expect(c.weightBytes).toBe(188);
    // activations: conv 8 + dense 3 (flatten is a view) = 11 values × batch 10 × 4 bytes.
    expect(c.activationBytes).toBe(440);
    // Adam: 4 × weights; training keeps activations and their gradients: 2 ×.
    expect(c.trainingBytes).toBe(4 * 188 + 2 * 440);
  });

  it('counts cheap layers by the values they read', () => {
    const layers: LayerSpec[] = [
      { type: 'maxPool2d', poolSize: 2, strides: 2, padding: 'valid' },
      { type: 'dropout', rate: 0.5 },
      { type: 'globalAvgPool2d' },
    ];
    const c = costOf(layers, [4, 4, 1], 1);
    // pool reads 16, dropout reads 4, global pool reads 4.
    expect(c.flopsPerSample).toBe(24);
    // outputs 4 + 4 + 1 values.
    expect(c.activationBytes).toBe(9 * 4);
    expect(c.weightBytes).toBe(0);
  });

  it('counts residual blocks and recurrent layers', () => {
    // Residual on [4, 4, 2], 2 filters, 3×3, no projection: 16 pixels × 2 filters × (9·2 + 9·2) MACs × 2, + 5 passes over 32 values.
    const res = costOf([{ type: 'residual', filters: 2, kernelSize: 3, activation: 'relu' }], [4, 4, 2], 1);
    expect(res.flopsPerSample).toBe(2 * 16 * 2 * 36 + 5 * 32);
    expect(res.activationBytes).toBe(7 * 32 * 4);
    // LSTM over [3, 2, 1] (3 steps of 2 features), 4 units: 2 × 3 steps × 4 gates × 4 × (2 + 4); states of all 3 steps.
    const lstm = costOf([{ type: 'lstm', units: 4, returnSequences: false }], [3, 2, 1], 2);
    expect(lstm.flopsPerSample).toBe(576);
    expect(lstm.activationBytes).toBe(3 * 4 * 2 * 4);
    expect(lstm.weightBytes).toBe(4 * (4 * (4 * 6 + 4)));
  });
});

describe('memory limits', () => {
  it('warns above 1 GB and refuses above 4 GB, with the numbers', async () => {
    const { memoryVerdict } = await import('./cost');
    const gbytes = (n: number) => n * 1024 ** 3;
    expect(memoryVerdict({ flopsPerSample: 0, weightBytes: 1e6, activationBytes: 1e6, trainingBytes: 6e6 }, 250_000, 32).level).toBe('ok');
    const warn = memoryVerdict({ flopsPerSample: 0, weightBytes: gbytes(0.3), activationBytes: 0, trainingBytes: gbytes(1.2) }, 80_000_000, 32);
    expect(warn.level).toBe('warn');
    expect(warn.text).toMatch(/80,000,000 parameters need about 1\.2 GB/);
    const refuse = memoryVerdict({ flopsPerSample: 0, weightBytes: gbytes(4.1), activationBytes: 0, trainingBytes: gbytes(16.5) }, 1_100_000_000, 64);
    expect(refuse.level).toBe('refuse');
    expect(refuse.text).toMatch(/Too large to train in a browser: 1,100,000,000 parameters need about 17 GB.*limit is 4\.0 GB/);
  });
});
