import { useMemo, useState } from 'react';
import { useChartColors } from '../../charts/useThemeColors';
import { commonTask, compareSpecs, epochDomain, overlaySeries, seriesAxisLabel, seriesScale, type EpochSeriesKey } from '../../runs/compare';
import type { RunRecord } from '../../runs/types';
import { runsParallel } from '../../runs/parallelCoords';
import { ParallelCoords } from '../sweep/ParallelCoords';
import { Tabs } from '../Tabs';
import { EpochLines, lineStyles } from './EpochLines';

/** The most runs one comparison overlays (colours stay tellable apart). */
export const MAX_COMPARED = 8;

const SERIES: { key: EpochSeriesKey; label: string }[] = [
  { key: 'valLoss', label: 'Validation loss' },
  { key: 'trainLoss', label: 'Training loss' },
  { key: 'valMetric', label: 'Validation metric' },
  { key: 'trainMetric', label: 'Training metric' },
  { key: 'testMetric', label: 'Test metric' },
];

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Overlaid per-epoch curves of the picked runs (one x axis for all), and their settings side by side with differences marked. */
export function RunCompare({ runs: picked }: { runs: RunRecord[] }) {
  const runs = picked.slice(0, MAX_COMPARED);
  const [key, setKey] = useState<EpochSeriesKey>('valLoss');
  const styles = lineStyles(useChartColors(), runs.length);
  const [onlyDiff, setOnlyDiff] = useState(true);
  const task = commonTask(runs);
  const rows = useMemo(() => {
    const k = seriesScale(key, task);
    return overlaySeries(runs, key).map((r) => {
      const out: Record<string, number> = { epoch: r.epoch };
      for (const run of runs) if (run.id in r) out[run.id] = r[run.id] * k;
      return out;
    });
  }, [runs, key, task]);
  const spec = useMemo(() => compareSpecs(runs.map((r) => r.spec)), [runs]);
  const shownSpec = onlyDiff ? spec.filter((r) => r.differs) : spec;
  const yLabel = seriesAxisLabel(key, task);
  const parallel = useMemo(() => runsParallel(runs), [runs]);
  return (
    <div className="ts-compare" data-testid="run-compare">
      <h3>Compare {runs.length} runs</h3>
      {picked.length > MAX_COMPARED ? <p className="ts-muted ts-small">Showing the first {MAX_COMPARED} of {picked.length} picked runs.</p> : null}
      <Tabs label="Compared curve" items={SERIES} selected={key} onSelect={setKey}>
        <EpochLines
          title={`${upperFirst(yLabel)} by epoch`}
          yLabel={yLabel}
          rows={rows}
          domain={epochDomain(runs)}
          lines={runs.map((r, i) => ({ key: r.id, name: r.name, ...styles[i] }))}
          testId="compare-chart"
        />
      </Tabs>
      {task ? (
        <ParallelCoords title="Settings → final score" axes={parallel.axes} runs={parallel.runs} higherIsBetter={task === 'classification'} fileName="runs-parallel-coordinates" testId="compare-parallel" />
      ) : null}
      <label className="ts-check">
        <input type="checkbox" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.target.checked)} /> only settings that differ
      </label>
      <div className="ts-epoch-scroll">
        <table className="ts-table" data-testid="compare-table">
          <thead>
            <tr>
              <th>Setting</th>
              {runs.map((r) => (
                <th key={r.id}>{r.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shownSpec.map((row) => (
              <tr key={row.path} className={row.differs ? 'ts-differs' : ''} data-differs={row.differs}>
                <td>{row.label}</td>
                {row.values.map((v, i) => (
                  <td key={i}>{v}</td>
                ))}
              </tr>
            ))}
            {shownSpec.length === 0 ? (
              <tr>
                <td colSpan={runs.length + 1} className="ts-muted">
                  Same settings in every picked run.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}
