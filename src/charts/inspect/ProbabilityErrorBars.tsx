import { useMemo, useRef } from 'react';
import { Bar, BarChart, CartesianGrid, ErrorBar, Rectangle, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import { PALETTE } from '../../core/palette';
import { ChartEmpty } from '../ChartEmpty';
import { AXIS_TICK } from '../chartTheme';
import type { LegendItem } from './inspectMath';
import { SvgLegend, TipBox, TipLine, tipRow, useElementWidth, useLegend } from './inspectParts';
import { probabilityCaption, probabilityErrorRows, type ProbabilityErrorRow } from './inspectRows';
import './inspect.css';

export interface ProbabilityErrorBarsProps {
  classNames: string[];
  /** Mean probability per class over the stochastic passes, 0..1. */
  mean: ArrayLike<number>;
  /** Standard deviation per class (0..1); without it the bars are plain. */
  std?: ArrayLike<number>;
  /** 5 % and 95 % quantiles per class (0..1), drawn as a thin whisker. */
  q05?: ArrayLike<number>;
  q95?: ArrayLike<number>;
  trueClass?: number | null;
  /** Predictive entropy of the mean, in nats. */
  entropy?: number | null;
  height?: number;
}

const Y_WIDTH = 52;
const TOP = PALETTE.blue;
const OTHER = PALETTE.grey;
const STD = '#1f2937';
const RANGE = '#6b7280';
const TRUE_OUTLINE = '#111827';

function renderBar(props: BarShapeProps) {
  const row = props.payload as ProbabilityErrorRow | undefined;
  return (
    <Rectangle
      {...props}
      fill={row?.isTop ? TOP : OTHER}
      fillOpacity={row?.isTop ? 1 : 0.55}
      stroke={row?.isTrue ? TRUE_OUTLINE : 'none'}
      strokeWidth={row?.isTrue ? 2 : 0}
    />
  );
}

function ClassTick(props: { x?: number | string; y?: number | string; payload?: { value?: unknown; index?: number }; rows: ProbabilityErrorRow[] }) {
  const row = props.rows[props.payload?.index ?? -1];
  return (
    <g transform={`translate(${Number(props.x)},${Number(props.y)})`}>
      <text textAnchor="middle" dy={12} fontSize={11} fontWeight={row?.isTop ? 700 : 400} fill={row?.isTop ? '#1f2937' : '#6b7280'}>
        {String(props.payload?.value ?? '')}
      </text>
      {row?.isTrue && (
        <text textAnchor="middle" dy={24} fontSize={9} fontWeight={600} fill={TRUE_OUTLINE}>
          true
        </text>
      )}
    </g>
  );
}

/** Mean class probabilities with ±1 std error bars and the 5–95 % range; winner blue, true class outlined. */
export function ProbabilityErrorBars({ classNames, mean, std, q05, q95, trueClass, entropy, height = 200 }: ProbabilityErrorBarsProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrapRef);
  const rows = useMemo(() => probabilityErrorRows(classNames, mean, std, q05, q95, trueClass), [classNames, mean, std, q05, q95, trueClass]);
  const caption = useMemo(() => probabilityCaption(classNames, mean, std, entropy, trueClass), [classNames, mean, std, entropy, trueClass]);
  const hasStd = rows.some((r) => r.stdErr !== null);
  const hasRange = rows.some((r) => r.rangeErr !== null);
  const hasTrue = rows.some((r) => r.isTrue);
  const items = useMemo((): LegendItem[] => {
    const list: LegendItem[] = [
      { label: 'predicted class', color: TOP, kind: 'box' },
      { label: 'other classes', color: OTHER, kind: 'pale-box' },
    ];
    if (hasStd) list.push({ label: '± 1 std', color: STD, kind: 'whisker' });
    if (hasRange) list.push({ label: '5–95 % range', color: RANGE, kind: 'thin-whisker' });
    if (hasTrue) list.push({ label: 'true class', color: TRUE_OUTLINE, kind: 'outline' });
    return list;
  }, [hasStd, hasRange, hasTrue]);
  const legend = useLegend(items, width, Y_WIDTH + 4);

  return (
    <div className="ts-chart ts-insp" data-testid="probability-error-bars" ref={wrapRef}>
      <div className="ts-insp-caption" data-testid="probability-error-caption">
        {caption ?? '\u00a0'}
      </div>
      {caption === null ? (
        <ChartEmpty message="No prediction yet" height={height} />
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={rows} margin={{ top: legend.height + 4, right: 8, bottom: hasTrue ? 12 : 0, left: 4 }}>
            <SvgLegend items={legend.items} />
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" type="category" interval={0} tick={(p: object) => <ClassTick {...p} rows={rows} />} />
            <YAxis
              domain={[0, 100]}
              ticks={[0, 25, 50, 75, 100]}
              allowDataOverflow
              tick={AXIS_TICK}
              width={Y_WIDTH}
              tickFormatter={(v: number) => `${v}%`}
              label={{ value: 'probability (%)', angle: -90, position: 'insideLeft', offset: 8, fontSize: 11, style: { textAnchor: 'middle' } }}
            />
            <Tooltip
              cursor={{ fill: 'rgba(0,0,0,0.04)' }}
              content={(p) => {
                const row = tipRow<ProbabilityErrorRow>(p);
                if (!row) return null;
                return (
                  <TipBox title={`class ${row.name}${row.isTrue ? ' (true class)' : ''}`}>
                    <TipLine label="mean" value={`${row.mean.toFixed(1)} %`} color={row.isTop ? TOP : OTHER} />
                    {row.std !== null && <TipLine label="std" value={`± ${row.std.toFixed(1)} pts`} />}
                    {row.q05 !== null && row.q95 !== null && <TipLine label="5–95 %" value={`${row.q05.toFixed(1)} – ${row.q95.toFixed(1)} %`} />}
                  </TipBox>
                );
              }}
            />
            <Bar dataKey="mean" name="mean probability" shape={renderBar} isAnimationActive={false}>
              {hasRange && <ErrorBar dataKey="rangeErr" width={3} stroke={RANGE} strokeWidth={1} isAnimationActive={false} />}
              {hasStd && <ErrorBar dataKey="stdErr" width={8} stroke={STD} strokeWidth={2} isAnimationActive={false} />}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
