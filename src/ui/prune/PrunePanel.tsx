import { useStudio, useStudioShallow } from '../../store/context';
import { pruneBlocked } from '../../store/pruneController';
import { Panel } from '../Panel';
import { PrunePanelView } from './PrunePanelView';

/** "Prune": the trained model's sparsity ↔ accuracy curve and sizes, and a pruned copy to keep (shown once a model is trained). */
export function PrunePanel() {
  const prune = useStudio((s) => s.prune);
  const hasModel = useStudio((s) => s.mode === 'studio' && s.run.evaluation != null);
  const blocked = useStudio(pruneBlocked);
  const task = useStudio((s) => s.dataset.data?.task ?? 'classification');
  const a = useStudioShallow((s) => ({ setOptions: s.setPruneOptions, run: s.runPruneCurve, stop: s.stopPrune, use: s.usePrunedModel }));
  if (!hasModel && prune.points.length === 0) return null;
  const percent = task === 'classification';
  return (
    <Panel title="Prune (compress the model)" testId="prune-section">
      <PrunePanelView
        blocked={prune.status === 'running' ? null : blocked}
        options={prune.options}
        onOptions={a.setOptions}
        status={prune.status}
        progress={prune.progress}
        message={prune.message}
        points={prune.points}
        inUse={prune.inUse}
        metricLabel={percent ? 'test accuracy' : 'test MAE'}
        percent={percent}
        onRun={() => void a.run()}
        onStop={a.stop}
        onUse={(t) => void a.use(t)}
      />
    </Panel>
  );
}
