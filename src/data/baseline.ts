import type { Dataset, DatasetSplit } from '../core/types';

/**
 * The score of a model that learned nothing but the training split's most common answer: the majority class
 * (classification accuracy) or the mean target (regression MAE), measured on the test split. A trained model
 * should beat it; when it does not, the features carry no signal or the training failed.
 */
export function baselineScore(ds: Pick<Dataset, 'task' | 'y' | 'numClasses'>, split: Pick<DatasetSplit, 'train' | 'test'>): { metric: number; what: string } | null {
  if (split.train.length === 0 || split.test.length === 0) return null;
  if (ds.task === 'classification') {
    const counts = new Float64Array(Math.max(1, ds.numClasses));
    for (const i of split.train) counts[ds.y[i]]++;
    let best = 0;
    for (let c = 1; c < counts.length; c++) if (counts[c] > counts[best]) best = c;
    let right = 0;
    for (const i of split.test) if (ds.y[i] === best) right++;
    return { metric: right / split.test.length, what: 'majority class' };
  }
  let sum = 0;
  for (const i of split.train) sum += ds.y[i];
  const mean = sum / split.train.length;
  let err = 0;
  for (const i of split.test) err += Math.abs(ds.y[i] - mean);
  return { metric: err / split.test.length, what: 'predict the mean' };
}
