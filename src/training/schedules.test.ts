import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE, type ScheduleSpec } from '../models/spec';
import { learningRateAt, WARMUP_OFFSET_EPOCHS } from './schedules';

const sched = (over: Partial<ScheduleSpec>): ScheduleSpec => ({ ...DEFAULT_SCHEDULE, ...over });
const BASE = 0.1;

/** [epoch, expected rate] pairs, computed by hand (see the comments) for base 0.1. */
function expectRates(s: ScheduleSpec, total: number, cases: [number, number][], offset?: number): void {
  for (const [epoch, want] of cases) {
    const got = offset === undefined ? learningRateAt(BASE, s, epoch, total) : learningRateAt(BASE, s, epoch, total, offset);
    expect(got, `epoch ${epoch}`).toBeCloseTo(want, 12);
  }
}

describe('learningRateAt: hand-computed values', () => {
  it('constant', () => {
    expectRates(sched({ kind: 'constant' }), 10, [
      [0, 0.1],
      [3.7, 0.1],
      [10, 0.1],
      [100, 0.1],
    ]);
  });

  it('constant with a 2-epoch warm-up (default offset 0.01 epoch)', () => {
    expect(WARMUP_OFFSET_EPOCHS).toBe(0.01);
    expectRates(sched({ kind: 'constant', warmupEpochs: 2 }), 10, [
      [0, 0.0005], // 0.1 × 0.01 / 2: the first step is small but not 0
      [0.5, 0.02550], // 0.1 × 0.51 / 2
      [1, 0.0505], // 0.1 × 1.01 / 2
      [1.99, 0.1], // 0.1 × min(1, 2.00 / 2)
      [1.995, 0.1], // capped at base
      [2, 0.1],
      [7, 0.1],
    ]);
  });

  it('warm-up with the offset set to one step (4 steps per epoch): step k of W gets base × (k+1)/W', () => {
    expectRates(
      sched({ kind: 'constant', warmupEpochs: 1 }),
      5,
      [
        [0, 0.025],
        [0.25, 0.05],
        [0.5, 0.075],
        [0.75, 0.1],
        [1, 0.1],
      ],
      0.25,
    );
  });

  it('step decay: ×0.5 every 3 epochs', () => {
    expectRates(sched({ kind: 'step', factor: 0.5, stepEpochs: 3 }), 12, [
      [0, 0.1],
      [2.99, 0.1],
      [3, 0.05],
      [5.5, 0.05],
      [6, 0.025],
      [9, 0.0125],
      [11.9, 0.0125],
    ]);
  });

  it('step decay measured from the end of a 1-epoch warm-up', () => {
    expectRates(sched({ kind: 'step', factor: 0.5, stepEpochs: 3, warmupEpochs: 1 }), 12, [
      [0, 0.001], // 0.1 × 0.01 / 1
      [0.5, 0.051], // 0.1 × 0.51
      [1, 0.1], // t = 0
      [3.99, 0.1], // t = 2.99
      [4, 0.05], // t = 3
      [7, 0.025], // t = 6
    ]);
  });

  it('step boundaries survive floating-point epochs (2.3 − 0.3 = 1.9999999999999998)', () => {
    expect(2.3 - 0.3).toBeLessThan(2);
    expectRates(sched({ kind: 'step', factor: 0.5, stepEpochs: 1, warmupEpochs: 0.3 }), 10, [[2.3, 0.025]]);
  });

  it('exponential: ×0.9 per epoch, continuous in the epoch', () => {
    expectRates(sched({ kind: 'exponential', factor: 0.9 }), 10, [
      [0, 0.1],
      [1, 0.09],
      [2, 0.081],
      [2.5, 0.1 * 0.81 * Math.sqrt(0.9)], // 0.9^2.5 = 0.81 × √0.9 ≈ 0.0768433
      [10, 0.1 * 0.3486784401], // 0.9^10
    ]);
  });

  it('exponential after a 2-epoch warm-up', () => {
    expectRates(sched({ kind: 'exponential', factor: 0.9, warmupEpochs: 2 }), 10, [
      [1, 0.0505], // 0.1 × 1.01 / 2
      [2, 0.1],
      [3, 0.09],
      [4, 0.081],
    ]);
  });

  it('cosine from 0.1 to 0.001 over 10 epochs', () => {
    const s = sched({ kind: 'cosine', minLearningRate: 0.001 });
    expectRates(s, 10, [
      [0, 0.1],
      [2.5, 0.001 + (0.099 * (1 + Math.SQRT1_2)) / 2], // cos(π/4) = √½ → ≈ 0.0855018
      [5, 0.0505], // 0.001 + 0.099 × ½
      [7.5, 0.001 + (0.099 * (1 - Math.SQRT1_2)) / 2], // ≈ 0.0154982
      [10, 0.001],
      [12, 0.001], // clamped past the end
    ]);
  });

  it('cosine after a 2-epoch warm-up: T = 10 − 2 = 8', () => {
    const s = sched({ kind: 'cosine', minLearningRate: 0.001, warmupEpochs: 2 });
    expectRates(s, 10, [
      [0, 0.0005],
      [2, 0.1],
      [4, 0.001 + (0.099 * (1 + Math.SQRT1_2)) / 2], // t/T = 1/4
      [6, 0.0505], // t/T = 1/2
      [10, 0.001],
    ]);
  });

  it('cosine edge cases: floor above base is ignored; warm-up as long as training leaves base', () => {
    expectRates(sched({ kind: 'cosine', minLearningRate: 5 }), 10, [
      [0, 0.1],
      [5, 0.1],
      [10, 0.1],
    ]);
    expectRates(sched({ kind: 'cosine', warmupEpochs: 10, minLearningRate: 0 }), 10, [
      [5, 0.0501],
      [10, 0.1],
    ]);
  });

  it('reads negative and NaN epochs as 0, and factor 1 as no decay even at infinity', () => {
    expect(learningRateAt(BASE, sched({ kind: 'step', warmupEpochs: 2 }), -3, 10)).toBeCloseTo(0.0005, 12);
    expect(learningRateAt(BASE, sched({ kind: 'cosine' }), Number.NaN, 10)).toBe(0.1);
    expect(learningRateAt(BASE, sched({ kind: 'step', factor: 1 }), Number.POSITIVE_INFINITY, 10)).toBe(0.1);
    expect(learningRateAt(BASE, sched({ kind: 'exponential', factor: 1 }), Number.POSITIVE_INFINITY, 10)).toBe(0.1);
  });
});

