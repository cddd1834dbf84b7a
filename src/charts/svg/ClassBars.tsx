import { useMemo, type ReactNode } from 'react';
import type { LegendItem } from '../inspect/inspectMath';
import { SvgLegend, useLegend } from '../inspect/inspectParts';
import { useChartColors } from '../useThemeColors';
import { ChartTip, HoverBands, linearScale, useChartWidth, svgSize, useHover, Whisker, YAxis, type PlotBox } from './svgChart';

/** An interval drawn over a bar, in percent. */
export interface BarWhisker {
  lo: number;
  hi: number;
  cap: number;
  stroke: string;
  strokeWidth: number;
}

/** One class: a bar from 0 to `value` percent (none when null), its whiskers and how its tick reads. */
export interface ClassBar {
  name: string;
  value: number | null;
  fill: string;
  fillOpacity?: number;
  stroke?: string;
  strokeWidth?: number;
  whiskers?: readonly BarWhisker[];
  /** Bold tick label (the predicted class). */
  bold?: boolean;
  /** A second, small line under the tick label (support, "true"). */
  note?: { text: string; color: string; bold?: boolean };
}

export interface ClassBarsProps {
  bars: readonly ClassBar[];
  height: number;
  yLabel?: string;
  legend?: readonly LegendItem[];
  /** The hovered class's tooltip. */
  tooltip: (index: number) => ReactNode;
  /** A caption under the class labels. */
  xLabel?: string;
  yWidth?: number;
  ariaLabel: string;
}

const TICKS = [0, 25, 50, 75, 100];

/** Bars per class on a 0–100 % axis, as plain SVG (see svgChart.tsx for why not recharts). */
export function ClassBars({ bars, height, yLabel, legend = [], tooltip, xLabel, yWidth = 48, ariaLabel }: ClassBarsProps) {
  const { ref, width } = useChartWidth();
  const [hover, setHover] = useHover();
  const c = useChartColors();
  const placed = useLegend(legend, width, yWidth + 4);
  const hasNote = bars.some((b) => b.note);
  const box: PlotBox = useMemo(() => {
    const top = placed.height + 8;
    const bottom = 18 + (hasNote ? 13 : 0) + (xLabel ? 14 : 0);
    return { left: yWidth + 4, top, width: Math.max(10, width - yWidth - 16), height: Math.max(10, height - top - bottom) };
  }, [placed.height, hasNote, xLabel, yWidth, width, height]);
  const y = linearScale(0, 100, box.top + box.height, box.top);
  const band = box.width / Math.max(1, bars.length);
  const barW = Math.max(2, Math.min(48, band * 0.7));
  const cx = (i: number) => box.left + band * (i + 0.5);
  const bands = bars.map((_, i): [number, number] => [box.left + band * i, box.left + band * (i + 1)]);

  return (
    <div ref={ref} style={{ position: 'relative' }}>
      <svg {...svgSize(width, height)} role="img" aria-label={ariaLabel} onMouseLeave={() => setHover(null)}>
        <SvgLegend items={placed.items} />
        <YAxis box={box} ticks={TICKS} y={y} format={(v) => `${v}%`} label={yLabel} />
        <HoverBands box={box} bands={bands} hover={hover} setHover={setHover} />
        {bars.map((b, i) => (
          <g key={b.name} pointerEvents="none">
            {b.value !== null && (
              <rect
                x={cx(i) - barW / 2}
                y={y(b.value)}
                width={barW}
                height={Math.max(0, y(0) - y(b.value))}
                fill={b.fill}
                fillOpacity={b.fillOpacity ?? 1}
                stroke={b.stroke ?? 'none'}
                strokeWidth={b.strokeWidth ?? 0}
              />
            )}
            {b.whiskers?.map((w, k) => (
              <Whisker key={k} x={cx(i)} y0={y(w.lo)} y1={y(w.hi)} cap={w.cap} stroke={w.stroke} strokeWidth={w.strokeWidth} />
            ))}
            <text x={cx(i)} y={box.top + box.height + 14} textAnchor="middle" fontSize={11} fontWeight={b.bold ? 700 : 400} fill={b.bold ? c.ink : c['axis-text']}>
              {b.name}
            </text>
            {b.note && (
              <text x={cx(i)} y={box.top + box.height + 27} textAnchor="middle" fontSize={9} fontWeight={b.note.bold ? 600 : 400} fill={b.note.color}>
                {b.note.text}
              </text>
            )}
          </g>
        ))}
        {xLabel && (
          <text x={box.left + box.width / 2} y={height - 3} textAnchor="middle" fontSize={11} fill={c.caption}>
            {xLabel}
          </text>
        )}
      </svg>
      {hover !== null && bars[hover] && (
        <ChartTip x={cx(hover)} top={box.top} width={width}>
          {tooltip(hover)}
        </ChartTip>
      )}
    </div>
  );
}
