import { useMemo, useState } from 'react';
import { useChartColors } from '../../charts/useThemeColors';
import { compareSpecs, epochDomain, seriesAxisLabel, seriesScale, type EpochSeriesKey } from '../../runs/compare';
import type { RunRecord } from '../../runs/types';
import { useStudio } from '../../store/context';
import { formatBytes } from '../../runs/checkpointCodec';
import { formatTaskMetric, metricName } from '../taskMetric';
import { EpochLines, lineStyles } from './EpochLines';
import { RunModelLoad } from './RunModelLoad';
import { RunTags } from './RunTags';

const LOSS: { key: EpochSeriesKey; name: string }[] = [
  { key: 'trainLoss', name: 'training' },
  { key: 'valLoss', name: 'validation' },
];
const METRIC: { key: EpochSeriesKey; name: string }[] = [
  { key: 'trainMetric', name: 'training' },
  { key: 'valMetric', name: 'validation' },
  { key: 'testMetric', name: 'test' },
];

/**
 * A stored run reopened: its notes and tags, its epoch history as charts, its test evaluation summary and
 * checkpoints, and its settings. (Run history keeps per-epoch summaries, the evaluation's headline numbers and
 * confusion counts, and best/last weights; not the per-example predictions.)
 */
export function RunDetail({ run, onClose }: { run: RunRecord; onClose: () => void }) {
  const edit = useStudio((s) => s.editStoredRun);
  const [notes, setNotes] = useState(run.notes ?? '');
  const [saved, setSaved] = useState(true);
  const c = useChartColors();
  const styles = lineStyles(c, 3);
  const domain = epochDomain([run]);
  const rows = useMemo(() => {
    const k = seriesScale('valMetric', run.task);
    return [...run.epochs]
      .sort((a, b) => a.epoch - b.epoch)
      .map((e) => ({
        epoch: e.epoch,
        trainLoss: e.trainLoss,
        valLoss: e.valLoss ?? undefined,
        trainMetric: e.trainMetric * k,
        valMetric: e.valMetric != null ? e.valMetric * k : undefined,
        testMetric: e.testMetric != null ? e.testMetric * k : undefined,
      }));
  }, [run.epochs, run.task]);
  const settings = useMemo(() => compareSpecs([run.spec]), [run.spec]);
  const metricTitle = seriesAxisLabel('valMetric', run.task).replace(/^validation /, '');
  const hasVal = run.epochs.some((e) => e.valLoss != null);
  const saveNotes = async () => {
    if (notes === (run.notes ?? '')) return setSaved(true);
    const problem = await edit(run.id, { notes });
    setSaved(problem === null);
  };
  const ev = run.evaluation;
  const labels = ev?.confusion ? ev.confusion.map((_, i) => String(i)) : [];

  return (
    <section className="ts-run-detail" aria-label={`Run ${run.name}`} data-testid="run-detail">
      <div className="ts-run-detail-head">
        <h3>{run.name}</h3>
        <button type="button" onClick={onClose} aria-label={`Close run ${run.name}`} data-testid="run-detail-close">
          Close
        </button>
      </div>
      <p className="ts-muted ts-small">
        {run.spec.name} on {run.datasetName} · {run.status} · {run.epochsDone}/{run.totalEpochs} epochs · {run.backend ?? 'backend unknown'} · started {new Date(run.startedAt).toLocaleString()}
        {run.error ? ` · ${run.error}` : ''}
      </p>
      <div className="ts-run-detail-meta">
        <label className="ts-field ts-run-notes">
          <span>Notes {saved ? null : <em className="ts-muted">(not saved yet)</em>}</span>
          <textarea
            rows={2}
            maxLength={2000}
            value={notes}
            data-testid="run-notes"
            placeholder="What you tried, what you saw"
            onChange={(e) => {
              setNotes(e.target.value);
              setSaved(false);
            }}
            onBlur={() => void saveNotes()}
          />
        </label>
        <RunTags id={run.id} name={run.name} tags={run.tags ?? []} editable />
      </div>
      {rows.length === 0 ? (
        <p className="ts-muted ts-small">This run ended before its first epoch, so it has no epoch history.</p>
      ) : (
        <div className="ts-run-detail-charts">
          <EpochLines
            title="Loss by epoch"
            yLabel="loss"
            rows={rows}
            domain={domain}
            lines={LOSS.filter((l) => l.key !== 'valLoss' || hasVal).map((l, i) => ({ key: l.key, name: l.name, ...styles[i] }))}
            testId="run-detail-loss"
          />
          <EpochLines
            title={`${metricTitle.charAt(0).toUpperCase()}${metricTitle.slice(1)} by epoch`}
            yLabel={metricTitle}
            rows={rows}
            domain={domain}
            lines={METRIC.filter((l) => rows.some((r) => (r as Record<string, number | undefined>)[l.key] !== undefined)).map((l, i) => ({ key: l.key, name: l.name, ...styles[i] }))}
            testId="run-detail-metric"
          />
        </div>
      )}
      <h4>Evaluation on the test split</h4>
      {ev ? (
        <div data-testid="run-detail-eval">
          <p>
            Test {metricName(run.task)}: <strong>{formatTaskMetric(run.task, ev.metric)}</strong>
            {ev.ece != null ? ` · expected calibration error ${(ev.ece * 100).toFixed(1)}%` : ''}
          </p>
          {ev.confusion ? (
            // Focusable, so the keyboard can scroll a wide matrix on a phone.
            <div className="ts-epoch-scroll" tabIndex={0} role="region" aria-label="Stored confusion counts">
              <table className="ts-table ts-confusion-counts">
                <caption className="ts-muted ts-small">Confusion counts: rows are true classes, columns predicted</caption>
                <thead>
                  <tr>
                    <th scope="col">true \ predicted</th>
                    {labels.map((l) => (
                      <th key={l} scope="col" className="num">
                        {l}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {ev.confusion.map((row, i) => (
                    <tr key={i}>
                      <th scope="row">{labels[i]}</th>
                      {row.map((n, j) => (
                        <td key={j} className={`num${i === j ? ' ts-diag' : ''}`}>
                          {n}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      ) : (
        <p className="ts-muted ts-small">No test evaluation was stored for this run (it did not finish).</p>
      )}
      <h4>Checkpoints</h4>
      <ul className="ts-small" data-testid="run-detail-checkpoints">
        {(['best', 'last'] as const).map((k) => {
          const cp = run.checkpoints[k];
          return (
            <li key={k}>
              {k}: {cp ? `after epoch ${cp.epoch}${cp.metric != null ? `, ${formatTaskMetric(run.task, cp.metric)}` : ''} (${formatBytes(cp.bytes)})` : 'none'}
            </li>
          );
        })}
      </ul>
      <RunModelLoad run={run} />
      <details>
        <summary>Settings</summary>
        <table className="ts-table" data-testid="run-detail-settings">
          <tbody>
            {settings.map((r) => (
              <tr key={r.path}>
                <th scope="row">{r.label}</th>
                <td>{r.values[0]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
