import { useState } from 'react';
import type { CheckpointKind, RunRecord } from '../../runs/types';
import { useStudio } from '../../store/context';
import { isBusy } from '../../store/runLifecycle';

/**
 * "Load its model": the stored run's best or last checkpoint becomes the studio's model (evaluation, drawing,
 * export and demo links then work on it). Refusals come back from the store in words and are shown here.
 */
export function RunModelLoad({ run }: { run: RunRecord }) {
  const load = useStudio((s) => s.loadStoredRunModel);
  const busy = useStudio((s) => isBusy(s.run.status) || s.sweep.status === 'running');
  const historyOn = useStudio((s) => s.history.status === 'ready');
  const state = useStudio((s) => (s.history.modelLoad?.id === run.id ? s.history.modelLoad : null));
  const shown = useStudio((s) => (s.history.model?.id === run.id && s.history.model.engineRunId === s.run.id ? s.history.model : null));
  const kinds = (['best', 'last'] as const).filter((k) => run.checkpoints[k]);
  const [kind, setKind] = useState<CheckpointKind>(kinds[0] ?? 'best');
  const why = !historyOn
    ? 'Run history is off in this browser.'
    : kinds.length === 0
      ? 'This run stopped before its first epoch ended, so it has no checkpoint.'
      : busy
        ? 'A run is training: stop it first.'
        : null;
  const loading = state?.status === 'loading';
  const best = run.checkpoints.best;
  const last = run.checkpoints.last;

  return (
    <div className="ts-run-model" data-testid="run-model-load">
      <div className="ts-buttons">
        {kinds.length === 2 ? (
          <label className="ts-field ts-run-model-kind">
            <span>Checkpoint</span>
            <select value={kind} onChange={(e) => setKind(e.target.value as CheckpointKind)} data-testid="run-model-kind">
              <option value="best">best (epoch {best?.epoch})</option>
              <option value="last">last (epoch {last?.epoch})</option>
            </select>
          </label>
        ) : null}
        <button
          type="button"
          className="primary"
          data-testid="run-model-load-button"
          disabled={why != null || loading}
          aria-describedby={why ? `run-model-why-${run.id}` : undefined}
          onClick={() => void load(run.id, kinds.length === 2 ? kind : (kinds[0] ?? 'best'))}
        >
          {loading ? 'Loading…' : 'Load its model'}
        </button>
      </div>
      {why ? (
        <p className="ts-muted ts-small" id={`run-model-why-${run.id}`} data-testid="run-model-why">
          {why}
        </p>
      ) : null}
      <div role="status" className="ts-small">
        {state?.status === 'loading' ? state.text : null}
        {shown && !state ? (
          <span data-testid="run-model-shown">
            Its {shown.kind} checkpoint (epoch {shown.epoch}) is the studio&apos;s model now: see Evaluate for its test results, draw or type a row to predict, and Share to export it.
          </span>
        ) : null}
      </div>
      {state?.status === 'error' ? (
        <p className="ts-field-error" role="alert" data-testid="run-model-error">
          {state.text}
        </p>
      ) : null}
    </div>
  );
}
