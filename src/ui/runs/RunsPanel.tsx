import { isBusy } from '../../store/runLifecycle';
import { useDeferredValue, useMemo, useState } from 'react';
import { RUN_STATUSES, type RunRecord, type RunStatus } from '../../runs/types';
import { useStudio } from '../../store/context';
import { Panel } from '../Panel';
import { formatTaskMetric } from '../taskMetric';
import { RunCompare } from './RunCompare';

const STATUS_LABEL: Record<RunStatus, string> = {
  running: 'running',
  paused: 'paused',
  done: 'done',
  stopped: 'stopped',
  failed: 'failed',
  interrupted: 'interrupted',
  diverged: 'diverged',
};

function when(t: number): string {
  const d = new Date(t);
  return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleDateString();
}

/** A stored run can continue when it has a checkpoint, epochs left, and nothing else trains. */
function resumable(r: RunRecord, busy: boolean): boolean {
  return !busy && (r.status === 'interrupted' || r.status === 'stopped' || r.status === 'failed') && r.checkpoints.last != null && r.epochsDone < r.totalEpochs;
}

/** Every run this browser trained (IndexedDB): status, filters, delete, resume, and pick two or more to compare. */
export function RunsPanel() {
  const history = useDeferredValue(useStudio((s) => s.history));
  const currentId = useStudio((s) => s.run.id);
  const busy = useStudio((s) => isBusy(s.run.status));
  const resume = useStudio((s) => s.resumeStoredRun);
  const remove = useStudio((s) => s.deleteStoredRun);
  const toggle = useStudio((s) => s.toggleRunSelected);
  const clearError = useStudio((s) => s.clearHistoryError);
  const [status, setStatus] = useState<RunStatus | 'all'>('all');
  const [text, setText] = useState('');

  const shown = useMemo(() => {
    const q = text.trim().toLowerCase();
    return history.runs.filter((r) => (status === 'all' || r.status === status) && (!q || `${r.name} ${r.datasetName} ${r.backend ?? ''}`.toLowerCase().includes(q)));
  }, [history.runs, status, text]);
  const selected = history.runs.filter((r) => history.selected.includes(r.id));

  return (
    <Panel title={`Runs (${history.runs.length})`} testId="runs-panel">
      {history.status === 'off' ? <p className="ts-muted ts-small">Run history is off: {history.error ?? 'this browser offers no IndexedDB.'}</p> : null}
      {history.error && history.status !== 'off' ? (
        <div className="ts-alert" role="alert" data-testid="runs-error">
          <p>{history.error}</p>
          <button type="button" onClick={clearError}>
            Dismiss
          </button>
        </div>
      ) : null}
      <div className="ts-grid-fields">
        <label className="ts-field">
          <span>Status</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as RunStatus | 'all')} data-testid="runs-status-filter">
            <option value="all">all</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="ts-field">
          <span>Search</span>
          <input value={text} placeholder="name, dataset, backend" onChange={(e) => setText(e.target.value)} />
        </label>
      </div>
      {shown.length === 0 ? (
        <p className="ts-muted ts-small">{history.runs.length ? 'No run matches the filters.' : 'Runs you train are kept here, with their checkpoints, across reloads.'}</p>
      ) : (
        <div className="ts-epoch-scroll">
          <table className="ts-table ts-runs-table" data-testid="runs-table">
            <thead>
              <tr>
                <th aria-label="compare" />
                <th>Run</th>
                <th>Status</th>
                <th className="num">Epochs</th>
                <th className="num">Test</th>
                <th>Backend</th>
                <th>Started</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.id} data-testid="run-row" data-status={r.status} className={r.id === currentId ? 'ts-current' : ''}>
                  <td>
                    <input type="checkbox" aria-label={`compare ${r.name}`} checked={history.selected.includes(r.id)} onChange={() => toggle(r.id)} />
                  </td>
                  <td title={`${r.datasetName}${r.fingerprint ? ` · ${r.fingerprint}` : ''}`}>
                    {r.name}
                    <div className="ts-muted ts-small">{r.datasetName}</div>
                  </td>
                  <td>
                    <span className={`ts-chip ts-status-${r.status}`} title={r.error}>
                      {STATUS_LABEL[r.status]}
                      {r.status === 'diverged' && r.divergence ? ` at step ${r.divergence.step}` : ''}
                    </span>
                  </td>
                  <td className="num">
                    {r.epochsDone}/{r.totalEpochs}
                  </td>
                  <td className="num">{r.finalMetric != null ? formatTaskMetric(r.task, r.finalMetric) : '—'}</td>
                  <td>{r.backend ?? '—'}</td>
                  <td>{when(r.startedAt)}</td>
                  <td className="ts-buttons">
                    {resumable(r, busy) ? (
                      <button type="button" data-testid="run-resume" onClick={() => void resume(r.id)} title={`Continue from the checkpoint after epoch ${r.checkpoints.last?.epoch}`}>
                        Resume
                      </button>
                    ) : null}
                    <button type="button" data-testid="run-delete" disabled={r.id === currentId && busy} onClick={() => void remove(r.id)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected.length >= 2 ? <RunCompare runs={selected} /> : history.runs.length >= 2 ? <p className="ts-muted ts-small">Tick two or more runs to overlay their curves and compare their settings.</p> : null}
    </Panel>
  );
}
