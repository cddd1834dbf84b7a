import * as tf from '@tensorflow/tfjs';
import type { Task } from '../core/types';
import type { EarlyStoppingSpec } from '../models/spec';
import type { EpochSummary } from './protocol';

export interface EarlyStopper {
  /** After each epoch: whether to stop, and why in words. Restores the best weights when asked to. */
  update(model: tf.LayersModel, epoch: number, s: EpochSummary): { stop: boolean; restored: boolean; message: string };
  /** Tensors held for the best weights (excluded from the leak check's count). */
  keptTensors(): number;
  dispose(): void;
}

/**
 * Keras-style early stopping: stop when the monitored validation value has not improved for `patience`
 * epochs; optionally put back the weights of the best epoch.
 */
export function createEarlyStopper(spec: EarlyStoppingSpec, task: Task): EarlyStopper {
  let best = Infinity;
  let bestEpoch = 0;
  let wait = 0;
  let bestWeights: tf.Tensor[] | null = null;
  // Accuracy improves upwards; losses and MAE downwards. Compare as "lower is better".
  const score = (s: EpochSummary): number | null => {
    const v = spec.monitor === 'valLoss' ? s.valLoss : s.valMetric;
    if (v == null || !Number.isFinite(v)) return null;
    return spec.monitor === 'valMetric' && task === 'classification' ? -v : v;
  };
  const name = spec.monitor === 'valLoss' ? 'validation loss' : task === 'classification' ? 'validation accuracy' : 'validation MAE';
  return {
    update(model, epoch, s) {
      if (!spec.enabled) return { stop: false, restored: false, message: '' };
      const v = score(s);
      if (v == null) return { stop: false, restored: false, message: '' };
      if (v < best - 1e-7) {
        best = v;
        bestEpoch = epoch;
        wait = 0;
        if (spec.restoreBest) {
          if (bestWeights) tf.dispose(bestWeights);
          bestWeights = model.getWeights().map((w) => w.clone());
        }
        return { stop: false, restored: false, message: '' };
      }
      wait++;
      if (wait < spec.patience) return { stop: false, restored: false, message: '' };
      let restored = false;
      if (spec.restoreBest && bestWeights) {
        model.setWeights(bestWeights);
        restored = true;
      }
      return {
        stop: true,
        restored,
        message: `Stopped early after epoch ${epoch}: the ${name} has not improved for ${spec.patience} epoch${spec.patience === 1 ? '' : 's'} (best at epoch ${bestEpoch})${restored ? '; the weights of epoch ' + bestEpoch + ' were restored' : ''}.`,
      };
    },
    keptTensors: () => bestWeights?.length ?? 0,
    dispose() {
      if (bestWeights) tf.dispose(bestWeights);
      bestWeights = null;
    },
  };
}
