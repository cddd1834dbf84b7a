import { useMemo } from 'react';
import { CanvasPlot } from '../CanvasPlot';
import { shortNumber, type PlotSpec } from '../canvasPlot';
import { ChartEmpty } from '../ChartEmpty';
import { metricScale } from '../chartTheme';
import { useChartColors } from '../useThemeColors';
import { innerTicks, niceScale } from '../scale';
import { finite } from './inspectMath';
import { overconfidenceNote, type MetricEpoch } from './inspectRows';
import './inspect.css';

export interface MetricHistoryProps {
  /** Per-epoch validation metrics; accuracy and ece are 0..1, meanEntropy in nats. */
  epochs: MetricEpoch[];
  /** Height of each small panel. */
  panelHeight?: number;
}

interface Panel {
  key: string;
  title: string;
  spec: PlotSpec;
}

function epochTicks(xs: readonly number[]): number[] {
  const first = xs[0];
  const last = xs[xs.length - 1];
  return last > first ? innerTicks(first, last, Math.min(6, last - first + 1)).filter((t) => Number.isInteger(t)) : [first];
}

function maxOf(values: readonly (number | null)[]): number {
  let m = -Infinity;
  for (const v of values) if (v !== null && v > m) m = v;
  return m;
}

/**
 * Validation accuracy, calibration error (ECE) and mean predictive entropy per epoch, in small
 * panels that share the epoch axis: an over-fitting model keeps its accuracy while ECE rises and
 * entropy falls (it grows over-confident).
 */
export function MetricHistory({ epochs, panelHeight = 170 }: MetricHistoryProps) {
  const palette = useChartColors();
  const panels = useMemo((): Panel[] => {
    const rows = epochs.filter((e) => finite(e.epoch)).sort((a, b) => a.epoch - b.epoch);
    if (rows.length === 0) return [];
    const x = rows.map((r) => r.epoch);
    const xTicks = epochTicks(x);
    const pick = (f: (r: MetricEpoch) => number | null | undefined, k = 1) => rows.map((r) => (finite(f(r)) ? (f(r) as number) * k : null));
    const base = { x, xTicks, xLabel: 'epoch' };
    const out: Panel[] = [];
    const acc = pick((r) => r.accuracy, 100);
    if (acc.some((v) => v !== null)) {
      out.push({
        key: 'accuracy',
        title: 'Validation accuracy (%)',
        spec: {
          ...base,
          series: [{ name: 'accuracy', color: palette.orange, values: acc, dots: true, width: 2, hideInLegend: true }],
          y: metricScale(acc, 'accuracy'),
          yLabel: 'accuracy (%)',
          formatY: (v) => `${v.toFixed(1)} %`,
          formatTick: (v) => `${shortNumber(v)}%`,
        },
      });
    }
    const ece = pick((r) => r.ece, 100);
    if (ece.some((v) => v !== null)) {
      out.push({
        key: 'ece',
        title: 'Calibration error, ECE (%) — lower is better',
        spec: {
          ...base,
          series: [{ name: 'ECE', color: palette.vermillion, values: ece, dots: true, width: 2, hideInLegend: true }],
          y: niceScale(0, Math.max(1, maxOf(ece)), 4),
          yLabel: 'ECE (%)',
          formatY: (v) => `${v.toFixed(2)} %`,
          formatTick: (v) => `${shortNumber(v)}%`,
        },
      });
    }
    const ent = pick((r) => r.meanEntropy);
    if (ent.some((v) => v !== null)) {
      out.push({
        key: 'entropy',
        title: 'Mean predictive entropy (nats)',
        spec: {
          ...base,
          series: [{ name: 'entropy', color: palette.purple, values: ent, dots: true, width: 2, hideInLegend: true }],
          y: niceScale(0, Math.max(0.01, maxOf(ent)), 4),
          yLabel: 'entropy (nats)',
          formatY: (v) => `${v.toFixed(3)} nats`,
        },
      });
    }
    const loss = pick((r) => r.valLoss);
    if (loss.some((v) => v !== null)) {
      out.push({
        key: 'loss',
        title: 'Validation loss',
        spec: {
          ...base,
          series: [{ name: 'loss', color: palette.orange, values: loss, dots: true, width: 2, dashed: true, hideInLegend: true }],
          y: niceScale(0, Math.max(0.01, maxOf(loss)), 4),
          yLabel: 'loss',
          formatY: (v) => v.toFixed(4),
        },
      });
    }
    return out;
  }, [epochs, palette]);
  const note = useMemo(() => overconfidenceNote(epochs), [epochs]);

  return (
    <div className="ts-chart ts-insp" data-testid="metric-history" data-panels={panels.length}>
      {panels.length === 0 ? (
        <ChartEmpty message="No validation epochs yet — train with a validation split" height={panelHeight + 22} />
      ) : (
        <>
          <div className="ts-insp-multiples ts-insp-multiples-wide">
            {panels.map((p) => (
              <figure className="ts-insp-panel" key={p.key} data-panel={p.key}>
                <figcaption className="ts-insp-panel-title">{p.title}</figcaption>
                <CanvasPlot spec={p.spec} height={panelHeight} ariaLabel={`${p.title} per epoch`} />
              </figure>
            ))}
          </div>
          {note && (
            <div className="ts-insp-warning" role="status" data-testid="overconfidence-note">
              {note}
            </div>
          )}
        </>
      )}
    </div>
  );
}
