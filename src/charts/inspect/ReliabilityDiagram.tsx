import { useMemo, useRef } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, useXAxisScale, useYAxisScale, type BarShapeProps } from 'recharts';
import { PALETTE } from '../../core/palette';
import { ChartEmpty } from '../ChartEmpty';
import { AXIS_TICK } from '../chartTheme';
import { formatCount, type LegendItem } from './inspectMath';
import { BinRect, SvgLegend, TipBox, TipLine, tipRow, useElementWidth, useLegend } from './inspectParts';
import { formatEce, reliabilityRows, type ReliabilityBin, type ReliabilityRow } from './inspectRows';
import './inspect.css';

export interface ReliabilityDiagramProps {
  /** Confidence bins; lo, hi, meanConfidence, accuracy and ci are 0..1 fractions. */
  bins: ReliabilityBin[];
  /** Expected calibration error, 0..1. */
  ece: number;
  /** Height of the accuracy plot; the count strip below adds COUNT_HEIGHT. */
  height?: number;
  /** Shown left of the ECE badge; leave out inside a titled ChartCard. */
  title?: string;
}

const Y_WIDTH = 48;
const COUNT_HEIGHT = 84;
const OVER = PALETTE.vermillion;
const UNDER = PALETTE.blue;
const DIAGONAL = '#374151';
const WHISKER = '#1f2937';
const TICKS = [0, 20, 40, 60, 80, 100];

export const RELIABILITY_LEGEND: readonly LegendItem[] = [
  { label: 'over-confident (accuracy < confidence)', color: OVER, kind: 'box' },
  { label: 'under-confident (accuracy > confidence)', color: UNDER, kind: 'box' },
  { label: '95 % interval', color: WHISKER, kind: 'whisker' },
  { label: 'perfect calibration', color: DIAGONAL, kind: 'dashed' },
];

function kindColor(row: ReliabilityRow): string {
  return row.kind === 'over' ? OVER : UNDER;
}

/** Accuracy bar across its bin, plus a whisker for the interval and a tick at the mean confidence. */
function AccuracyBar({ bar }: { bar: BarShapeProps }) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const row = bar.payload as ReliabilityRow;
  if (row.kind === 'empty') return null;
  const color = kindColor(row);
  const cx = xScale?.(row.mid);
  const top = row.ciHi !== null ? yScale?.(row.ciHi) : undefined;
  const bottom = row.ciLo !== null ? yScale?.(row.ciLo) : undefined;
  const conf = row.confidence !== null ? yScale?.(row.confidence) : undefined;
  const x0 = xScale?.(row.lo);
  const x1 = xScale?.(row.hi);
  return (
    <g>
      <BinRect bar={bar} fill={color} fillOpacity={0.75} stroke={color} />
      {/* Where the bar would end if the bin were calibrated: its mean confidence. */}
      {conf !== undefined && x0 !== undefined && x1 !== undefined && (
        <line x1={x0 + 1} x2={x1 - 1} y1={conf} y2={conf} stroke={DIAGONAL} strokeWidth={1} strokeDasharray="2 2" />
      )}
      {cx !== undefined && top !== undefined && bottom !== undefined && (
        <path d={`M${cx},${top}V${bottom}M${cx - 4},${top}H${cx + 4}M${cx - 4},${bottom}H${cx + 4}`} stroke={WHISKER} strokeWidth={1.5} fill="none" />
      )}
    </g>
  );
}

function CountBar({ bar }: { bar: BarShapeProps }) {
  return <BinRect bar={bar} fill={PALETTE.grey} fillOpacity={0.6} />;
}

function ReliabilityTip(p: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const row = tipRow<ReliabilityRow>(p);
  if (!row) return null;
  return (
    <TipBox title={`confidence ${row.lo.toFixed(0)}–${row.hi.toFixed(0)} %`}>
      <TipLine label="samples" value={`n = ${formatCount(row.count)}`} />
      {row.accuracy !== null && row.confidence !== null && row.gap !== null && (
        <>
          <TipLine label="accuracy" value={`${row.accuracy.toFixed(1)} %`} color={kindColor(row)} />
          {row.ciLo !== null && row.ciHi !== null && <TipLine label="95 % CI" value={`${row.ciLo.toFixed(1)} – ${row.ciHi.toFixed(1)} %`} />}
          <TipLine label="mean confidence" value={`${row.confidence.toFixed(1)} %`} />
          <TipLine
            label={row.gap < 0 ? 'over-confident by' : 'under-confident by'}
            value={`${Math.abs(row.gap).toFixed(1)} pts`}
          />
        </>
      )}
    </TipBox>
  );
}

