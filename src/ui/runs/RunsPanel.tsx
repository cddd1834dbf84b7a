import { isBusy } from '../../store/runLifecycle';
import { useDeferredValue, useMemo, useState } from 'react';
import { allTags, nextSort, queryRuns, SORT_LABELS, tagsOf, type RunQuery, type RunSortKey } from '../../runs/query';
import { RUN_STATUSES, type RunRecord, type RunStatus } from '../../runs/types';
import { useStudio } from '../../store/context';
import { Panel } from '../Panel';
import { formatTaskMetric } from '../taskMetric';
import { MAX_COMPARED, RunCompare } from './RunCompare';
import { RunDetail } from './RunDetail';
import { RunName } from './RunName';
import { RunTags } from './RunTags';
import './runs.css';

// Kept formatters: toLocaleTimeString with options builds one per call (~80 µs in Chromium 150), once per stored run per render.
const TIME = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });
const DATE = new Intl.DateTimeFormat();

function when(t: number): string {
  const d = new Date(t);
  return d.toDateString() === new Date().toDateString() ? TIME.format(d) : DATE.format(d);
}

/** A stored run can continue when it has a checkpoint, epochs left, and nothing else trains. */
function resumable(r: RunRecord, busy: boolean): boolean {
  return !busy && (r.status === 'interrupted' || r.status === 'stopped' || r.status === 'failed') && r.checkpoints.last != null && r.epochsDone < r.totalEpochs;
}

const COLUMNS: { key: RunSortKey; num?: boolean }[] = [
  { key: 'name' },
  { key: 'status' },
  { key: 'epochs', num: true },
  { key: 'metric', num: true },
  { key: 'learningRate', num: true },
  { key: 'batchSize', num: true },
  { key: 'optimizer' },
  { key: 'started' },
];

