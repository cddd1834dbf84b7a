import { memo, useMemo } from 'react';
import { useChartColors } from '../useThemeColors';
import { ChartEmpty } from '../ChartEmpty';
import { Explain } from '../Explain';
import { wilsonClassText } from '../uncertaintyText';
import { ClassBars, type ClassBar } from '../svg/ClassBars';
import { formatCount } from '../format';
import type { LegendItem } from './inspectMath';
import { TipBox, TipLine } from './inspectParts';
import { LOW_SUPPORT, METRIC_LABEL, perClassRows, type ClassMetric, type ClassStat } from './inspectRows';
import './inspect.css';

export interface PerClassBarsProps {
  classNames: string[];
  /** One entry per class; metrics and interval bounds are 0..1 fractions. */
  stats: ClassStat[];
  metric: ClassMetric;
  /** How many test items the evaluation scored (named in the interval's caption); the sum of supports when left out. */
  testItems?: number;
  height?: number;
}

/** Per-class precision, recall or F1 with 95 % Wilson intervals; few-sample classes drawn pale. */
function PerClassBarsImpl({ classNames, stats, metric, testItems, height = 240 }: PerClassBarsProps) {
  const n = testItems ?? stats.reduce((sum, s) => sum + s.support, 0);
  const rows = useMemo(() => perClassRows(classNames, stats, metric), [classNames, stats, metric]);
  const c = useChartColors();
  const [BLUE, WHISKER, LOW, NOTE] = [c.blue, c.ink, c['vermillion-text'], c['axis-text']];
  const anyLow = rows.some((r) => r.lowSupport);
  const label = METRIC_LABEL[metric];
  const legend = useMemo((): LegendItem[] => {
    const list: LegendItem[] = [
      { label, color: BLUE, kind: 'box' },
      { label: '95 % Wilson interval', color: WHISKER, kind: 'whisker' },
    ];
    if (anyLow) list.push({ label: `n < ${LOW_SUPPORT} samples`, color: BLUE, kind: 'pale-box' });
    return list;
  }, [label, anyLow, BLUE, WHISKER]);
  const showSupport = rows.length <= 20;
  const bars = useMemo(
    () =>
      rows.map(
        (r): ClassBar => ({
          name: r.name,
          value: r.value,
          fill: BLUE,
          fillOpacity: r.lowSupport ? 0.3 : 1,
          stroke: r.lowSupport ? BLUE : undefined,
          strokeWidth: r.lowSupport ? 1 : 0,
          whiskers: r.lo !== null && r.hi !== null ? [{ lo: r.lo, hi: r.hi, cap: 6, stroke: WHISKER, strokeWidth: 1.5 }] : [],
          note: showSupport ? { text: `n=${formatCount(r.support)}`, color: r.lowSupport ? LOW : NOTE } : undefined,
        }),
      ),
    [rows, showSupport, BLUE, WHISKER, LOW, NOTE],
  );

  return (
    <div className="ts-chart ts-insp" data-testid="per-class-bars" data-metric={metric}>
      {rows.length === 0 ? (
        <ChartEmpty message="No per-class metrics yet — evaluate the model" height={height} />
      ) : (
        <ClassBars
          bars={bars}
          height={height}
          yLabel={`${label} (%)`}
          xLabel="class"
          legend={legend}
          ariaLabel={`Per-class ${label} with 95 % Wilson intervals`}
          tooltip={(i) => {
            const row = rows[i];
            return (
              <TipBox title={`class ${row.name}`}>
                <TipLine label={label} value={row.value === null ? 'undefined' : `${row.value.toFixed(1)} %`} color={BLUE} />
                {row.lo !== null && row.hi !== null && <TipLine label="95 % CI" value={`${row.lo.toFixed(1)} – ${row.hi.toFixed(1)} %`} />}
                <TipLine label="support" value={`n = ${formatCount(row.support)}`} />
                {row.lowSupport && <div className="ts-insp-tip-note">Few samples: the interval is wide.</div>}
              </TipBox>
            );
          }}
        />
      )}
      {rows.length > 0 && <Explain text={wilsonClassText(metric, n)} testId="explain-per-class" />}
    </div>
  );
}

/** Memoised: it sits in the evaluation overview, which re-renders after every epoch. */
export const PerClassBars = memo(PerClassBarsImpl);
