import { isBusy } from '../../store/runLifecycle';
import { useMemo } from 'react';
import type { Normalization } from '../../core/types';
import { splitFor } from '../../data/split';
import { splitConfigOf } from '../../models/spec';
import { useStudio, useStudioShallow } from '../../store/context';
import { Panel } from '../Panel';
import { ProgressBar } from '../ProgressBar';
import { mb, num } from '../format';
import { SourcePicker } from './SourcePicker';
import { EditTableButton, TablePrepDialog } from './TablePrep';

function LoadStatus() {
  const { status, stage, loaded, total, error, hasData } = useStudioShallow((s) => ({
    status: s.dataset.status,
    stage: s.dataset.stage,
    loaded: s.dataset.loaded,
    total: s.dataset.total,
    error: s.dataset.error,
    hasData: s.dataset.data !== null,
  }));
  const cancel = useStudio((s) => s.cancelDatasetLoad);
  const bytes = total != null && total > 1000;
  return (
    <>
      {status === 'loading' || status === 'idle' ? (
        <ProgressBar
          testId="dataset-progress"
          value={total ? loaded / total : null}
          label={`${stage || 'Starting'}…${bytes ? ` ${mb(loaded)} of ${mb(total!)}` : total ? ` ${num(loaded)} of ${num(total)}` : loaded > 1000 ? ` ${mb(loaded)}` : ''}`}
        />
      ) : null}
      {status === 'loading' ? (
        <div className="ts-buttons">
          <button type="button" data-testid="dataset-cancel" onClick={cancel}>
            Cancel
          </button>
        </div>
      ) : null}
      {error ? (
        <div className="ts-alert" role="alert" data-testid="dataset-error">
          <p>{error}</p>
          {hasData ? <p className="ts-small">The dataset loaded before is still loaded and usable.</p> : null}
        </div>
      ) : null}
    </>
  );
}

