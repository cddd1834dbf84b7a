import { CartesianGrid, ErrorBar, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useChartColors } from '../../charts/useThemeColors';
import type { PruneCurvePoint } from '../../store/pruneTypes';

/** Test accuracy (with its 95 % Wilson interval) against sparsity, and against the compressed size of the weights. */
const capital = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

export function PruneCharts({ points, metricLabel, percent }: { points: PruneCurvePoint[]; metricLabel: string; percent: boolean }) {
  const c = useChartColors();
  const y = (v: number) => (percent ? v * 100 : v);
  const rows = points.map((p) => ({
    sparsity: p.reached * 100,
    metric: y(p.metric),
    err: p.interval ? [y(p.metric) - y(p.interval[0]), y(p.interval[1]) - y(p.metric)] : [0, 0],
    f32: p.sizes.float32Gzip / 1024,
    u8: p.sizes.uint8Gzip / 1024,
  }));
  const bySize = (key: 'f32' | 'u8') => [...rows].sort((a, b) => a[key] - b[key]).map((r) => ({ kb: r[key], metric: r.metric, err: r.err }));
  const yAxis = <YAxis type="number" domain={['auto', 'auto']} tick={{ fontSize: 11 }} width={52} label={{ value: metricLabel, angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }} />;
  const fmt = (v: unknown) => (typeof v === 'number' ? (percent ? `${v.toFixed(2)}%` : v.toFixed(4)) : String(v));
  return (
    <div className="ts-prune-charts">
      <figure data-testid="prune-chart-sparsity">
        <figcaption className="ts-chart-title">{capital(metricLabel)} against sparsity (error bars: 95 % Wilson interval on {(points[0]?.testCount ?? 0).toLocaleString('en-US')} test items)</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 18, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={c.grid} />
            <XAxis type="number" dataKey="sparsity" domain={[0, 100]} tick={{ fontSize: 11 }} tickFormatter={(v: number) => `${v}%`} label={{ value: 'weights pruned (%)', position: 'insideBottom', offset: -10 }} />
            {yAxis}
            <Tooltip formatter={fmt} labelFormatter={(v) => `${Number(v).toFixed(1)}% pruned`} />
            <Line dataKey="metric" name={metricLabel} stroke={c.blue} strokeWidth={2} isAnimationActive={false}>
              <ErrorBar dataKey="err" width={6} stroke={c.blue} direction="y" />
            </Line>
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure data-testid="prune-chart-size">
        <figcaption className="ts-chart-title">{capital(metricLabel)} against the gzip size of the weights</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart margin={{ top: 8, right: 16, bottom: 18, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={c.grid} />
            <XAxis type="number" dataKey="kb" domain={[0, 'auto']} tick={{ fontSize: 11 }} tickFormatter={(v: number) => `${Math.round(v)} KB`} label={{ value: 'gzip size (KB)', position: 'insideBottom', offset: -10 }} allowDuplicatedCategory={false} />
            {yAxis}
            <Tooltip formatter={fmt} labelFormatter={(v) => `${Number(v).toFixed(1)} KB`} />
            <Legend verticalAlign="top" height={24} />
            <Line data={bySize('f32')} dataKey="metric" name="float32 weights" stroke={c.blue} strokeWidth={2} isAnimationActive={false} />
            <Line data={bySize('u8')} dataKey="metric" name="uint8 weights" stroke={c.orange} strokeWidth={2} strokeDasharray="6 4" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}

