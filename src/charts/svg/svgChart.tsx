/**
 * A small kit for the inspection charts drawn as plain SVG: a measured width, linear scales, a y axis with its grid,
 * numeric x ticks, hover bands and an HTML tooltip. The charts re-render after every epoch while training; recharts
 * spent 100–250 ms of main-thread time per update on each of them (its store, selectors and effects), a few dozen
 * SVG elements cost a few milliseconds.
 */
import { useRef, useState, type ReactNode } from 'react';
import { linear } from '../inspect/inspectMath';
import { useElementWidth } from '../useElementWidth';
import { useChartColors } from '../useThemeColors';

/** Width before the container has been measured (server rendering, the first frame). */
const FALLBACK_WIDTH = 480;

export interface PlotBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type Scale = (v: number) => number;

/** Maps [d0, d1] onto [r0, r1] (r0 > r1 for a y axis that grows upwards), clamping to the range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const map = linear([d0, d1], [r0, r1]);
  const lo = Math.min(r0, r1);
  const hi = Math.max(r0, r1);
  return (v) => Math.min(hi, Math.max(lo, map(v)));
}

/** The chart's container and its width (kept current by a ResizeObserver). */
export function useChartWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const measured = useElementWidth(ref);
  return { ref, width: measured > 0 ? measured : FALLBACK_WIDTH };
}

/**
 * The SVG's size attributes: 100 % wide with a viewBox of the measured width, so that its coordinates are pixels once
 * measured and the SVG adds no intrinsic width of its own to the layout (a fixed width would stop a grid column from
 * shrinking below it).
 */
export function svgSize(width: number, height: number) {
  return { width: '100%', height, viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'xMinYMin meet' } as const;
}

/** Which band the pointer is over, for highlighting and the tooltip. */
export function useHover() {
  return useState<number | null>(null);
}

/** Horizontal grid lines with the y tick labels on the left and a rotated caption. */
export function YAxis({ box, ticks, y, format, label, fontSize = 11 }: { box: PlotBox; ticks: readonly number[]; y: Scale; format: (v: number) => string; label?: string; fontSize?: number }) {
  const c = useChartColors();
  return (
    <g fontSize={fontSize} fill={c['axis-text']}>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={box.left} x2={box.left + box.width} y1={y(t)} y2={y(t)} stroke={c.grid} strokeDasharray={t === ticks[0] ? undefined : '3 3'} />
          <text x={box.left - 6} y={y(t)} textAnchor="end" dominantBaseline="central">
            {format(t)}
          </text>
        </g>
      ))}
      {label && (
        <text transform={`translate(${fontSize + 1}, ${box.top + box.height / 2}) rotate(-90)`} textAnchor="middle" fill={c.caption}>
          {label}
        </text>
      )}
    </g>
  );
}

/** Numeric x tick labels under the plot, and the axis caption below them. */
export function XAxis({ box, ticks, x, format, label, fontSize = 11 }: { box: PlotBox; ticks: readonly number[]; x: Scale; format: (v: number) => string; label?: string; fontSize?: number }) {
  const base = box.top + box.height;
  const c = useChartColors();
  return (
    <g fontSize={fontSize} fill={c['axis-text']}>
      <line x1={box.left} x2={box.left + box.width} y1={base} y2={base} stroke={c['axis-line']} />
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={base} y2={base + 4} stroke={c['axis-line']} />
          <text x={x(t)} y={base + 14} textAnchor="middle">
            {format(t)}
          </text>
        </g>
      ))}
      {label && (
        <text x={box.left + box.width / 2} y={base + 28} textAnchor="middle" fill={c.caption}>
          {label}
        </text>
      )}
    </g>
  );
}

/** A vertical whisker with caps (an interval) at x, from y0 to y1 (pixels). */
export function Whisker({ x, y0, y1, cap, stroke, strokeWidth }: { x: number; y0: number; y1: number; cap: number; stroke: string; strokeWidth: number }) {
  return <path d={`M${x},${y0}V${y1}M${x - cap / 2},${y0}H${x + cap / 2}M${x - cap / 2},${y1}H${x + cap / 2}`} stroke={stroke} strokeWidth={strokeWidth} fill="none" />;
}

/** Transparent bands over the plot that report which one the pointer is in; the hovered one is shaded. */
export function HoverBands({ box, bands, hover, setHover, shade = true }: { box: PlotBox; bands: readonly [number, number][]; hover: number | null; setHover: (i: number | null) => void; shade?: boolean }) {
  const c = useChartColors();
  return (
    <g>
      {shade && hover !== null && bands[hover] && <rect x={bands[hover][0]} y={box.top} width={Math.max(0, bands[hover][1] - bands[hover][0])} height={box.height} fill={c['hover-shade']} />}
      {bands.map(([x0, x1], i) => (
        <rect key={i} x={x0} y={box.top} width={Math.max(0, x1 - x0)} height={box.height} fill="transparent" onMouseEnter={() => setHover(i)} />
      ))}
    </g>
  );
}

/** The tooltip beside x (kept inside the chart), as HTML over the SVG. */
export function ChartTip({ x, top, width, children }: { x: number; top: number; width: number; children: ReactNode }) {
  return <div style={{ position: 'absolute', top, left: Math.max(0, Math.min(x + 12, width - 180)), pointerEvents: 'none' }}>{children}</div>;
}
