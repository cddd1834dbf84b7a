import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { categoricalColors } from '../../app/themeTokens';
import { useChartColors } from '../../charts/useThemeColors';
import { knobInfo, type KnobId } from '../../models/sweep';
import type { SweepResult } from '../../store/types';


/** Final validation score against the first knob; one colour per value of the second knob. */
export function SweepChart({ results, knobs, metricLabel, percent }: { results: SweepResult[]; knobs: KnobId[]; metricLabel: string; percent: boolean }) {
  const COLORS = categoricalColors(useChartColors()).slice(0, 6);
  const [k1, k2] = knobs;
  const info = knobInfo(k1);
  const done = results.filter((r) => r.valMetric != null);
  const categorical = !info.numeric;
  const categories = categorical ? [...new Set(results.map((r) => String(r.config[k1])))] : [];
  const groups = new Map<string, { x: number; y: number; label: string }[]>();
  for (const r of done) {
    const key = k2 ? `${knobInfo(k2).label} ${r.config[k2]}` : 'runs';
    const x = categorical ? categories.indexOf(String(r.config[k1])) : Number(r.config[k1]);
    const y = percent ? (r.valMetric as number) * 100 : (r.valMetric as number);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push({ x, y, label: String(r.config[k1]) });
  }
  for (const g of groups.values()) g.sort((a, b) => a.x - b.x);
  const useLog = info.log && done.every((r) => Number(r.config[k1]) > 0);
  return (
    <div data-testid="sweep-chart" data-points={done.length}>
      <ResponsiveContainer width="100%" height={240}>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 18, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            scale={useLog ? 'log' : 'auto'}
            domain={['auto', 'auto']}
            ticks={categorical ? categories.map((_, i) => i) : undefined}
            tickFormatter={(v: number) => (categorical ? categories[v] ?? '' : String(Number(v.toPrecision(3))))}
            tick={{ fontSize: 11 }}
            label={{ value: info.label, position: 'insideBottom', offset: -10 }}
          />
          <YAxis type="number" dataKey="y" domain={['auto', 'auto']} tick={{ fontSize: 11 }} width={52} label={{ value: metricLabel, angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? (percent ? `${v.toFixed(2)}%` : v.toFixed(4)) : String(v))} />
          {groups.size > 1 ? <Legend verticalAlign="top" height={24} /> : null}
          {[...groups.entries()].map(([name, pts], i) => (
            <Scatter key={name} name={name} data={pts} fill={COLORS[i % COLORS.length]} line={{ stroke: COLORS[i % COLORS.length] }} isAnimationActive={false} />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