describe('learningRateAt: properties', () => {
  const arbSetup = fc.record({
    base: fc.double({ min: 1e-6, max: 10, noNaN: true }),
    kind: fc.constantFrom<ScheduleSpec['kind']>('constant', 'step', 'exponential', 'cosine'),
    warmupEpochs: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 50, noNaN: true })),
    stepEpochs: fc.double({ min: 1, max: 50, noNaN: true }),
    factor: fc.double({ min: 1e-3, max: 1, noNaN: true }),
    minFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    totalEpochs: fc.integer({ min: 1, max: 200 }),
  });
  const specOf = (p: { kind: ScheduleSpec['kind']; warmupEpochs: number; stepEpochs: number; factor: number; minFraction: number; base: number }): ScheduleSpec => ({
    kind: p.kind,
    warmupEpochs: p.warmupEpochs,
    stepEpochs: p.stepEpochs,
    factor: p.factor,
    minLearningRate: p.base * p.minFraction,
  });

  it('is finite, non-negative, at most base, and positive during warm-up', () => {
    fc.assert(
      fc.property(arbSetup, fc.double({ min: 0, max: 300, noNaN: true }), (p, epoch) => {
        const lr = learningRateAt(p.base, specOf(p), epoch, p.totalEpochs);
        expect(Number.isFinite(lr)).toBe(true);
        expect(lr).toBeGreaterThanOrEqual(0);
        expect(lr).toBeLessThanOrEqual(p.base * (1 + 1e-12));
        if (epoch < p.warmupEpochs) expect(lr).toBeGreaterThan(0);
      }),
    );
  });

  it('rises (non-strictly) through warm-up and falls (non-strictly) after it', () => {
    fc.assert(
      fc.property(arbSetup, fc.double({ min: 0, max: 300, noNaN: true }), fc.double({ min: 0, max: 300, noNaN: true }), (p, x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const s = specOf(p);
        const la = learningRateAt(p.base, s, a, p.totalEpochs);
        const lb = learningRateAt(p.base, s, b, p.totalEpochs);
        const slack = p.base * 1e-12;
        if (b <= p.warmupEpochs) expect(lb).toBeGreaterThanOrEqual(la - slack);
        if (a >= p.warmupEpochs) expect(lb).toBeLessThanOrEqual(la + slack);
      }),
    );
  });

  it('equals base at the end of warm-up, and cosine stays at or above its floor', () => {
    fc.assert(
      fc.property(arbSetup, fc.double({ min: 0, max: 300, noNaN: true }), (p, epoch) => {
        const s = specOf(p);
        expect(Math.abs(learningRateAt(p.base, s, p.warmupEpochs, p.totalEpochs) - p.base)).toBeLessThanOrEqual(p.base * 1e-9);
        // The floor holds after warm-up; warm-up itself starts near zero by design.
        if (s.kind === 'cosine' && epoch >= p.warmupEpochs) {
          expect(learningRateAt(p.base, s, epoch, p.totalEpochs)).toBeGreaterThanOrEqual(Math.min(s.minLearningRate, p.base) * (1 - 1e-9));
        }
      }),
    );
  });
});
