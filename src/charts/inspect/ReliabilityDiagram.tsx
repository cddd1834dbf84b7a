import { useMemo } from 'react';
import type { ChartTokens } from '../../app/themeTokens';
import { useChartColors } from '../useThemeColors';
import { ChartEmpty } from '../ChartEmpty';
import { Explain } from '../Explain';
import { wilsonCalibrationText } from '../uncertaintyText';
import { BinBars } from '../svg/BinBars';
import { Whisker } from '../svg/svgChart';
import { formatCount } from '../format';
import type { LegendItem } from './inspectMath';
import { TipBox, TipLine } from './inspectParts';
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
const TICKS = [0, 20, 40, 60, 80, 100];
const pct = (v: number) => `${v}%`;

/** Over-confident bins vermillion, under-confident blue, ink for the diagonal and whiskers (per theme). */
function tones(c: ChartTokens) {
  return { over: c.vermillion, under: c.blue, diagonal: c.caption, whisker: c.ink };
}

export function reliabilityLegend(c: ChartTokens): LegendItem[] {
  const t = tones(c);
  return [
    { label: 'over-confident (accuracy < confidence)', color: t.over, kind: 'box' },
    { label: 'under-confident (accuracy > confidence)', color: t.under, kind: 'box' },
    { label: '95 % Wilson interval', color: t.whisker, kind: 'whisker' },
    { label: 'perfect calibration', color: t.diagonal, kind: 'dashed' },
  ];
}

function kindColor(row: ReliabilityRow, c: ChartTokens): string {
  return row.kind === 'over' ? c.vermillion : c.blue;
}

function ReliabilityTip({ row }: { row: ReliabilityRow }) {
  const c = useChartColors();
  return (
    <TipBox title={`confidence ${row.lo.toFixed(0)}–${row.hi.toFixed(0)} %`}>
      <TipLine label="samples" value={`n = ${formatCount(row.count)}`} />
      {row.accuracy !== null && row.confidence !== null && row.gap !== null && (
        <>
          <TipLine label="accuracy" value={`${row.accuracy.toFixed(1)} %`} color={kindColor(row, c)} />
          {row.ciLo !== null && row.ciHi !== null && <TipLine label="95 % CI" value={`${row.ciLo.toFixed(1)} – ${row.ciHi.toFixed(1)} %`} />}
          <TipLine label="mean confidence" value={`${row.confidence.toFixed(1)} %`} />
          <TipLine label={row.gap < 0 ? 'over-confident by' : 'under-confident by'} value={`${Math.abs(row.gap).toFixed(1)} pts`} />
        </>
      )}
    </TipBox>
  );
}

/**
 * Reliability diagram: accuracy per confidence bin against the diagonal of perfect calibration.
 * Bars below the diagonal (vermillion) mark over-confidence, above it (blue) under-confidence;
 * the dotted tick in each bar is the bin's mean confidence. A count strip shares the x axis.
 */
export function ReliabilityDiagram({ bins, ece, height = 260, title }: ReliabilityDiagramProps) {
  const rows = useMemo(() => reliabilityRows(bins), [bins]);
  const c = useChartColors();
  const { diagonal: DIAGONAL, whisker: WHISKER } = tones(c);
  const legend = useMemo(() => reliabilityLegend(c), [c]);
  const total = rows.reduce((s, r) => s + r.count, 0);
  const empty = rows.length === 0 || total === 0;
  const accuracy = useMemo(
    () => [{ values: rows.map((r) => (r.kind === 'empty' ? null : r.accuracy)), fill: (i: number) => kindColor(rows[i], c), stroke: (i: number) => kindColor(rows[i], c), fillOpacity: 0.75 }],
    [rows, c],
  );
  const counts = useMemo(() => [{ values: rows.map((r) => r.count), fill: c.grey, fillOpacity: 0.6 }], [rows, c]);
  const tip = (i: number) => <ReliabilityTip row={rows[i]} />;

  return (
    <div className="ts-chart ts-insp" data-testid="reliability-diagram">
      <div className="ts-insp-title">
        <span>{title ?? ''}</span>
        {!empty && <span className="ts-insp-badge" data-testid="reliability-ece">{formatEce(ece)}</span>}
      </div>
      {empty ? (
        <ChartEmpty message="No calibration data yet — evaluate the model" height={height + COUNT_HEIGHT} />
      ) : (
        <>
          <BinBars
            bins={rows}
            series={accuracy}
            height={height}
            legend={legend}
            yWidth={Y_WIDTH}
            x={{ domain: [0, 100], ticks: TICKS, format: pct, hidden: true }}
            y={{ domain: [0, 100], ticks: TICKS, format: pct, label: 'accuracy (%)' }}
            ariaLabel={`Reliability diagram, ${formatEce(ece)}`}
            tooltip={tip}
            overlay={({ x, y }) => (
              <g>
                <line x1={x(0)} y1={y(0)} x2={x(100)} y2={y(100)} stroke={DIAGONAL} strokeDasharray="6 4" strokeWidth={1.5} />
                {rows.map((r, i) =>
                  r.kind === 'empty' ? null : (
                    <g key={i}>
                      {/* Where the bar would end if the bin were calibrated: its mean confidence. */}
                      {r.confidence !== null && <line x1={x(r.lo) + 1} x2={x(r.hi) - 1} y1={y(r.confidence)} y2={y(r.confidence)} stroke={DIAGONAL} strokeWidth={1} strokeDasharray="2 2" />}
                      {r.ciLo !== null && r.ciHi !== null && <Whisker x={x(r.mid)} y0={y(r.ciHi)} y1={y(r.ciLo)} cap={8} stroke={WHISKER} strokeWidth={1.5} />}
                    </g>
                  ),
                )}
              </g>
            )}
          />
          <BinBars
            bins={rows}
            series={counts}
            height={COUNT_HEIGHT}
            yWidth={Y_WIDTH}
            x={{ domain: [0, 100], ticks: TICKS, format: pct, label: 'confidence (%)' }}
            y={{ format: formatCount, label: 'count', maxTicks: 3 }}
            ariaLabel="Samples per confidence bin"
            tooltip={tip}
          />
          <Explain text={wilsonCalibrationText(total, rows.length)} testId="explain-reliability" />
        </>
      )}
    </div>
  );
}
