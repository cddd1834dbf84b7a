import { useDeferredValue, useMemo, useState } from 'react';
import { HistogramLegend, HistogramStrip } from '../../charts/inspect/HistogramStrip';
import { epochHistogramsCsv } from '../../charts/inspect/histogramStripCsv';
import { formatValue } from '../../charts/inspect/inspectMath';
import { useStudio } from '../../store/context';
import { gradientTrend, layerNames, stripRows, type EpochHistograms, type HistogramKind, type StripRows } from '../../training/inspect/histogramMath';
import { useThrottledValue } from '../useThrottledValue';
import { ExportableCard } from './ExportableCard';

const EMPTY: EpochHistograms[] = [];

/** The caption lines under a strip's title, and whether the last one is a warning. */
export function stripCaption(strip: StripRows): { lines: string[]; warn: boolean } {
  const last = strip.rows[strip.rows.length - 1]?.hist;
  if (!last) return { lines: [], warn: false };
  const flags: string[] = [];
  if (last.outside > 0) flags.push(`${last.outside} beyond the range, in the edge bins`);
  if (last.nonFinite > 0) flags.push(`${last.nonFinite} NaN/∞ left out`);
  const stats = `epoch ${strip.rows[strip.rows.length - 1].epoch}: μ ${formatValue(last.mean)} ± σ ${formatValue(last.std)} · ${Math.round(last.nearZero * 100)} % ≈ 0${flags.length ? ` · ${flags.join(' · ')}` : ''}`;
  if (strip.kind !== 'gradients') return { lines: [stats], warn: false };
  const trend = gradientTrend(strip.rows.map((r) => r.hist.std));
  const fell = `σ fell ${trend.ratio >= 1000 ? formatValue(trend.ratio) : Math.round(trend.ratio)}× since epoch ${strip.rows[0].epoch}`;
  if (trend.label === 'vanishing') return { lines: [stats, `${fell}: gradients vanishing?`], warn: true };
  if (trend.label === 'shrinking') return { lines: [stats, `${fell}: shrinking (normal while the loss falls)`], warn: false };
  return { lines: [stats], warn: false };
}

/**
 * "Weights & gradients": for each layer's kernel, a heat strip of its histogram at every epoch (rows), weights or
 * their gradients on a fixed training batch. Updates live, at most once a second while training.
 */
export function WeightHistograms() {
  const training = useStudio((s) => s.run.status === 'running');
  const history = useDeferredValue(useThrottledValue(useStudio((s) => s.run.histograms ?? EMPTY), 1000, training));
  const [kind, setKind] = useState<HistogramKind>('weights');
  const [picked, setPicked] = useState<string>('all');
  const names = useMemo(() => layerNames(history), [history]);
  const strips = useMemo(() => {
    const shown = picked !== 'all' && names.includes(picked) ? [picked] : names;
    return shown.map((name) => stripRows(history, name, kind)).filter((s) => s.rows.length > 0);
  }, [history, names, picked, kind]);
  const skipped = history.find((e) => e.skipped)?.skipped;
  const latest = history[history.length - 1];
  const hasGradients = history.some((e) => e.layers.some((l) => l.kind === 'gradients'));

  return (
    <ExportableCard
      title="Weights & gradients over epochs"
      fileName="weight-gradient-histograms"
      csv={() => epochHistogramsCsv(history)}
    >
      <div data-testid="weight-histograms-over-time">
        <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 6 }}>
          <div className="ts-chart-toggle" role="group" aria-label="Show weights or gradients" style={{ marginBottom: 0 }}>
            <button type="button" aria-pressed={kind === 'weights'} onClick={() => setKind('weights')} data-testid="histograms-weights">
              Weights
            </button>
            <button type="button" aria-pressed={kind === 'gradients'} onClick={() => setKind('gradients')} data-testid="histograms-gradients" disabled={!hasGradients && history.length > 0}>
              Gradients
            </button>
          </div>
          <select value={names.includes(picked) ? picked : 'all'} onChange={(e) => setPicked(e.target.value)} data-testid="histograms-layer" aria-label="Layer">
            <option value="all">All layers</option>
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        {skipped ? (
          <p className="ts-muted">{skipped}</p>
        ) : strips.length === 0 ? (
          <p className="ts-muted">Each layer&apos;s weight and gradient histograms appear here after the first epoch, one row per epoch.</p>
        ) : (
          <>
            <p className="ts-insp-note">
              One row per epoch (the first at the top), x: {kind === 'weights' ? 'weight' : 'gradient'} value on a fixed range per layer that only widens (doubling), colour:
              how many values fall in the bin.{' '}
              {kind === 'gradients' ? 'Gradients of the run’s loss on the same training batch every epoch, without dropout. ' : ''}
              {latest ? `Computed in ${latest.computeMs.toFixed(0)} ms at the last epoch.` : ''}
            </p>
            <HistogramLegend />
            {strips.map((s) => {
              const cap = stripCaption(s);
              return (
                <HistogramStrip
                  key={`${s.kind}:${s.name}`}
                  strip={s}
                  caption={cap.lines}
                  warn={cap.warn}
                  label={`${s.name} ${s.kind} over ${s.rows.length} epochs, values from ${formatValue(-s.hi)} to ${formatValue(s.hi)}. ${cap.lines.join('. ')}`}
                />
              );
            })}
          </>
        )}
      </div>
    </ExportableCard>
  );
}
