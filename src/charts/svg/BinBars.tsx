import { useMemo, type ReactNode } from 'react';
import { niceScale } from '../scale';
import { useChartColors } from '../useThemeColors';
import type { LegendItem } from '../inspect/inspectMath';
import { SvgLegend, useLegend } from '../inspect/inspectParts';
import { ChartTip, HoverBands, linearScale, svgSize, useChartWidth, useHover, XAxis, YAxis, type PlotBox, type Scale } from './svgChart';

/** One series of bars: a value per bin (null: no bar), its colour per bin. */
export interface BinSeries {
  values: readonly (number | null)[];
  fill: string | ((bin: number) => string);
  fillOpacity?: number;
  stroke?: string | ((bin: number) => string);
}

export interface BinBarsProps {
  /** Bin bounds on the x axis, in axis units. */
  bins: readonly { lo: number; hi: number }[];
  /** Side by side within each bin when there are several. */
  series: readonly BinSeries[];
  height: number;
  x: { domain: [number, number]; ticks: readonly number[]; format: (v: number) => string; label?: string; hidden?: boolean };
  /** A fixed y domain (with its ticks), or a nice one from 0 to the largest value. */
  y: { domain?: [number, number]; ticks?: readonly number[]; maxTicks?: number; format: (v: number) => string; label?: string };
  legend?: readonly LegendItem[];
  /** A title row inside the SVG (exports keep it): name left, detail right. */
  title?: { name: string; detail: string };
  compact?: boolean;
  /** Extra drawing over the bars (a diagonal, a zero line, whiskers), given the scales and the plot box. */
  overlay?: (s: { x: Scale; y: Scale; box: PlotBox }) => ReactNode;
  tooltip: (bin: number) => ReactNode;
  yWidth?: number;
  ariaLabel: string;
}

/** Bars that span their bins exactly on a numeric x axis, as plain SVG (see svgChart.tsx for why not recharts). */
export function BinBars({ bins, series, height, x: xa, y: ya, legend = [], title, compact = false, overlay, tooltip, yWidth = 52, ariaLabel }: BinBarsProps) {
  const { ref, width } = useChartWidth();
  const [hover, setHover] = useHover();
  const c = useChartColors();
  const placed = useLegend(legend, width, yWidth + 4);
  const fontSize = compact ? 10 : 11;
  const scaleY = useMemo(() => {
    if (ya.domain) return { domain: ya.domain, ticks: ya.ticks ?? [ya.domain[0], ya.domain[1]] };
    let max = 0;
    for (const s of series) for (const v of s.values) if (v !== null && Number.isFinite(v)) max = Math.max(max, v);
    // Counts: whole-number ticks, at least 0..1.
    const nice = niceScale(0, Math.max(1, max), ya.maxTicks ?? (compact ? 3 : 5));
    return { domain: nice.domain, ticks: nice.ticks.filter((t) => Number.isInteger(t)) };
  }, [ya.domain, ya.ticks, ya.maxTicks, series, compact]);
  const top = (title ? 20 : 4) + placed.height + 4;
  const bottom = xa.hidden ? 2 : compact ? 18 : xa.label ? 32 : 18;
  const box: PlotBox = { left: yWidth + 4, top, width: Math.max(10, width - yWidth - 18), height: Math.max(10, height - top - bottom) };
  const x = linearScale(xa.domain[0], xa.domain[1], box.left, box.left + box.width);
  const y = linearScale(scaleY.domain[0], scaleY.domain[1], box.top + box.height, box.top);
  const slots = Math.max(1, series.length);
  const bands = bins.map((b): [number, number] => [x(b.lo), x(b.hi)]);
  const pick = (v: string | ((bin: number) => string) | undefined, i: number) => (typeof v === 'function' ? v(i) : v);

  return (
    <div ref={ref} style={{ position: 'relative' }}>
      <svg {...svgSize(width, height)} role="img" aria-label={ariaLabel} onMouseLeave={() => setHover(null)}>
        {title && <SvgTitle width={width} name={title.name} detail={title.detail} />}
        <g transform={title ? 'translate(0, 16)' : undefined}>
          <SvgLegend items={placed.items} />
        </g>
        <YAxis box={box} ticks={scaleY.ticks} y={y} format={ya.format} label={compact ? undefined : ya.label} fontSize={fontSize} />
        {!xa.hidden && <XAxis box={box} ticks={xa.ticks} x={x} format={xa.format} label={compact ? undefined : xa.label} fontSize={fontSize} />}
        <HoverBands box={box} bands={bands} hover={hover} setHover={setHover} shade={false} />
        <g pointerEvents="none">
          {series.map((s, k) =>
            bins.map((b, i) => {
              const v = s.values[i];
              if (v === null || v === undefined || !Number.isFinite(v) || v <= scaleY.domain[0]) return null;
              const x0 = x(b.lo);
              const w = (x(b.hi) - x0) / slots;
              const fill = pick(s.fill, i) ?? 'currentColor';
              const stroke = pick(s.stroke, i);
              return (
                <rect
                  key={`${k}-${i}`}
                  x={x0 + w * k + 0.5}
                  y={y(v)}
                  width={Math.max(0.5, w - 1)}
                  height={Math.max(0, y(scaleY.domain[0]) - y(v))}
                  fill={fill}
                  fillOpacity={s.fillOpacity ?? 0.85}
                  stroke={stroke ?? 'none'}
                />
              );
            }),
          )}
          {overlay?.({ x, y, box })}
          {hover !== null && bands[hover] && <rect x={bands[hover][0]} y={box.top} width={Math.max(0, bands[hover][1] - bands[hover][0])} height={box.height} fill="none" stroke={c['axis-line']} strokeDasharray="2 2" />}
        </g>
      </svg>
      {hover !== null && bins[hover] && (
        <ChartTip x={x(bins[hover].hi)} top={box.top} width={width}>
          {tooltip(hover)}
        </ChartTip>
      )}
    </div>
  );
}

/** Title row at the top of a small-multiple panel; long names are cut to fit before the detail. */
function SvgTitle({ width, name, detail }: { width: number; name: string; detail: string }) {
  const room = Math.max(4, Math.floor((width - detail.length * 5.6 - 16) / 6.4));
  const shown = name.length > room ? `${name.slice(0, room - 1)}…` : name;
  const c = useChartColors();
  return (
    <g className="ts-insp-svg-title">
      <text x={2} y={11} fontSize={11} fontWeight={600} fill={c.ink}>
        <title>{name}</title>
        {shown}
      </text>
      <text x={Math.max(2, width - 4)} y={11} fontSize={10} textAnchor="end" fill={c['axis-text']}>
        {detail}
      </text>
    </g>
  );
}
