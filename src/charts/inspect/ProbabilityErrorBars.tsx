import { useMemo } from 'react';
import { useChartColors } from '../useThemeColors';
import { ChartEmpty } from '../ChartEmpty';
import { Explain } from '../Explain';
import { mcDropoutBarsText } from '../uncertaintyText';
import { ClassBars, type BarWhisker, type ClassBar } from '../svg/ClassBars';
import type { LegendItem } from './inspectMath';
import { TipBox, TipLine } from './inspectParts';
import { probabilityCaption, probabilityErrorRows } from './inspectRows';
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
  /** The number of MC-dropout passes (T) behind std and the quantiles; names the error bars in the caption. */
  passes?: number;
  height?: number;
}

/** Mean class probabilities with ±1 std error bars and the 5–95 % range; winner blue, true class outlined. */
export function ProbabilityErrorBars({ classNames, mean, std, q05, q95, trueClass, entropy, passes, height = 200 }: ProbabilityErrorBarsProps) {
  const rows = useMemo(() => probabilityErrorRows(classNames, mean, std, q05, q95, trueClass), [classNames, mean, std, q05, q95, trueClass]);
  const caption = useMemo(() => probabilityCaption(classNames, mean, std, entropy, trueClass), [classNames, mean, std, entropy, trueClass]);
  const c = useChartColors();
  const [TOP, OTHER, STD, RANGE, TRUE_OUTLINE] = [c.blue, c.grey, c.ink, c['axis-text'], c.ink];
  const hasStd = rows.some((r) => r.stdErr !== null);
  const hasRange = rows.some((r) => r.rangeErr !== null);
  const hasTrue = rows.some((r) => r.isTrue);
  const legend = useMemo((): LegendItem[] => {
    const list: LegendItem[] = [
      { label: 'predicted class', color: TOP, kind: 'box' },
      { label: 'other classes', color: OTHER, kind: 'pale-box' },
    ];
    if (hasStd) list.push({ label: passes ? `±1σ over T = ${passes}` : '± 1 std', color: STD, kind: 'whisker' });
    if (hasRange) list.push({ label: '5–95 % range', color: RANGE, kind: 'thin-whisker' });
    if (hasTrue) list.push({ label: 'true class', color: TRUE_OUTLINE, kind: 'outline' });
    return list;
  }, [hasStd, hasRange, hasTrue, passes, TOP, OTHER, STD, RANGE, TRUE_OUTLINE]);
  const bars = useMemo(
    () =>
      rows.map((r): ClassBar => {
        const whiskers: BarWhisker[] = [];
        if (r.rangeErr) whiskers.push({ lo: r.mean - r.rangeErr[0], hi: r.mean + r.rangeErr[1], cap: 3, stroke: RANGE, strokeWidth: 1 });
        if (r.stdErr) whiskers.push({ lo: r.mean - r.stdErr[0], hi: r.mean + r.stdErr[1], cap: 8, stroke: STD, strokeWidth: 2 });
        return {
          name: r.name,
          value: r.mean,
          fill: r.isTop ? TOP : OTHER,
          fillOpacity: r.isTop ? 1 : 0.55,
          stroke: r.isTrue ? TRUE_OUTLINE : undefined,
          strokeWidth: r.isTrue ? 2 : 0,
          whiskers,
          bold: r.isTop,
          note: r.isTrue ? { text: 'true', color: TRUE_OUTLINE, bold: true } : undefined,
        };
      }),
    [rows, TOP, OTHER, STD, RANGE, TRUE_OUTLINE],
  );

  return (
    <div className="ts-chart ts-insp" data-testid="probability-error-bars">
      <div className="ts-insp-caption" data-testid="probability-error-caption">
        {caption ?? '\u00a0'}
      </div>
      {caption === null ? (
        <ChartEmpty message="No prediction yet" height={height} />
      ) : (
        <ClassBars
          bars={bars}
          height={height}
          yLabel="probability (%)"
          yWidth={52}
          legend={legend}
          ariaLabel="Class probabilities with error bars"
          tooltip={(i) => {
            const row = rows[i];
            return (
              <TipBox title={`class ${row.name}${row.isTrue ? ' (true class)' : ''}`}>
                <TipLine label="mean" value={`${row.mean.toFixed(1)} %`} color={row.isTop ? TOP : OTHER} />
                {row.std !== null && <TipLine label="std" value={`± ${row.std.toFixed(1)} pts`} />}
                {row.q05 !== null && row.q95 !== null && <TipLine label="5–95 %" value={`${row.q05.toFixed(1)} – ${row.q95.toFixed(1)} %`} />}
              </TipBox>
            );
          }}
        />
      )}
      {caption !== null && hasStd && passes ? <Explain text={mcDropoutBarsText(passes, hasRange)} testId="explain-mc-bars" /> : null}
    </div>
  );
}
