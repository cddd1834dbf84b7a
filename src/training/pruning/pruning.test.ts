import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMasks, isPrunable, magnitudeMasks, prunableProblem, sparsityOf, type NamedValues } from './masks';
import { pruneTargetProblem, scheduleProblem, sparsityAt, updatesMaskAt, type PruneSchedule } from './schedule';

const kernel = (name: string, rows: number, cols: number, f: (i: number) => number): NamedValues => ({
  name,
  shape: [rows, cols],
  values: Float32Array.from({ length: rows * cols }, (_, i) => f(i)),
});
const bias = (name: string, n: number): NamedValues => ({ name, shape: [n], values: new Float32Array(n).fill(0.5) });

describe('magnitude masks', () => {
  it('prunes exactly floor(s·n) of each kernel, the smallest magnitudes, and never a bias', () => {
    fc.assert(
      fc.property(fc.float32Array({ minLength: 2, maxLength: 200, noNaN: true, noDefaultInfinity: true }), fc.double({ min: 0, max: 0.99, noNaN: true }), (raw, s) => {
        const w: NamedValues = { name: 'dense_Dense1/kernel', shape: [raw.length, 1], values: raw };
        const [mask, none] = magnitudeMasks([w, bias('dense_Dense1/bias', 3)], s, 'layer');
        expect(none).toBeNull();
        const pruned = mask!.reduce((n, m) => n + (m ? 0 : 1), 0);
        expect(pruned).toBe(Math.floor(s * raw.length));
        // Every kept weight is at least as large in magnitude as every pruned one.
        let maxPruned = -Infinity;
        let minKept = Infinity;
        mask!.forEach((m, i) => {
          const a = Math.abs(raw[i]);
          if (m) minKept = Math.min(minKept, a);
          else maxPruned = Math.max(maxPruned, a);
        });
        expect(maxPruned <= minKept).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('per layer: every kernel ends at the target; global: one threshold, so the layer of small weights loses more', () => {
    const small = kernel('dense_Dense1/kernel', 10, 10, (i) => (i + 1) * 0.001);
    const large = kernel('dense_Dense2/kernel', 10, 10, (i) => (i + 1) * 0.1);
    const perLayer = applyMasks([small, large], magnitudeMasks([small, large], 0.5, 'layer'));
    expect(perLayer.map((w) => sparsityOf(w.values))).toEqual([0.5, 0.5]);
    const global = applyMasks([small, large], magnitudeMasks([small, large], 0.5, 'global'));
    expect(sparsityOf(global[0].values)).toBe(1);
    expect(sparsityOf(global[1].values)).toBe(0);
    // Overall the target holds.
    expect((sparsityOf(global[0].values) + sparsityOf(global[1].values)) / 2).toBe(0.5);
  });

  it('knows which weights are prunable', () => {
    expect(isPrunable({ name: 'conv2d_Conv2D1/kernel', shape: [3, 3, 1, 8] })).toBe(true);
    expect(isPrunable({ name: 'lstm_LSTM1/recurrent_kernel', shape: [32, 128] })).toBe(true);
    expect(isPrunable({ name: 'dense_Dense1/bias', shape: [10] })).toBe(false);
    expect(isPrunable({ name: 'batch_normalization_1/gamma', shape: [8] })).toBe(false);
    expect(isPrunable({ name: 'vit/position_embedding/kernel', shape: [17, 32] })).toBe(false);
    expect(prunableProblem([{ name: 'batch_normalization_1/gamma', shape: [8] }])).toMatch(/no prunable weights/);
    expect(prunableProblem([{ name: 'dense_Dense1/kernel', shape: [4, 2] }])).toBeNull();
  });

  it('refuses targets of 0 % and 100 % or more with the reason', () => {
    expect(pruneTargetProblem(0)).toMatch(/removes nothing/);
    expect(pruneTargetProblem(1)).toMatch(/every weight/);
    expect(pruneTargetProblem(1.2)).toMatch(/120 %/);
    expect(pruneTargetProblem(Number.NaN)).toMatch(/number/);
    expect(pruneTargetProblem(0.8)).toBeNull();
    expect(() => magnitudeMasks([], 1, 'layer')).toThrow(RangeError);
  });
});

describe('polynomial schedule (TF MOT PolynomialDecay)', () => {
  const s: PruneSchedule = { initialSparsity: 0, finalSparsity: 0.8, beginStep: 10, endStep: 110, power: 3, frequency: 10 };

  it('rises from the initial to the final sparsity, fast at first, and holds after the end', () => {
    expect(sparsityAt(0, s)).toBe(0);
    expect(sparsityAt(10, s)).toBe(0);
    // Halfway: 0.8 · (1 − 0.5³) = 0.7.
    expect(sparsityAt(60, s)).toBeCloseTo(0.7, 10);
    expect(sparsityAt(110, s)).toBe(0.8);
    expect(sparsityAt(500, s)).toBe(0.8);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), (step) => {
        expect(sparsityAt(step + 1, s)).toBeGreaterThanOrEqual(sparsityAt(step, s));
      }),
    );
  });

  it('updates masks every `frequency` steps inside the window and at its end', () => {
    const steps = Array.from({ length: 130 }, (_, i) => i).filter((i) => updatesMaskAt(i, s));
    expect(steps).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110]);
    expect(scheduleProblem(s)).toBeNull();
    expect(scheduleProblem({ ...s, endStep: 10 })).toMatch(/end after it begins/);
    expect(scheduleProblem({ ...s, finalSparsity: 0 })).toMatch(/removes nothing/);
  });
});
