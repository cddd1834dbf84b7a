import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartTokens } from '../../app/themeTokens';
import { useChartColors } from '../../charts/useThemeColors';

/** Line colours with ≥ 3:1 contrast on the panel in both themes; past six, the same colours dashed. */
export function lineStyles(c: ChartTokens, n: number): { color: string; dashed: boolean }[] {
  const solid = [c.blue, c.orange, c.green, c.vermillion, c.purple, c.grey];
  return Array.from({ length: n }, (_, i) => ({ color: solid[i % solid.length], dashed: i >= solid.length }));
}

export interface EpochLine {
  /** The row key holding this line's values. */
  key: string;
  name: string;
  color: string;
  dashed?: boolean;
}

/** Lines over epochs, with a title, axis titles ("epoch", the y title) and a legend of the line names. */
export function EpochLines({ title, yLabel, rows, lines, domain, testId }: { title: string; yLabel: string; rows: object[]; lines: EpochLine[]; domain: [number, number]; testId?: string }) {
  const c = useChartColors();
  const ticks = { fontSize: 11, fill: c['axis-text'] };
  const axisTitle = { fill: c['axis-text'], fontSize: 12 };
  return (
    <figure className="ts-run-chart" data-testid={testId}>
      <figcaption className="ts-run-chart-title">{title}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={rows} margin={{ top: 6, right: 16, bottom: 18, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={c.grid} />
          <XAxis
            dataKey="epoch"
            type="number"
            domain={domain}
            allowDecimals={false}
            tick={ticks}
            stroke={c['axis-line']}
            label={{ value: 'epoch', position: 'insideBottom', offset: -10, ...axisTitle }}
          />
          <YAxis
            tick={ticks}
            stroke={c['axis-line']}
            width={60}
            domain={['auto', 'auto']}
            tickFormatter={(v: number) => String(Number(v.toPrecision(3)))}
            label={{ value: yLabel, angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' }, ...axisTitle }}
          />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))} labelFormatter={(l) => `epoch ${l}`} />
          <Legend verticalAlign="top" height={28} />
          {lines.map((l) => (
            <Line key={l.key} dataKey={l.key} name={l.name} stroke={l.color} strokeDasharray={l.dashed ? '5 3' : undefined} dot={{ r: 2 }} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
