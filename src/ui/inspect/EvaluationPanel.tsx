import { useDeferredValue } from 'react';
import { useStudio } from '../../store/context';
import { Panel } from '../Panel';
import { useThrottledValue } from '../useThrottledValue';
import { ClassificationInspector } from './ClassificationInspector';
import { RegressionInspector } from './RegressionInspector';

export function EvaluationPanel() {
  // A new evaluation re-renders the heaviest panel: at most once a second while training (small models end an epoch
  // every few dozen ms), and deferred, so React renders it in slices between frames.
  const training = useStudio((s) => s.run.status === 'running');
  const evaluation = useDeferredValue(useThrottledValue(useStudio((s) => s.run.evaluation), 1000, training));
  const split = useStudio((s) => s.run.split);
  const data = useStudio((s) => s.dataset.data);
  if (!evaluation || !data || !split) {
    return (
      <Panel title="Evaluation and inspection" testId="evaluation-panel">
        <p className="ts-muted">
          After each epoch the model is scored on the held-out test set: confusion matrix, per-class scores with confidence intervals, calibration,
          a gallery of every prediction sortable by loss, confidence or uncertainty, and a look inside the model.
        </p>
      </Panel>
    );
  }
  return (
    <Panel title={`Evaluation · test set · epoch ${evaluation.epoch}`} testId="evaluation-panel">
      {evaluation.task === 'classification' ? <ClassificationInspector evaluation={evaluation} split={split} data={data} /> : <RegressionInspector evaluation={evaluation} split={split} data={data} />}
    </Panel>
  );
}
