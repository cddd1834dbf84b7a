import { useMemo, useRef } from 'react';
import { Bar, BarChart, CartesianGrid, ErrorBar, Rectangle, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import { PALETTE } from '../../core/palette';
import { ChartEmpty } from '../ChartEmpty';
import { AXIS_TICK } from '../chartTheme';
import { formatCount, type LegendItem } from './inspectMath';
import { SvgLegend, TipBox, TipLine, tipRow, useElementWidth, useLegend } from './inspectParts';
import { LOW_SUPPORT, METRIC_LABEL, perClassRows, type ClassMetric, type ClassStat, type PerClassRow } from './inspectRows';
import './inspect.css';

export interface PerClassBarsProps {
  classNames: string[];
  /** One entry per class; metrics and interval bounds are 0..1 fractions. */
  stats: ClassStat[];
  metric: ClassMetric;
  height?: number;
}

const Y_WIDTH = 48;
const WHISKER = '#1f2937';

function renderBar(props: BarShapeProps) {
  const row = props.payload as PerClassRow | undefined;
  const low = row?.lowSupport === true;
  return <Rectangle {...props} fill={PALETTE.blue} fillOpacity={low ? 0.3 : 1} stroke={low ? PALETTE.blue : 'none'} />;
}

/** Class name, with the support underneath when there is room. */
function ClassTick(props: { x?: number | string; y?: number | string; payload?: { value?: unknown; index?: number }; rows: PerClassRow[]; showSupport: boolean }) {
  const row = props.rows[props.payload?.index ?? -1];
  return (
    <g transform={`translate(${Number(props.x)},${Number(props.y)})`}>
      <text textAnchor="middle" dy={12} fontSize={11} fill="#6b7280">
        {String(props.payload?.value ?? '')}
      </text>
      {props.showSupport && row && (
        <text textAnchor="middle" dy={25} fontSize={9} fill={row.lowSupport ? PALETTE.vermillion : '#9ca3af'}>
          n={formatCount(row.support)}
        </text>
      )}
    </g>
  );
}

/** Per-class precision, recall or F1 with 95 % Wilson intervals; few-sample classes drawn pale. */
export function PerClassBars({ classNames, stats, metric, height = 240 }: PerClassBarsProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrapRef);
  const rows = useMemo(() => perClassRows(classNames, stats, metric), [classNames, stats, metric]);
  const anyLow = rows.some((r) => r.lowSupport);
  const items = useMemo((): LegendItem[] => {
    const list: LegendItem[] = [
      { label: METRIC_LABEL[metric], color: PALETTE.blue, kind: 'box' },
      { label: '95 % Wilson interval', color: WHISKER, kind: 'whisker' },
    ];
    if (anyLow) list.push({ label: `n < ${LOW_SUPPORT} samples`, color: PALETTE.blue, kind: 'pale-box' });
    return list;
  }, [metric, anyLow]);
  const legend = useLegend(items, width, Y_WIDTH + 4);
  const showSupport = rows.length <= 20;
  const label = METRIC_LABEL[metric];

  return (
    <div className="ts-chart ts-insp" data-testid="per-class-bars" data-metric={metric} ref={wrapRef}>
      {rows.length === 0 ? (
        <ChartEmpty message="No per-class metrics yet — evaluate the model" height={height} />
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={rows} margin={{ top: legend.height + 4, right: 12, bottom: showSupport ? 26 : 14, left: 4 }}>
            <SvgLegend items={legend.items} />
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="name"
              type="category"
              interval={0}
              tick={(p: object) => <ClassTick {...p} rows={rows} showSupport={showSupport} />}
              label={{ value: 'class', position: 'insideBottom', offset: showSupport ? -22 : -10, fontSize: 11 }}
            />
            <YAxis
              domain={[0, 100]}
              ticks={[0, 25, 50, 75, 100]}
              tick={AXIS_TICK}
              width={Y_WIDTH}
              tickFormatter={(v: number) => `${v}%`}
              label={{ value: `${label} (%)`, angle: -90, position: 'insideLeft', offset: 10, fontSize: 11, style: { textAnchor: 'middle' } }}
            />
            <Tooltip
              cursor={{ fill: 'rgba(0,0,0,0.04)' }}
              content={(p) => {
                const row = tipRow<PerClassRow>(p);
                if (!row) return null;
                return (
                  <TipBox title={`class ${row.name}`}>
                    <TipLine
                      label={label}
                      value={row.value === null ? 'undefined' : `${row.value.toFixed(1)} %`}
                      color={PALETTE.blue}
                    />
                    {row.lo !== null && row.hi !== null && (
                      <TipLine label="95 % CI" value={`${row.lo.toFixed(1)} – ${row.hi.toFixed(1)} %`} />
                    )}
                    <TipLine label="support" value={`n = ${formatCount(row.support)}`} />
                    {row.lowSupport && <div className="ts-insp-tip-note">Few samples: the interval is wide.</div>}
                  </TipBox>
                );
              }}
            />
            <Bar dataKey="value" name={label} shape={renderBar} isAnimationActive={false}>
              <ErrorBar dataKey="err" width={6} stroke={WHISKER} strokeWidth={1.5} isAnimationActive={false} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
