import { useMemo } from 'react';
import { specMemoryVerdict } from '../../models/cost';
import { useStudio, useStudioShallow } from '../../store/context';
import { useModelSummary } from '../../store/selectors';

/** Why Train is disabled, or null when it can start (the Training panel says it in words too). */
export function useTrainBlocker(): { why: string | null; memory: ReturnType<typeof specMemoryVerdict> | null } {
  const { datasetStatus, engineReady, pruning } = useStudioShallow((st) => ({ datasetStatus: st.dataset.status, engineReady: st.engine.status === 'ready', pruning: st.prune.status === 'running' }));
  const summary = useModelSummary();
  const layers = useStudio((st) => st.spec.model.layers);
  const batchSize = useStudio((st) => st.spec.training.batchSize);
  const memory = useMemo(() => (summary.valid ? specMemoryVerdict(summary, layers, batchSize) : null), [summary, layers, batchSize]);
  const why = !engineReady
    ? 'The training engine is starting.'
    : pruning
      ? 'The model is being pruned: wait for the curve (or stop it in Prune).'
      : datasetStatus === 'error'
        ? 'The dataset failed to load (see above).'
        : datasetStatus !== 'ready'
          ? 'The dataset is still loading.'
          : !summary.valid
            ? (summary.outputError ?? 'The model has a shape error.')
            : memory?.level === 'refuse'
              ? memory.text
              : null;
  return { why, memory };
}
