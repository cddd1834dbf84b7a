import { useDeferredValue, useMemo } from 'react';
import { exampleSize, type Dataset } from '../../core/types';
import type { DatasetSummary } from '../../data/loader/types';
import { useStudioShallow } from '../../store/context';
import { DigitImage } from '../DigitImage';
import { Panel } from '../Panel';
import { num } from '../format';
import { ScatterPlot } from './ScatterPlot';

const fmt = (v: number) => (Math.abs(v) >= 1000 ? num(Math.round(v)) : Number(v.toPrecision(4)).toString());

function ClassCounts({ ds, summary }: { ds: Dataset; summary: DatasetSummary }) {
  const max = Math.max(1, ...summary.classCounts);
  const ratio = summary.imbalanceRatio;
  return (
    <div>
      <h3 className="ts-subhead">Examples per class</h3>
      {ratio != null && ratio > 1.5 ? (
        <p className="ts-callout" data-testid="imbalance">
          Imbalanced: the largest class has {ratio.toFixed(1)}× the examples of the smallest. Accuracy can look good while small classes are
          missed; watch per-class recall.
        </p>
      ) : null}
      <ul className="ts-bars" data-testid="class-counts">
        {summary.classCounts.map((n, c) => (
          <li key={c} title={`${ds.classNames[c]}: ${num(n)}`}>
            <span className="ts-bar-label">{ds.classNames[c]}</span>
            <span className="ts-bar-track">
              <span className="ts-bar-fill" style={{ transform: `scaleX(${n / max})` }} />
            </span>
            <span className="ts-bar-value">{num(n)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ImageClasses({ ds, summary }: { ds: Dataset; summary: DatasetSummary }) {
  const [h, w, c] = ds.inputShape;
  const size = exampleSize(ds);
  const x = ds.x as Uint8Array;
  const scale = Math.max(1, Math.round(32 / Math.max(h, w)));
  return (
    <div>
      <h3 className="ts-subhead">Samples and the mean image of each class</h3>
      <table className="ts-class-grid" data-testid="class-grid">
        <tbody>
          {summary.samplesPerClass.map((idx, cls) => (
            <tr key={cls}>
              <th>{ds.classNames[cls]}</th>
              <td className="ts-mean" title="mean image">
                {summary.meanImages ? <DigitImage pixels={summary.meanImages[cls]} width={w} height={h} channels={c} scale={scale} title={`mean of class ${ds.classNames[cls]}`} /> : null}
              </td>
              {idx.map((i) => (
                <td key={i}>
                  <DigitImage pixels={x.subarray(i * size, (i + 1) * size)} width={w} height={h} channels={c} scale={scale} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TableColumns({ summary }: { summary: DatasetSummary }) {
  const rows = [...(summary.columns ?? []), ...(summary.target ? [{ ...summary.target, name: `${summary.target.name} (target)` }] : [])];
  return (
    <div>
      <h3 className="ts-subhead">Columns</h3>
      <table className="ts-table" data-testid="column-summary">
        <thead>
          <tr>
            <th>Column</th>
            <th className="num">Min</th>
            <th className="num">Max</th>
            <th className="num">Mean</th>
            <th className="num">Std</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, 40).map((r) => (
            <tr key={r.name}>
              <td>{r.name}</td>
              <td className="num">{fmt(r.min)}</td>
              <td className="num">{fmt(r.max)}</td>
              <td className="num">{fmt(r.mean)}</td>
              <td className="num">{fmt(r.std)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > 40 ? <p className="ts-muted ts-small">and {rows.length - 40} more columns</p> : null}
    </div>
  );
}

function TableScatter({ ds }: { ds: Dataset }) {
  const d = exampleSize(ds);
  const cols = useMemo(() => {
    const a = new Float32Array(ds.count);
    const b = new Float32Array(ds.count);
    for (let i = 0; i < ds.count; i++) {
      a[i] = ds.x[i * d];
      b[i] = d > 1 ? ds.x[i * d + 1] : ds.y[i];
    }
    return { a, b };
  }, [ds, d]);
  if (d > 2) return null;
  return (
    <div>
      <h3 className="ts-subhead">The data</h3>
      <ScatterPlot
        xs={cols.a}
        ys={cols.b}
        classes={ds.task === 'classification' ? ds.y : null}
        xLabel={ds.featureNames[0] ?? 'x'}
        yLabel={d > 1 ? (ds.featureNames[1] ?? 'x2') : ds.targetName}
      />
    </div>
  );
}

export function DatasetInspector() {
  // Deferred (the data and its summary together): the summary arrives just after the data, often as Train is
  // pressed, and its thumbnails render in slices that give way to the first batch.
  const { ds, summary } = useDeferredValue(useStudioShallow((s) => ({ ds: s.dataset.data, summary: s.dataset.summary })));
  if (!ds || !summary) return null;
  return (
    <Panel title={`Inspect: ${ds.name}`} testId="dataset-inspector">
      <p className="ts-small ts-muted" data-testid="value-range">
        Input values range from {fmt(summary.valueRange.min)} to {fmt(summary.valueRange.max)}
        {ds.kind === 'image' ? ' (raw pixels; scaled per batch on the device)' : ''}.
      </p>
      <div className="ts-inspect-grid">
        {ds.task === 'classification' ? <ClassCounts ds={ds} summary={summary} /> : null}
        {ds.kind === 'image' ? <ImageClasses ds={ds} summary={summary} /> : <TableScatter ds={ds} />}
        {ds.kind === 'tabular' ? <TableColumns summary={summary} /> : null}
      </div>
    </Panel>
  );
}
