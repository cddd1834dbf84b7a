import type { ScheduleSpec } from '../models/spec';

/**
 * How far (in epochs) the warm-up ramp is shifted forward, so that the very first step (epoch 0) does not get a
 * learning rate of 0 — a step at rate 0 is wasted work. Callers that know the number of steps per epoch can pass
 * `1 / stepsPerEpoch` instead, which makes the ramp the usual per-step one: step k of W warm-up steps gets
 * base × (k + 1) / W.
 */
export const WARMUP_OFFSET_EPOCHS = 0.01;

/**
 * Step boundaries are compared with this slack: a fractional epoch built as `e + b / n` may land a hair below an
 * integer it should equal (2.9999999999999996), which would otherwise delay a step decay by one batch.
 */
const BOUNDARY_SLACK = 1e-9;

/**
 * The learning rate at a (fractional) point of training.
 *
 * - `epoch`: 0 at the start of training, 1.5 halfway through the second epoch. Negative or NaN is read as 0.
 * - Warm-up (when `s.warmupEpochs` > 0), for epoch < warmupEpochs:
 *     base × min(1, (epoch + ε) / warmupEpochs)   with ε = `warmupOffset` (default {@link WARMUP_OFFSET_EPOCHS}).
 *   So the first step gets base × ε / warmupEpochs, the rate reaches base at epoch warmupEpochs − ε and stays
 *   there until the warm-up ends.
 * - After it, with t = epoch − warmupEpochs (the decay is measured from the end of warm-up, so every kind starts
 *   at exactly base there and the curve is continuous):
 *     constant:    base
 *     step:        base × factor^floor(t / stepEpochs)
 *     exponential: base × factor^t
 *     cosine:      min + (base − min) × (1 + cos(π · t / T)) / 2,   T = totalEpochs − warmupEpochs,
 *                  with t clamped to [0, T] (so it stays at min after T) and min = min(minLearningRate, base)
 *                  (a floor above base would make "decay" rise; the spec allows it, the schedule ignores it).
 *                  When T ≤ 0 (warm-up as long as training) there is nothing to decay: base.
 *   step and exponential ignore minLearningRate, as the spec describes them.
 */
export function learningRateAt(base: number, s: ScheduleSpec, epoch: number, totalEpochs: number, warmupOffset: number = WARMUP_OFFSET_EPOCHS): number {
  const e = epoch > 0 ? epoch : 0; // also maps NaN to 0
  const warmup = s.warmupEpochs > 0 ? s.warmupEpochs : 0;
  if (e < warmup) return base * Math.min(1, (e + Math.max(0, warmupOffset)) / warmup);
  const t = e - warmup;
  switch (s.kind) {
    case 'constant':
      return base;
    case 'step':
      // factor 1 would give 1^Infinity = NaN for an infinite epoch; it means "no decay" anyway.
      return s.factor === 1 ? base : base * Math.pow(s.factor, Math.floor(t / s.stepEpochs + BOUNDARY_SLACK));
    case 'exponential':
      return s.factor === 1 ? base : base * Math.pow(s.factor, t);
    case 'cosine': {
      const T = totalEpochs - warmup;
      if (!(T > 0)) return base;
      const min = Math.min(s.minLearningRate, base);
      const progress = Math.min(t, T) / T;
      return min + ((base - min) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
  }
}