function CsvOptions() {
  const csv = useStudio((s) => s.dataset.csv);
  const setChoice = useStudio((s) => s.setCsvChoice);
  const busy = useStudio((s) => s.dataset.status === 'loading');
  if (!csv) return null;
  return (
    <div className="ts-grid-fields" data-testid="csv-options">
      <label className="ts-field">
        <span>Label column</span>
        <select data-testid="csv-label" value={csv.labelColumn} disabled={busy} onChange={(e) => setChoice({ labelColumn: e.target.value, task: csv.task })}>
          {csv.columns.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label className="ts-field">
        <span>Task</span>
        <select data-testid="csv-task" value={csv.task} disabled={busy} onChange={(e) => setChoice({ labelColumn: csv.labelColumn, task: e.target.value as 'classification' | 'regression' })}>
          <option value="classification">classification (label is a class)</option>
          <option value="regression">regression (label is a number)</option>
        </select>
      </label>
    </div>
  );
}

function SplitOptions() {
  const data = useStudio((s) => s.dataset.data);
  const ref = useStudio((s) => s.spec.dataset);
  const valFraction = useStudio((s) => s.spec.training.validationFraction);
  const setOptions = useStudio((s) => s.setDataOptions);
  const busy = useStudio((s) => isBusy(s.run.status));
  const split = useMemo(() => (data ? splitFor(data, splitConfigOf({ dataset: ref, training: { validationFraction: valFraction } })) : null), [data, ref, valFraction]);
  if (!data || !split) return null;
  const ownTest = data.testFrom != null;
  return (
    <details className="ts-split" open>
      <summary>
        <span data-testid="split-summary">
          {num(split.train.length)} train · {num(split.validation.length)} validation · {num(split.test.length)} test
        </span>
        {ownTest ? <span className="ts-muted ts-small"> (test set from the source)</span> : null}
      </summary>
      <div className="ts-grid-fields">
        <label className="ts-field" title={ownTest ? 'This dataset brings its own test set' : undefined}>
          <span>Test fraction</span>
          <input type="number" min={0.05} max={0.5} step={0.05} disabled={busy || ownTest} value={ref.testFraction} onChange={(e) => setOptions({ testFraction: Number(e.target.value) })} />
        </label>
        <label className="ts-field">
          <span>Validation fraction</span>
          <input type="number" min={0} max={0.5} step={0.05} disabled={busy} value={valFraction} onChange={(e) => setOptions({ validationFraction: Number(e.target.value) })} />
        </label>
        <label className="ts-field">
          <span>Split seed</span>
          <input type="number" step={1} disabled={busy} value={ref.splitSeed} data-testid="split-seed" onChange={(e) => setOptions({ splitSeed: Math.trunc(Number(e.target.value)) })} />
        </label>
        <label className="ts-field">
          <span>Normalisation</span>
          <select disabled={busy} value={ref.normalization} data-testid="normalization" onChange={(e) => setOptions({ normalization: e.target.value as Normalization })}>
            <option value="scale01">{data.kind === 'image' ? 'scale to 0–1 (÷255)' : 'min–max to 0–1'}</option>
            <option value="standardize">standardise (mean 0, std 1)</option>
            <option value="none">none</option>
          </select>
        </label>
      </div>
    </details>
  );
}

/** Warnings about the loaded data; stray IDX labels can be dropped with one click (the file is read again). */
function DataWarnings() {
  const warnings = useStudio((s) => s.dataset.warnings);
  const source = useStudio((s) => s.dataset.source);
  const load = useStudio((s) => s.loadDataset);
  if (!warnings.length) return null;
  const canDrop = (source?.type === 'files' || source?.type === 'url') && !source.options.idx?.dropOutliers && warnings.some((w) => w.includes('kept as its own class'));
  return (
    <div className="ts-callout" role="status" data-testid="dataset-warnings">
      <ul className="ts-warnings">
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
      {canDrop && source && (source.type === 'files' || source.type === 'url') ? (
        <button type="button" data-testid="drop-stray-labels" onClick={() => void load({ ...source, options: { ...source.options, idx: { dropOutliers: true } } })}>
          Drop those examples
        </button>
      ) : null}
    </div>
  );
}

export function DatasetPanel() {
  const data = useStudio((s) => s.dataset.data);
  const loadMs = useStudio((s) => s.dataset.loadMs);
  const skipped = useStudio((s) => s.dataset.skipped);
  return (
    <Panel title="Dataset" testId="dataset-panel">
      <SourcePicker />
      <LoadStatus />
      <TablePrepDialog />
      <EditTableButton />
      {data ? (
        <div data-testid="dataset-ready" className="ts-dataset-info">
          <div className="ts-kv">
            <span>Name</span>
            <strong data-testid="dataset-name">{data.name}</strong>
            <span>Data</span>
            <span data-testid="dataset-shape">
              {num(data.count)} × [{data.inputShape.join('×')}] {data.kind === 'image' ? 'images' : 'features'},{' '}
              {data.task === 'classification' ? `${data.numClasses} classes` : `regression on ${data.targetName}`}
            </span>
            <span>Source</span>
            <span className="ts-small">{data.source}</span>
            <span>Fingerprint</span>
            <code title="A hash of every input and target: results record it so they can be traced to this exact data." data-testid="fingerprint">
              {data.fingerprint}
            </code>
            {loadMs != null ? (
              <>
                <span>Loaded in</span>
                <span data-testid="load-time">{loadMs < 1000 ? `${Math.round(loadMs)} ms` : `${(loadMs / 1000).toFixed(1)} s`}</span>
              </>
            ) : null}
          </div>
          <DataWarnings />
          <CsvOptions />
          <SplitOptions />
          {skipped.length ? (
            <details className="ts-small">
              <summary>{skipped.length} file(s) skipped</summary>
              <ul>
                {skipped.slice(0, 50).map((s) => (
                  <li key={s.path}>
                    {s.path}: {s.reason}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      ) : null}
    </Panel>
  );
}
