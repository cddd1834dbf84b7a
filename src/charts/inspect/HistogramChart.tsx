import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, useChartWidth, type BarShapeProps } from 'recharts';
import { PALETTE } from '../../core/palette';
import { innerTicks } from '../scale';
import { formatCount, formatValue, type BinRow } from './inspectMath';
import { BinRect, TipBox, TipLine, tipRow } from './inspectParts';

export interface HistogramChartProps {
  rows: readonly BinRow[];
  height: number;
  xLabel: string;
  yLabel?: string;
  color?: string;
  /** Mark x = 0 (residuals, weights). */
  zeroLine?: boolean;
  /** Smaller type and no axis captions, for small multiples. */
  compact?: boolean;
  /** A panel title drawn inside the SVG (so exports keep it): name left, detail right. */
  title?: { name: string; detail: string };
}

/** Title row at the top of a small-multiple panel; long names are cut to fit before the detail. */
function PanelTitle({ name, detail }: { name: string; detail: string }) {
  const width = useChartWidth() ?? 0;
  const room = Math.max(4, Math.floor((width - detail.length * 5.6 - 16) / 6.4));
  const shown = name.length > room ? `${name.slice(0, room - 1)}…` : name;
  return (
    <g className="ts-insp-svg-title">
      <text x={2} y={11} fontSize={11} fontWeight={600} fill="#1f2937">
        <title>{name}</title>
        {shown}
      </text>
      <text x={Math.max(2, width - 4)} y={11} fontSize={10} textAnchor="end" fill="#6b7280">
        {detail}
      </text>
    </g>
  );
}

function HistTip(p: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const row = tipRow<BinRow>(p);
  if (!row) return null;
  return (
    <TipBox title={`${formatValue(row.lo)} to ${formatValue(row.hi)}`}>
      <TipLine label="count" value={formatCount(row.count)} />
    </TipBox>
  );
}

/** One histogram over a numeric x axis; each bar spans its bin exactly. Rows must be non-empty. */
export function HistogramChart({ rows, height, xLabel, yLabel = 'count', color = PALETTE.blue, zeroLine = false, compact = false, title }: HistogramChartProps) {
  const lo = rows[0].lo;
  const hi = rows[rows.length - 1].hi;
  const ticks = useMemo(() => innerTicks(lo, hi, compact ? 5 : 7), [lo, hi, compact]);
  const fontSize = compact ? 10 : 11;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={rows as BinRow[]} margin={{ top: title ? 22 : 6, right: 12, bottom: compact ? 0 : 14, left: compact ? 0 : 4 }}>
        {title && <PanelTitle name={title.name} detail={title.detail} />}
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="mid"
          type="number"
          domain={[lo, hi]}
          ticks={ticks}
          allowDataOverflow
          tick={{ fontSize }}
          tickFormatter={(v: number) => formatValue(v)}
          label={compact ? undefined : { value: xLabel, position: 'insideBottom', offset: -10, fontSize }}
        />
        <YAxis
          tick={{ fontSize }}
          width={compact ? 40 : 52}
          allowDecimals={false}
          tickCount={compact ? 3 : 5}
          tickFormatter={(v: number) => (v >= 10_000 ? `${Number((v / 1000).toPrecision(3))}k` : formatCount(v))}
          label={compact ? undefined : { value: yLabel, angle: -90, position: 'insideLeft', offset: 10, fontSize, style: { textAnchor: 'middle' } }}
        />
        {zeroLine && lo < 0 && hi > 0 && <ReferenceLine x={0} stroke="#374151" strokeDasharray="4 3" ifOverflow="hidden" />}
        <Tooltip shared={false} cursor={false} content={HistTip} />
        <Bar dataKey="count" name={yLabel} isAnimationActive={false} shape={(bar: BarShapeProps) => <BinRect bar={bar} fill={color} fillOpacity={0.85} />} />
      </BarChart>
    </ResponsiveContainer>
  );
}
