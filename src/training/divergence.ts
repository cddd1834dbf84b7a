/**
 * A diverged run in words, for the run banner and run history. Plain functions, no tfjs: the page loads them
 * without the training engine.
 */
import type { DivergenceInfo } from './protocol';

/** 3 significant digits: 0.001, 1.23, 45600; 6.74e20 for huge (and tiny) magnitudes. */
function short(n: number): string {
  const a = Math.abs(n);
  return a !== 0 && (a >= 1e6 || a < 1e-4) ? n.toExponential(2).replace('e+', 'e') : String(Number(n.toPrecision(3)));
}

/** The learning rate to suggest after a divergence: a tenth of the one in force. */
export function suggestedLearningRate(learningRate: number): number {
  return Number((learningRate / 10).toPrecision(3));
}

/** What happened: where it diverged, what was not finite, and what is kept. */
export function divergenceWhat(d: DivergenceInfo): string {
  const what =
    d.cause === 'loss'
      ? `Training diverged at step ${d.step} (epoch ${d.epoch}): the loss is no longer a finite number (NaN or infinity)${
          d.lastFiniteLoss != null && d.lastFiniteStep != null ? `; the last finite loss was ${short(d.lastFiniteLoss)} at step ${d.lastFiniteStep}` : ''
        }.`
      : `Training diverged in epoch ${d.epoch} (by step ${d.step}): the weights are no longer finite numbers (NaN or infinity).`;
  const kept =
    d.checkpointEpoch != null
      ? ` The run stopped; the checkpoint of epoch ${d.checkpointEpoch}, the last finite one, is kept in Runs. The model in memory is not usable.`
      : ' The run stopped before any epoch finished, so there is no checkpoint to keep; the model in memory is not usable.';
  return what + kept;
}

/** What to try: a tenth of the learning rate, or gradient clipping (harder clipping when it was on). */
export function divergenceAdvice(d: Pick<DivergenceInfo, 'learningRate' | 'clipNorm'>): string {
  const lr = Number.isFinite(d.learningRate) && d.learningRate > 0 ? `Lower the learning rate to ${suggestedLearningRate(d.learningRate)} (now ${short(d.learningRate)})` : 'Lower the learning rate';
  return d.clipNorm == null
    ? `${lr}, or turn on gradient clipping (under "Schedule, regularisation, early stopping").`
    : `${lr}, or clip the gradients harder (now a global norm of ${short(d.clipNorm)}).`;
}

/** The whole story in one paragraph (run history keeps it as the run's error text). */
export function describeDivergence(d: DivergenceInfo): string {
  return `${divergenceWhat(d)} ${divergenceAdvice(d)}`;
}