/** Every run this browser trained (IndexedDB): rename, notes and tags, sort and filter, delete with undo, open, resume, and compare. */
export function RunsPanel() {
  const history = useDeferredValue(useStudio((s) => s.history));
  const currentId = useStudio((s) => s.run.id);
  const busy = useStudio((s) => isBusy(s.run.status));
  const resume = useStudio((s) => s.resumeStoredRun);
  const removeMany = useStudio((s) => s.deleteStoredRuns);
  const undo = useStudio((s) => s.undoDeleteRuns);
  const dismissUndo = useStudio((s) => s.dismissUndoDelete);
  const toggle = useStudio((s) => s.toggleRunSelected);
  const clearError = useStudio((s) => s.clearHistoryError);
  const [status, setStatus] = useState<RunStatus | 'all'>('all');
  const [tag, setTag] = useState('');
  const [text, setText] = useState('');
  const [sort, setSort] = useState<RunQuery['sort']>(undefined);
  const [openId, setOpenId] = useState<string | null>(null);

  const tags = useMemo(() => allTags(history.runs), [history.runs]);
  const shown = useMemo(() => queryRuns(history.runs, { status, tag, text, sort }), [history.runs, status, tag, text, sort]);
  const selected = history.runs.filter((r) => history.selected.includes(r.id));
  const opened = openId ? (history.runs.find((r) => r.id === openId) ?? null) : null;
  const liveBusy = (id: string) => id === currentId && busy;
  const deletable = selected.filter((r) => !liveBusy(r.id));
  const deleted = history.deleted;

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
      <div role="status" className="ts-runs-undo-slot">
        {deleted ? (
          <div className="ts-runs-undo" data-testid="runs-undo">
            <span>
              Deleted {deleted.count === 1 ? `run ${deleted.names[0]}` : `${deleted.count} runs`}
            </span>
            <button type="button" data-testid="runs-undo-button" onClick={() => void undo()}>
              Undo
            </button>
            <button type="button" className="ts-icon-button" aria-label="Dismiss the undo" onClick={dismissUndo}>
              ×
            </button>
          </div>
        ) : null}
      </div>
      <div className="ts-grid-fields ts-runs-filters">
        <label className="ts-field">
          <span>Status</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as RunStatus | 'all')} data-testid="runs-status-filter">
            <option value="all">all</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="ts-field">
          <span>Tag</span>
          <select value={tag} onChange={(e) => setTag(e.target.value)} data-testid="runs-tag-filter">
            <option value="">all</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="ts-field">
          <span>Search</span>
          <input value={text} placeholder="name, notes, tag, dataset…" onChange={(e) => setText(e.target.value)} data-testid="runs-search" />
        </label>
      </div>
      {selected.length > 0 ? (
        <div className="ts-buttons ts-runs-selection">
          <span className="ts-muted ts-small">{selected.length} picked</span>
          <button type="button" data-testid="runs-delete-selected" disabled={deletable.length === 0} onClick={() => void removeMany(deletable.map((r) => r.id))}>
            Delete {deletable.length === 1 ? '1 run' : `${deletable.length} runs`}
          </button>
        </div>
      ) : null}
      {shown.length === 0 ? (
        <p className="ts-muted ts-small">{history.runs.length ? 'No run matches the filters.' : 'Runs you train are kept here, with their checkpoints, across reloads.'}</p>
      ) : (
        <div className="ts-epoch-scroll ts-runs-scroll">
          <table className="ts-table ts-runs-table" data-testid="runs-table">
            <thead>
              <tr>
                <th>
                  <span className="ts-visually-hidden">Pick to compare or delete</span>
                </th>
                {COLUMNS.map((col) => {
                  const active = sort?.key === col.key;
                  return (
                    <th key={col.key} className={col.num ? 'num' : undefined} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                      <button type="button" className="ts-sort" data-testid={`runs-sort-${col.key}`} onClick={() => setSort(nextSort(sort, col.key))} aria-label={`Sort by ${SORT_LABELS[col.key]}`}>
                        {SORT_LABELS[col.key]}
                        <span aria-hidden="true">{active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                      </button>
                    </th>
                  );
                })}
                <th>
                  <span className="ts-visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => {
                const picked = history.selected.includes(r.id);
                return (
                  <tr key={r.id} data-testid="run-row" data-status={r.status} data-run-name={r.name} className={`${r.id === currentId ? 'ts-current' : ''}${r.id === openId ? ' ts-opened' : ''}`}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`compare ${r.name}`}
                        checked={picked}
                        disabled={!picked && history.selected.length >= MAX_COMPARED}
                        title={!picked && history.selected.length >= MAX_COMPARED ? `Up to ${MAX_COMPARED} runs at once` : undefined}
                        onChange={() => toggle(r.id)}
                      />
                    </td>
                    <td className="ts-run-cell" title={`${r.datasetName}${r.fingerprint ? ` · ${r.fingerprint}` : ''}`}>
                      <RunName id={r.id} name={r.name} />
                      <div className="ts-muted ts-small">
                        {r.datasetName} · {r.spec.name}
                        {r.backend ? ` · ${r.backend}` : ''}
                      </div>
                      {tagsOf(r).length ? <RunTags id={r.id} name={r.name} tags={tagsOf(r)} /> : null}
                      {r.notes ? <div className="ts-small ts-run-note">{r.notes}</div> : null}
                    </td>
                    <td>
                      <span className={`ts-chip ts-status-${r.status}`} title={r.error}>
                        {r.status}
                        {r.status === 'diverged' && r.divergence ? ` at step ${r.divergence.step}` : ''}
                      </span>
                    </td>
                    <td className="num">
                      {r.epochsDone}/{r.totalEpochs}
                    </td>
                    <td className="num">{r.finalMetric != null ? formatTaskMetric(r.task, r.finalMetric) : '—'}</td>
                    <td className="num">{r.spec.training.learningRate}</td>
                    <td className="num">{r.spec.training.batchSize}</td>
                    <td>{r.spec.training.optimizer}</td>
                    <td>{when(r.startedAt)}</td>
                    <td className="ts-buttons ts-run-actions">
                      <button type="button" data-testid="run-open" aria-label={`Open run ${r.name}`} aria-expanded={r.id === openId} onClick={() => setOpenId(r.id === openId ? null : r.id)}>
                        {r.id === openId ? 'Close' : 'Open'}
                      </button>
                      {resumable(r, busy) ? (
                        <button type="button" data-testid="run-resume" onClick={() => void resume(r.id)} title={`Continue from the checkpoint after epoch ${r.checkpoints.last?.epoch}`}>
                          Resume
                        </button>
                      ) : null}
                      <button type="button" data-testid="run-delete" aria-label={`Delete run ${r.name}`} disabled={liveBusy(r.id)} onClick={() => void removeMany([r.id])}>
                        Delete
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {opened ? <RunDetail key={opened.id} run={opened} onClose={() => setOpenId(null)} /> : null}
      {selected.length >= 2 ? <RunCompare runs={selected} /> : history.runs.length >= 2 ? <p className="ts-muted ts-small">Tick two or more runs (up to {MAX_COMPARED}) to overlay their curves and compare their settings.</p> : null}
    </Panel>
  );
}
