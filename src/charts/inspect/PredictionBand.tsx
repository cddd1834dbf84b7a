import { useMemo, useRef } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis, useXAxisScale, useYAxisScale } from 'recharts';
import { PALETTE } from '../../core/palette';
import { ChartEmpty } from '../ChartEmpty';
import { AXIS_TICK } from '../chartTheme';
import { innerTicks, niceScale, type NiceScale } from '../scale';
import { finite, finiteExtent, formatCount, formatValue, strideIndices, type LegendItem } from './inspectMath';
import { SvgLegend, TipBox, TipLine, useElementWidth, useLegend } from './inspectParts';
import { bandRows, nearestRow, type BandRow } from './inspectRows';
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
  xLabel?: string;
  yLabel?: string;
  height?: number;
}

/** More data points than this are thinned (evenly, deterministically) before drawing. */
export const MAX_BAND_POINTS = 2000;

const Y_WIDTH = 52;
const POINTS = PALETTE.grey;
const MEAN = PALETTE.blue;
const BAND = PALETTE.sky;

/**
 * The data as one path of small circles. Not a recharts Scatter: a Scatter with its own data on
 * the shared numeric axis leaves the axis tooltip without the curve's payload.
 */
function DataPoints({ points }: { points: readonly { x: number; y: number }[] }) {
  const sx = useXAxisScale();
  const sy = useYAxisScale();
  if (!sx || !sy) return null;
  const r = 2;
  let d = '';
  for (const p of points) {
    const cx = sx(p.x);
    const cy = sy(p.y);
    if (cx === undefined || cy === undefined) continue;
    d += `M${(cx - r).toFixed(1)},${cy.toFixed(1)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
  }
  return <path className="ts-insp-points" d={d} fill={POINTS} fillOpacity={0.45} stroke="none" />;
}

/** The band's row nearest the hovered x (recharts passes it as `label` on a numeric axis). */
function BandTip({ active, label, rows }: { active?: boolean; label?: unknown; rows: readonly BandRow[] }) {
  if (!active || typeof label !== 'number') return null;
  const row = nearestRow(rows, label);
  if (!row) return null;
  return (
    <TipBox title={`x = ${formatValue(row.x)}`}>
      {row.mean !== null && <TipLine label="mean" value={formatValue(row.mean)} color={MEAN} />}
      {row.band && <TipLine label="interval" value={`${formatValue(row.band[0])} – ${formatValue(row.band[1])}`} color={BAND} />}
    </TipBox>
  );
}

/** 1-D regression: the data as faint points, the predicted mean curve and its shaded interval band. */
export function PredictionBand({ x, y, curveX, mean, lo, hi, bandLabel, xLabel = 'x', yLabel = 'y', height = 280 }: PredictionBandProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrapRef);
  const rows = useMemo(() => bandRows(curveX, mean, lo, hi), [curveX, mean, lo, hi]);
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
    [bandLabel],
  );
  const legend = useLegend(items, width, Y_WIDTH + 4);
  const empty = rows.length === 0 && points.total === 0;

  return (
    <div className="ts-chart ts-insp" data-testid="prediction-band" ref={wrapRef}>
      <div className="ts-insp-note">
        {points.total > points.shown.length
          ? `showing ${formatCount(points.shown.length)} of ${formatCount(points.total)} data points`
          : '\u00a0'}
      </div>
      {empty ? (
        <ChartEmpty message="No predictions yet — train the model" height={height} />
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <ComposedChart data={rows} margin={{ top: legend.height + 4, right: 16, bottom: 14, left: 4 }}>
            <SvgLegend items={legend.items} />
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="x"
              type="number"
              domain={xScale.domain}
              ticks={xScale.ticks}
              allowDataOverflow
              tick={AXIS_TICK}
              tickFormatter={formatValue}
              label={{ value: xLabel, position: 'insideBottom', offset: -10, fontSize: 11 }}
            />
            <YAxis
              type="number"
              domain={yScale.domain}
              ticks={yScale.ticks}
              allowDataOverflow
              tick={AXIS_TICK}
              width={Y_WIDTH}
              tickFormatter={formatValue}
              label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 10, fontSize: 11, style: { textAnchor: 'middle' } }}
            />
            <DataPoints points={points.shown} />
            <Tooltip content={(p) => <BandTip active={p.active} label={p.label} rows={rows} />} />
            <Area dataKey="band" name={bandLabel} type="monotone" stroke="none" fill={BAND} fillOpacity={0.35} isAnimationActive={false} connectNulls={false} activeDot={false} />
            <Line dataKey="mean" name="predicted mean" type="monotone" stroke={MEAN} strokeWidth={2} dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
