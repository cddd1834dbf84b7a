import { useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { categoricalColors } from '../../app/themeTokens';
import { useChartColors } from '../../charts/useThemeColors';
import { compareSpecs, overlaySeries } from '../../runs/compare';
import type { RunRecord } from '../../runs/types';
import { Tabs } from '../Tabs';

type SeriesKey = 'valLoss' | 'trainLoss' | 'valMetric' | 'trainMetric' | 'testMetric';
const SERIES: { key: SeriesKey; label: string }[] = [
  { key: 'valLoss', label: 'Validation loss' },
  { key: 'trainLoss', label: 'Training loss' },
  { key: 'valMetric', label: 'Validation metric' },
  { key: 'trainMetric', label: 'Training metric' },
  { key: 'testMetric', label: 'Test metric' },
];

/** Overlaid per-epoch curves of the picked runs, and their settings side by side with differences marked. */
export function RunCompare({ runs }: { runs: RunRecord[] }) {
  const [key, setKey] = useState<SeriesKey>('valLoss');
  const COLORS = categoricalColors(useChartColors()).slice(0, 7);
  const [onlyDiff, setOnlyDiff] = useState(true);
  const rows = useMemo(() => overlaySeries(runs, key), [runs, key]);
  const spec = useMemo(() => compareSpecs(runs.map((r) => r.spec)), [runs]);
  const shownSpec = onlyDiff ? spec.filter((r) => r.differs) : spec;
  return (
    <div className="ts-compare" data-testid="run-compare">
      <h3>Compare {runs.length} runs</h3>
      <Tabs label="Compared curve" items={SERIES} selected={key} onSelect={setKey}>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="epoch" tick={{ fontSize: 11 }} allowDecimals={false} />
          <YAxis tick={{ fontSize: 11 }} width={52} domain={['auto', 'auto']} tickFormatter={(v: number) => String(Number(v.toPrecision(3)))} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))} />
          <Legend />
          {runs.map((r, i) => (
            <Line key={r.id} dataKey={r.id} name={r.name} stroke={COLORS[i % COLORS.length]} dot={{ r: 2 }} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
      </Tabs>
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
