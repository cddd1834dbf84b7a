import { useMemo } from 'react';
import { useChartColors } from '../useThemeColors';
import { innerTicks } from '../scale';
import { BinBars } from '../svg/BinBars';
import { formatCount } from '../format';
import { formatValue, type BinRow } from './inspectMath';
import { TipBox, TipLine } from './inspectParts';

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

const countFormat = (v: number) => (v >= 10_000 ? `${Number((v / 1000).toPrecision(3))}k` : formatCount(v));

/** One histogram over a numeric x axis; each bar spans its bin exactly. Rows must be non-empty. */
export function HistogramChart({ rows, height, xLabel, yLabel = 'count', color: colorProp, zeroLine = false, compact = false, title }: HistogramChartProps) {
  const c = useChartColors();
  const color = colorProp ?? c.blue;
  const lo = rows[0].lo;
  const hi = rows[rows.length - 1].hi;
  const ticks = useMemo(() => innerTicks(lo, hi, compact ? 5 : 7), [lo, hi, compact]);
  const series = useMemo(() => [{ values: rows.map((r) => r.count), fill: color, fillOpacity: 0.85 }], [rows, color]);
  return (
    <BinBars
      bins={rows}
      series={series}
      height={height}
      compact={compact}
      title={title}
      yWidth={compact ? 36 : 52}
      x={{ domain: [lo, hi], ticks, format: formatValue, label: xLabel }}
      y={{ format: countFormat, label: yLabel }}
      ariaLabel={title ? `${title.name}: ${title.detail}` : `Histogram of ${xLabel}`}
      overlay={({ x, box }) =>
        zeroLine && lo < 0 && hi > 0 ? <line x1={x(0)} x2={x(0)} y1={box.top} y2={box.top + box.height} stroke={c.caption} strokeDasharray="4 3" /> : null
      }
      tooltip={(i) => (
        <TipBox title={`${formatValue(rows[i].lo)} to ${formatValue(rows[i].hi)}`}>
          <TipLine label={yLabel} value={formatCount(rows[i].count)} />
        </TipBox>
      )}
    />
  );
}
