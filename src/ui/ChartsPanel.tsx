import { useDeferredValue, useEffect, useMemo } from 'react';
import { BatchChart } from '../charts/BatchChart';
import { ChartCard } from '../charts/ChartCard';
import { EpochChart } from '../charts/EpochChart';
import { ThroughputChart } from '../charts/ThroughputChart';
import { warmUPlotWhenIdle } from '../charts/live/warmUPlot';
import { formatLearningRate } from '../charts/series';
import { useStudio } from '../store/context';
import type { SmoothingChart } from '../store/types';
import { ErrorBoundary } from './ErrorBoundary';
import { chartMetric } from './taskMetric';

/** A batch chart's EMA weight: its own override, else the shared default. */
function useChartSmoothing(chart: SmoothingChart): number {
  return useStudio((s) => s.chartSmoothing[chart] ?? s.smoothing);
}

/** Each batch chart has its own smoothing control (EMA, debiased as in TensorBoard). */
function SmoothingSlider({ chart, label }: { chart: SmoothingChart; label: string }) {
  const smoothing = useChartSmoothing(chart);
  const setSmoothing = useStudio((s) => s.setSmoothing);
  return (
    <label className="ts-field ts-inline ts-small" title="Exponential moving average, debiased as in TensorBoard">
      <span>Smoothing</span>
      <input
        type="range"
        min={0}
        max={0.99}
        step={0.01}
        value={smoothing}
        aria-label={`Smoothing of the ${label} chart`}
        data-testid={`smoothing-slider-${chart}`}
        onChange={(e) => setSmoothing(Number(e.target.value), chart)}
      />
      <output className="ts-mono">{smoothing.toFixed(2)}</output>
    </label>
  );
}

// Each group subscribes to its own slice, so a batch update never re-renders the epoch charts.
function BatchCharts() {
  // Deferred: the charts re-render in a background, interruptible pass, so new points never block input.
  const batches = useDeferredValue(useStudio((s) => s.run.batches));
  const lossSmoothing = useDeferredValue(useChartSmoothing('loss'));
  const metricSmoothing = useDeferredValue(useChartSmoothing('metric'));
  const metric = chartMetric(useStudio((s) => s.dataset.data?.task ?? 'classification'));
  const rawMarkers = useStudio((s) => s.run.markers);
  // For the epoch x axis; 0 (unknown) for runs restored from a link, which then offer step and time only.
  const batchesPerEpoch = useStudio((s) => s.run.info?.batchesPerEpoch || undefined);
  const markers = useMemo(() => rawMarkers.map((m) => ({ x: m.step, label: `lr → ${formatLearningRate(m.learningRate)}` })), [rawMarkers]);
  const metricName = metric === 'accuracy' ? 'accuracy' : 'mean absolute error';
  return (
    <ErrorBoundary label="Batch charts">
      <ChartCard title="Training loss per batch" actions={<SmoothingSlider chart="loss" label="loss" />}>
        <BatchChart points={batches} metric="loss" smoothing={lossSmoothing} markers={markers} batchesPerEpoch={batchesPerEpoch} />
      </ChartCard>
      <ChartCard title={`Training ${metricName} per batch`} actions={<SmoothingSlider chart="metric" label={metricName} />}>
        <BatchChart points={batches} metric={metric} smoothing={metricSmoothing} markers={markers} batchesPerEpoch={batchesPerEpoch} />
      </ChartCard>
    </ErrorBoundary>
  );
}

function EpochCharts() {
  const epochs = useDeferredValue(useStudio((s) => s.run.epochs));
  const metric = chartMetric(useStudio((s) => s.dataset.data?.task ?? 'classification'));
  return (
    <ErrorBoundary label="Epoch charts">
      <ChartCard title="Loss per epoch: train vs validation">
        <EpochChart epochs={epochs} metric="loss" />
      </ChartCard>
      <ChartCard title={metric === 'accuracy' ? 'Accuracy per epoch: train, validation, test' : 'Mean absolute error per epoch: train, validation, test'}>
        <EpochChart epochs={epochs} metric={metric} />
      </ChartCard>
    </ErrorBoundary>
  );
}

function Throughput() {
  const throughput = useDeferredValue(useStudio((s) => s.run.throughput));
  return (
    <ErrorBoundary label="Throughput chart">
      <ChartCard title="Throughput (samples/s)">
        <ThroughputChart points={throughput} />
      </ChartCard>
    </ErrorBoundary>
  );
}

export function ChartsPanel() {
  useEffect(() => warmUPlotWhenIdle(), []);
  return (
    <div className="ts-charts" data-testid="charts">
      <BatchCharts />
      <EpochCharts />
      <Throughput />
    </div>
  );
}
