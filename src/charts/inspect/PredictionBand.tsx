import { Explain } from '../Explain';
import type { UncertaintyText } from '../uncertaintyText';
import { useMemo } from 'react';
import { useChartColors } from '../useThemeColors';
import { ChartEmpty } from '../ChartEmpty';
import { innerTicks, niceScale, type NiceScale } from '../scale';
import { ChartTip, linearScale, svgSize, useChartWidth, useHover, XAxis, YAxis, type PlotBox } from '../svg/svgChart';
import { formatCount } from '../format';
import { finite, finiteExtent, formatValue, strideIndices, type LegendItem } from './inspectMath';
import { SvgLegend, TipBox, TipLine, useLegend } from './inspectParts';
import { bandRows, nearestRow } from './inspectRows';
import './inspect.css';

export interface PredictionBandProps {
  /** The data points (inputs and targets). */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** The prediction curve on a grid of inputs: mean and interval bounds per grid point. */
  curveX: number[];
  mean: number[];
  lo: number[];
  hi: number[];
  /** Names the interval, e.g. "MC-dropout mean ± 2σ". */
  bandLabel: string;
  /** What the band is, with its numbers, and how to read it (a caption with a "?" toggletip). */
  explain?: UncertaintyText;
  xLabel?: string;
  yLabel?: string;
  height?: number;
}

/** More data points than this are thinned (evenly, deterministically) before drawing. */
export const MAX_BAND_POINTS = 2000;

const Y_WIDTH = 52;

/**
 * 1-D regression: the data as faint points, the predicted mean curve and its shaded interval band. Plain SVG (three
 * paths): it re-renders after every epoch while training (see ../svg/svgChart.tsx).
 */