const xAxisProps = {
  dataKey: 'mid',
  type: 'number' as const,
  domain: [0, 100],
  ticks: TICKS,
  allowDataOverflow: true,
  tick: AXIS_TICK,
  tickFormatter: (v: number) => `${v}%`,
};

/**
 * Reliability diagram: accuracy per confidence bin against the diagonal of perfect calibration.
 * Bars below the diagonal (vermillion) mark over-confidence, above it (blue) under-confidence;
 * the dotted tick in each bar is the bin's mean confidence. A count strip shares the x axis.
 */
export function ReliabilityDiagram({ bins, ece, height = 260, title }: ReliabilityDiagramProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrapRef);
  const rows = useMemo(() => reliabilityRows(bins), [bins]);
  const legend = useLegend(RELIABILITY_LEGEND, width, Y_WIDTH + 4);
  const total = rows.reduce((s, r) => s + r.count, 0);
  const empty = rows.length === 0 || total === 0;
  const margin = { top: legend.height + 4, right: 16, bottom: 4, left: 4 };

  return (
    <div className="ts-chart ts-insp" data-testid="reliability-diagram" ref={wrapRef}>
      <div className="ts-insp-title">
        <span>{title ?? ''}</span>
        {!empty && <span className="ts-insp-badge" data-testid="reliability-ece">{formatEce(ece)}</span>}
      </div>
      {empty ? (
        <ChartEmpty message="No calibration data yet — evaluate the model" height={height + COUNT_HEIGHT} />
      ) : (
        <>
          <ResponsiveContainer width="100%" height={height}>
            <BarChart data={rows} margin={margin}>
              <SvgLegend items={legend.items} />
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis {...xAxisProps} tick={false} height={4} />
              <YAxis
                domain={[0, 100]}
                ticks={TICKS}
                allowDataOverflow
                tick={AXIS_TICK}
                width={Y_WIDTH}
                tickFormatter={(v: number) => `${v}%`}
                label={{ value: 'accuracy (%)', angle: -90, position: 'insideLeft', offset: 10, fontSize: 11, style: { textAnchor: 'middle' } }}
              />
              <ReferenceLine
                segment={[
                  { x: 0, y: 0 },
                  { x: 100, y: 100 },
                ]}
                stroke={DIAGONAL}
                strokeDasharray="6 4"
                strokeWidth={1.5}
                ifOverflow="hidden"
              />
              <Tooltip shared={false} cursor={false} content={ReliabilityTip} />
              <Bar dataKey="accuracy" name="accuracy" isAnimationActive={false} shape={(bar: BarShapeProps) => <AccuracyBar bar={bar} />} />
            </BarChart>
          </ResponsiveContainer>
          <ResponsiveContainer width="100%" height={COUNT_HEIGHT}>
            <BarChart data={rows} margin={{ top: 2, right: margin.right, bottom: 14, left: 4 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis
                {...xAxisProps}
                label={{ value: 'confidence (%)', position: 'insideBottom', offset: -10, fontSize: 11 }}
              />
              <YAxis
                tick={{ fontSize: 10 }}
                width={Y_WIDTH}
                tickCount={3}
                allowDecimals={false}
                tickFormatter={(v: number) => formatCount(v)}
                label={{ value: 'count', angle: -90, position: 'insideLeft', offset: 10, fontSize: 10, style: { textAnchor: 'middle' } }}
              />
              <Tooltip shared={false} cursor={false} content={ReliabilityTip} />
              <Bar dataKey="count" name="samples" isAnimationActive={false} shape={(bar: BarShapeProps) => <CountBar bar={bar} />} />
            </BarChart>
          </ResponsiveContainer>
        </>
      )}
    </div>
  );
}
