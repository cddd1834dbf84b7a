import { useMemo } from 'react';
import { ChartEmpty } from '../ChartEmpty';
import { LiveChart } from '../live/LiveChart';
import { historyPlot, type LivePlot } from '../live/liveData';
import { useChartColors } from '../useThemeColors';
import { toCsv } from './exportChart';
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
  plot: LivePlot;
  csvHeader: string;
}

/**
 * Validation accuracy, calibration error (ECE) and mean predictive entropy per epoch, in small
 * panels that share the epoch axis (and the cursor): an over-fitting model keeps its accuracy while ECE rises and
 * entropy falls (it grows over-confident).
 */
export function MetricHistory({ epochs, panelHeight = 170 }: MetricHistoryProps) {
  const palette = useChartColors();
  const panels = useMemo((): Panel[] => {
    const rows = epochs.filter((e) => finite(e.epoch)).sort((a, b) => a.epoch - b.epoch);
    if (rows.length === 0) return [];
    const x = rows.map((r) => r.epoch);
    const pick = (f: (r: MetricEpoch) => number | null | undefined, k = 1) => rows.map((r) => (finite(f(r)) ? (f(r) as number) * k : null));
    const out: Panel[] = [];
    const add = (key: string, title: string, values: (number | null)[], look: Parameters<typeof historyPlot>[2], csvHeader: string) => {
      if (values.some((v) => v !== null)) out.push({ key, title, plot: historyPlot(x, values, look), csvHeader });
    };
    add('accuracy', 'Validation accuracy (%)', pick((r) => r.accuracy, 100), { label: 'accuracy', color: palette.orange, yLabel: 'accuracy (%)', yKind: 'accuracy' }, 'accuracy_percent');
    add('ece', 'Calibration error, ECE (%) — lower is better', pick((r) => r.ece, 100), { label: 'ECE', color: palette.vermillion, yLabel: 'ECE (%)', yKind: 'percent' }, 'ece_percent');
    add('entropy', 'Mean predictive entropy (nats)', pick((r) => r.meanEntropy), { label: 'entropy', color: palette.purple, yLabel: 'entropy (nats)', yKind: 'loss' }, 'mean_entropy_nats');
    add('loss', 'Validation loss', pick((r) => r.valLoss), { label: 'loss', color: palette.orange, dash: [6, 4], yLabel: 'loss', yKind: 'loss' }, 'val_loss');
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
                <LiveChart
                  testId={`metric-history-${p.key}`}
                  chartId={`history-${p.key}`}
                  name={`${p.title} per epoch`}
                  title={p.title}
                  plot={p.plot}
                  height={panelHeight}
                  syncKey="ts-history"
                  emptyMessage=""
                  csv={() => toCsv(['epoch', p.csvHeader], p.plot.x.map((e, i) => [e, p.plot.ys[0][i]]))}
                />
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