export function PredictionBand({ x, y, curveX, mean, lo, hi, bandLabel, explain, xLabel = 'x', yLabel = 'y', height = 280 }: PredictionBandProps) {
  const { ref, width } = useChartWidth();
  const [hover, setHover] = useHover();
  const rows = useMemo(() => bandRows(curveX, mean, lo, hi), [curveX, mean, lo, hi]);
  const c = useChartColors();
  const [POINTS, MEAN, BAND] = [c.grey, c.blue, c.sky];
  const points = useMemo(() => {
    const n = Math.min(x.length, y.length);
    const all: { x: number; y: number }[] = [];
    for (let i = 0; i < n; i++) if (finite(x[i]) && finite(y[i])) all.push({ x: x[i], y: y[i] });
    return { total: all.length, shown: strideIndices(all.length, MAX_BAND_POINTS).map((i) => all[i]) };
  }, [x, y]);
  const xScale = useMemo((): NiceScale => {
    const e = finiteExtent(
      points.shown.map((p) => p.x),
      rows.map((r) => r.x),
    );
    // Tight to the data: the curve spans the inputs, so padding to round numbers only wastes width.
    if (e && e[1] > e[0]) return { domain: e, ticks: innerTicks(e[0], e[1], 7) };
    return e ? niceScale(e[0], e[1], 6) : niceScale(0, 1);
  }, [points, rows]);
  const yScale = useMemo(() => {
    const vals: number[] = points.shown.map((p) => p.y);
    for (const r of rows) {
      if (r.mean !== null) vals.push(r.mean);
      if (r.band) vals.push(r.band[0], r.band[1]);
    }
    const e = finiteExtent(vals);
    return e ? niceScale(e[0], e[1], 6) : niceScale(0, 1);
  }, [points, rows]);
  const items = useMemo(
    (): LegendItem[] => [
      { label: 'data', color: POINTS, kind: 'dot' },
      { label: 'predicted mean', color: MEAN, kind: 'line' },
      { label: bandLabel, color: BAND, kind: 'band' },
    ],
    [bandLabel, POINTS, MEAN, BAND],
  );
  const legend = useLegend(items, width, Y_WIDTH + 4);
  const empty = rows.length === 0 && points.total === 0;
  const box: PlotBox = { left: Y_WIDTH + 4, top: legend.height + 8, width: Math.max(10, width - Y_WIDTH - 22), height: Math.max(10, height - legend.height - 8 - 32) };
  const sx = linearScale(xScale.domain[0], xScale.domain[1], box.left, box.left + box.width);
  const sy = linearScale(yScale.domain[0], yScale.domain[1], box.top + box.height, box.top);
  const paths = useMemo(() => {
    const r = 2;
    let dots = '';
    for (const p of points.shown) dots += `M${(sx(p.x) - r).toFixed(1)},${sy(p.y).toFixed(1)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
    const banded = rows.filter((row) => row.band !== null);
    const band = banded.length
      ? `M${banded.map((row) => `${sx(row.x).toFixed(1)},${sy(row.band![1]).toFixed(1)}`).join('L')}L${banded
          .slice()
          .reverse()
          .map((row) => `${sx(row.x).toFixed(1)},${sy(row.band![0]).toFixed(1)}`)
          .join('L')}Z`
      : '';
    const line = rows.filter((row) => row.mean !== null).map((row) => `${sx(row.x).toFixed(1)},${sy(row.mean!).toFixed(1)}`);
    return { dots, band, mean: line.length ? `M${line.join('L')}` : '' };
  }, [points, rows, sx, sy]);
  const hovered = hover !== null ? rows[hover] : undefined;

  return (
    <div className="ts-chart ts-insp" data-testid="prediction-band" ref={ref} style={{ position: 'relative' }}>
      <div className="ts-insp-note">
        {points.total > points.shown.length ? `showing ${formatCount(points.shown.length)} of ${formatCount(points.total)} data points` : '\u00a0'}
      </div>
      {empty ? (
        <ChartEmpty message="No predictions yet — train the model" height={height} />
      ) : (
        <svg
          {...svgSize(width, height)}
          role="img"
          aria-label={`${yLabel} against ${xLabel}: data, predicted mean and ${bandLabel}`}
          onMouseMove={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            const px = ((e.clientX - r.left) / Math.max(1, r.width)) * width;
            const v = xScale.domain[0] + ((px - box.left) / box.width) * (xScale.domain[1] - xScale.domain[0]);
            const row = px >= box.left && px <= box.left + box.width ? nearestRow(rows, v) : null;
            setHover(row ? rows.indexOf(row) : null);
          }}
          onMouseLeave={() => setHover(null)}
        >
          <SvgLegend items={legend.items} />
          <YAxis box={box} ticks={yScale.ticks} y={sy} format={formatValue} label={yLabel} />
          <XAxis box={box} ticks={xScale.ticks} x={sx} format={formatValue} label={xLabel} />
          <path className="ts-insp-points" d={paths.dots} fill={POINTS} fillOpacity={0.45} />
          {paths.band && <path d={paths.band} fill={BAND} fillOpacity={0.35} stroke="none" />}
          {paths.mean && <path d={paths.mean} fill="none" stroke={MEAN} strokeWidth={2} />}
          {hovered && <line x1={sx(hovered.x)} x2={sx(hovered.x)} y1={box.top} y2={box.top + box.height} stroke={c['axis-line']} strokeDasharray="3 3" />}
        </svg>
      )}
      {!empty && explain ? <Explain text={explain} testId="explain-band" /> : null}
      {hovered && (
        <ChartTip x={sx(hovered.x)} top={box.top + 20} width={width}>
          <TipBox title={`x = ${formatValue(hovered.x)}`}>
            {hovered.mean !== null && <TipLine label="mean" value={formatValue(hovered.mean)} color={MEAN} />}
            {hovered.band && <TipLine label="interval" value={`${formatValue(hovered.band[0])} – ${formatValue(hovered.band[1])}`} color={BAND} />}
          </TipBox>
        </ChartTip>
      )}
    </div>
  );
}
