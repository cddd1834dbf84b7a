import { memo, useEffect, useMemo, useState } from 'react';
import { histogramCsv, predictionBandCsv, scatterCsv } from '../../charts/inspect/inspectCsv';
import { PredictionBand } from '../../charts/inspect/PredictionBand';
import { RegressionScatter } from '../../charts/inspect/RegressionScatter';
import { mcBandText, residualBandText } from '../../charts/uncertaintyText';
import { ResidualHistogram } from '../../charts/inspect/ResidualHistogram';
import type { Dataset, DatasetSplit } from '../../core/types';
import { binnedResidualBand, histogram } from '../../training/inspect';
import type { TestEvaluation } from '../../training/protocol';
import { useStudio } from '../../store/context';
import { formatAmount } from '../taskMetric';
import { ExportableCard } from './ExportableCard';
import { WeightHistograms } from './WeightHistograms';

type RegEval = Extract<TestEvaluation, { task: 'regression' }>;
/** The residual band's x bins (bins with fewer than 3 test items are left out). */
const RESIDUAL_BINS = 16;

/** Predicted vs actual, the residuals, and for one input feature the prediction curve with its error band. */
function RegressionInspectorImpl({ evaluation, split, data }: { evaluation: RegEval; split: DatasetSplit; data: Dataset }) {
  const curve = useStudio((s) => s.inspect.curve);
  const computeCurve = useStudio((s) => s.computeCurve);
  const passes = useStudio((s) => s.inspect.passes);
  const actual = useMemo(() => Float32Array.from(split.test, (i) => data.y[i]), [split, data]);
  const residuals = useMemo(() => evaluation.predictions.map((p, i) => p - actual[i]), [evaluation, actual]);
  const hist = useMemo(() => histogram(residuals, 30), [residuals]);
  const oneD = data.inputShape.length === 1 && data.inputShape[0] === 1;
  const xs = useMemo(() => (oneD ? Float32Array.from(split.test, (i) => data.x[i]) : null), [oneD, split, data]);
  const grid = useMemo(() => {
    if (!xs) return null;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of xs) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return Float32Array.from({ length: 120 }, (_, k) => lo + ((hi - lo) * k) / 119);
  }, [xs]);
  // The MC-dropout curve follows the model: recomputed after every epoch's evaluation.
  useEffect(() => {
    if (grid) computeCurve(grid);
  }, [grid, evaluation, computeCurve, passes]);
  const [kind, setKind] = useState<'residual' | 'mc'>('residual');
  const bins = useMemo(() => (xs ? binnedResidualBand(xs, evaluation.predictions, actual, RESIDUAL_BINS).filter((b) => b.n >= 3) : []), [xs, evaluation, actual]);
  const mc = curve && curve.mean.length === curve.xs.length && curve.mean.length > 0 ? curve : null;
  const bandData = useMemo(() => {
    if (!mc || !xs) return null;
    const x = Array.from(mc.xs);
    const mean = Array.from(mc.mean);
    if (kind === 'mc') return { label: `MC-dropout mean ± 2σ (T = ${passes})`, explain: mcBandText(passes), x, mean, lo: mean.map((m, i) => m - 2 * mc.std[i]), hi: mean.map((m, i) => m + 2 * mc.std[i]) };
    if (bins.length === 0) return null;
    // Residual = target − prediction: the curve plus the 5–95 % residual range of the nearest x bin.
    const near = (v: number) => bins.reduce((b, c) => (Math.abs(c.x - v) < Math.abs(b.x - v) ? c : b));
    const explain = residualBandText(evaluation.predictions.length, bins.length, RESIDUAL_BINS);
    return { label: '90 % prediction interval from test residuals', explain, x, mean, lo: mean.map((m, i) => m + near(x[i]).lo), hi: mean.map((m, i) => m + near(x[i]).hi) };
  }, [mc, xs, kind, bins, passes, evaluation]);
  const diverged = useStudio((st) => st.run.status === 'diverged');
  return (
    <>
      <p>
        Test MAE <strong data-testid="eval-mae">{Number.isFinite(evaluation.metric) ? formatAmount(evaluation.metric) : '—'}</strong>
        {diverged ? <span data-testid="eval-diverged"> (diverged: these are the last finite epoch's predictions, not the final model's)</span> : null} · RMSE{' '}
        {Number.isFinite(evaluation.rmse) ? formatAmount(evaluation.rmse) : '—'} · {evaluation.predictions.length} test examples
      </p>
      <div className="ts-insp-grid">
        <ExportableCard title="Predicted vs actual" fileName="predicted-vs-actual" csv={() => scatterCsv(actual, evaluation.predictions)}>
          <RegressionScatter actual={actual} predicted={evaluation.predictions} targetName={data.targetName} />
        </ExportableCard>
        <ExportableCard title="Residuals (predicted − actual)" fileName="residuals" csv={() => histogramCsv(hist.edges, hist.counts, 'residual')}>
          <ResidualHistogram edges={hist.edges} counts={hist.counts} />
        </ExportableCard>
      </div>
      {xs && bandData && bandData.x.length ? (
        <ExportableCard
          title="Prediction and its error range over the data"
          fileName="prediction-band"
          csv={() => predictionBandCsv(bandData.x, bandData.mean, bandData.lo, bandData.hi)}
          extra={
            <select value={kind} onChange={(e) => setKind(e.target.value as 'residual' | 'mc')} aria-label="Which error range" data-testid="band-kind">
              <option value="residual">residual range (data noise)</option>
              <option value="mc">MC dropout ± 2σ (model uncertainty)</option>
            </select>
          }
        >
          <PredictionBand
            x={xs}
            y={actual}
            curveX={bandData.x}
            mean={bandData.mean}
            lo={bandData.lo}
            hi={bandData.hi}
            bandLabel={bandData.label}
            explain={bandData.explain}
            xLabel={data.featureNames[0] ?? 'x'}
            yLabel={data.targetName}
          />
        </ExportableCard>
      ) : null}
      <WeightHistograms />
    </>
  );
}

/** Memoised: its parent defers the data (useDeferredValue), and the urgent re-render with the old value must bail out here. */
export const RegressionInspector = memo(RegressionInspectorImpl);
