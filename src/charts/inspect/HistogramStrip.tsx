import { useId, useMemo, useRef } from 'react';
import type { ChartTokens } from '../../app/themeTokens';
import { mixHex } from '../color';
import { useElementWidth } from '../useElementWidth';
import { useChartColors } from '../useThemeColors';
import { logIntensity, type StripRows } from '../../training/inspect/histogramMath';
import { FONT } from './canvasAxes';
import { formatValue } from './inspectMath';
import './inspect.css';

const PAD = { left: 44, right: 12, top: 38, bottom: 34 };
/** The plot's height at most, whatever the number of epochs (rows get thinner). */
const MAX_PLOT = 140;
const MAX_ROW = 14;

export interface HistogramStripProps {
  strip: StripRows;
  /** One or two caption lines drawn under the title (in the SVG, so exports carry them). */
  caption: string[];
  /** Caption lines drawn in the warning colour (e.g. vanishing gradients). */
  warn?: boolean;
  /** Accessible description of the whole strip. */
  label: string;
}

/** React's ids hold characters that url(#…) references (and exported SVGs) do not take well. */
const svgId = (id: string) => `hs-${id.replace(/[^a-zA-Z0-9_-]/g, '')}`;

/** Epoch labels: the first, the last, and evenly spaced ones between, at most `max`. */
export function epochTicks(epochs: readonly number[], max = 6): number[] {
  if (epochs.length <= max) return epochs.slice();
  const step = Math.ceil((epochs.length - 1) / (max - 1));
  const out: number[] = [];
  for (let i = 0; i < epochs.length - 1; i += step) out.push(i);
  out.push(epochs.length - 1);
  return out.map((i) => epochs[i]);
}

export function heatColor(c: ChartTokens, count: number, maxCount: number): string {
  return mixHex(c['heat-from'], c['heat-to'], logIntensity(count, maxCount));
}

/**
 * A heat strip: x = value bins over [−hi, hi], one row per epoch (the first at the top), colour = log count. Rows
 * are SVG groups (data-epoch) so that tests and exports see them; empty bins are the background.
 */
export function HistogramStrip({ strip, caption, warn = false, label }: HistogramStripProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = Math.max(200, useElementWidth(wrapRef) || 320);
  const c = useChartColors();
  const clipId = svgId(useId());
  const n = strip.rows.length;
  const bins = strip.rows[0]?.counts.length ?? 0;
  const rowH = n > 0 ? Math.min(MAX_ROW, MAX_PLOT / n) : MAX_ROW;
  const top = PAD.top + (caption.length > 1 ? 14 : 0);
  const plotH = Math.max(rowH, n * rowH);
  const height = top + plotH + PAD.bottom;
  const left = PAD.left;
  const right = width - PAD.right;
  const bw = bins > 0 ? (right - left) / bins : 0;
  const sx = (v: number) => left + ((v + strip.hi) / (2 * strip.hi)) * (right - left);
  const yTicks = useMemo(() => epochTicks(strip.rows.map((r) => r.epoch)), [strip]);
  // Five labels need room (e.g. "-0.03125"): narrow plots keep the ends and 0.
  const xTicks = right - left >= 360 ? [-strip.hi, -strip.hi / 2, 0, strip.hi / 2, strip.hi] : [-strip.hi, 0, strip.hi];
  const kindWord = strip.kind === 'weights' ? 'weight' : 'gradient';
  return (
    <div className="ts-insp" ref={wrapRef} data-testid="histogram-strip" data-layer={strip.name} data-kind={strip.kind} data-epochs={n}>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} style={{ display: 'block', maxWidth: '100%', font: FONT }}>
        <text x={4} y={13} fill={c.caption} fontWeight={600}>
          {strip.name}
        </text>
        {caption.map((line, i) => (
          <text key={i} x={4} y={28 + i * 14} fill={warn && i === caption.length - 1 ? c['vermillion-text'] : c['axis-text']}>
            {line}
          </text>
        ))}
        <defs>
          <clipPath id={clipId}>
            <rect x={left} y={top} width={right - left} height={plotH} />
          </clipPath>
        </defs>
        <rect x={left} y={top} width={right - left} height={plotH} fill={c['heat-from']} stroke={c['axis-line']} />
        <g clipPath={`url(#${clipId})`}>
          {strip.rows.map((r, ri) => (
            <g key={r.epoch} data-testid="strip-row" data-epoch={r.epoch}>
              {r.counts.map((count, i) =>
                count > 0 ? (
                  // A fraction of a pixel of overlap hides the hairline seams between cells.
                  <rect key={i} x={left + i * bw} y={top + ri * rowH} width={bw + 0.4} height={rowH + 0.4} fill={heatColor(c, count, strip.maxCount)} />
                ) : null,
              )}
            </g>
          ))}
        </g>
        <line x1={sx(0)} x2={sx(0)} y1={top} y2={top + plotH} stroke={c.ink} strokeDasharray="3 3" strokeOpacity={0.6} />
        {xTicks.map((t, i) => (
          <text key={i} x={sx(t)} y={top + plotH + 14} fill={c['axis-text']} textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}>
            {formatValue(t)}
          </text>
        ))}
        <text x={(left + right) / 2} y={top + plotH + 29} fill={c['axis-text']} textAnchor="middle">
          {kindWord} value
        </text>
        {yTicks.map((e) => {
          const ri = strip.rows.findIndex((r) => r.epoch === e);
          return (
            <text key={e} x={left - 5} y={top + (ri + 0.5) * rowH} fill={c['axis-text']} textAnchor="end" dominantBaseline="middle">
              {e}
            </text>
          );
        })}
        <text x={10} y={top + plotH / 2} fill={c['axis-text']} textAnchor="middle" transform={`rotate(-90 10 ${top + plotH / 2})`}>
          epoch
        </text>
      </svg>
    </div>
  );
}

/** The colour key shared by the strips: empty bin → fullest bin of a strip, log scale. */
export function HistogramLegend() {
  const c = useChartColors();
  const gradId = svgId(useId());
  const stops = [0, 0.25, 0.5, 0.75, 1];
  return (
    <svg width={300} height={24} viewBox="0 0 300 24" role="img" aria-label="Colour key: the count of values in a bin, on a log scale, from an empty bin to the strip's fullest bin" style={{ display: 'block', maxWidth: '100%', font: FONT }}>
      <defs>
        <linearGradient id={gradId}>
          {stops.map((t) => (
            <stop key={t} offset={t} stopColor={mixHex(c['heat-from'], c['heat-to'], t)} />
          ))}
        </linearGradient>
      </defs>
      <text x={0} y={16} fill={c['axis-text']}>
        empty
      </text>
      <rect x={40} y={6} width={110} height={12} fill={`url(#${gradId})`} stroke={c['axis-line']} />
      <text x={156} y={16} fill={c['axis-text']}>
        fullest bin (log count)
      </text>
    </svg>
  );
}
