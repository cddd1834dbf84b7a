import { describe, expect, it } from 'vitest';
import { describeDivergence, divergenceAdvice, suggestedLearningRate } from './divergence';

describe('divergence in words', () => {
  const base = { step: 4, epoch: 1, cause: 'loss' as const, lastFiniteLoss: 6.74e20, lastFiniteStep: 3, checkpointEpoch: null, learningRate: 10, clipNorm: null };
  it('says where, the last finite loss, what is kept, and offers a tenth of the rate or clipping', () => {
    expect(describeDivergence(base)).toBe(
      'Training diverged at step 4 (epoch 1): the loss is no longer a finite number (NaN or infinity); the last finite loss was 6.74e20 at step 3. ' +
        'The run stopped before any epoch finished, so there is no checkpoint to keep; the model in memory is not usable. ' +
        'Lower the learning rate to 1 (now 10), or turn on gradient clipping (under "Schedule, regularisation, early stopping").',
    );
    expect(describeDivergence({ ...base, cause: 'weights', step: 28, epoch: 2, checkpointEpoch: 1 })).toContain('Training diverged in epoch 2 (by step 28): the weights are no longer finite numbers');
    expect(describeDivergence({ ...base, checkpointEpoch: 3 })).toContain('the checkpoint of epoch 3, the last finite one, is kept in Runs');
    expect(divergenceAdvice({ learningRate: 0.03, clipNorm: 5 })).toBe('Lower the learning rate to 0.003 (now 0.03), or clip the gradients harder (now a global norm of 5).');
    expect(suggestedLearningRate(0.001)).toBe(0.0001);
  });
});
