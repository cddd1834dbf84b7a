import { memo, useDeferredValue, useMemo } from 'react';
import { BatchChart as BatchChartImpl } from '../charts/BatchChart';
import { ChartCard } from '../charts/ChartCard';
import { EpochChart as EpochChartImpl } from '../charts/EpochChart';
import { ThroughputChart as ThroughputChartImpl } from '../charts/ThroughputChart';
import { useStudio } from '../store/context';
import { ErrorBoundary } from './ErrorBoundary';
import { chartMetric } from './taskMetric';

const BatchChart = memo(BatchChartImpl);
const EpochChart = memo(EpochChartImpl);
const ThroughputChart = memo(ThroughputChartImpl);

function SmoothingSlider() {
  const smoothing = useStudio((s) => s.smoothing);
  const setSmoothing = useStudio((s) => s.setSmoothing);
  return (
    <label className="ts-field ts-inline ts-small" title="Exponential moving average, debiased as in TensorBoard">
      <span>Smoothing</span>
      <input type="range" min={0} max={0.99} step={0.01} value={smoothing} data-testid="smoothing-slider" onChange={(e) => setSmoothing(Number(e.target.value))} />
      <output className="ts-mono">{smoothing.toFixed(2)}</output>
    </label>
  );
}

// Each group subscribes to its own slice, so a batch update never re-renders the epoch charts.
function BatchCharts() {
  // Deferred: the charts re-render in a background, interruptible pass, so new points never block input.
  const batches = useDeferredValue(useStudio((s) => s.run.batches));
  const smoothing = useDeferredValue(useStudio((s) => s.smoothing));
  const metric = chartMetric(useStudio((s) => s.dataset.data?.task ?? 'classification'));
  const rawMarkers = useStudio((s) => s.run.markers);
  const markers = useMemo(() => rawMarkers.map((m) => ({ x: m.step, label: `lr ${Number(m.learningRate.toPrecision(3))}` })), [rawMarkers]);
  return (
    <ErrorBoundary label="Batch charts">
      <ChartCard title="Training loss per batch" actions={<SmoothingSlider />}>
        <BatchChart points={batches} metric="loss" smoothing={smoothing} markers={markers} />
      </ChartCard>
      <ChartCard title={metric === 'accuracy' ? 'Training accuracy per batch' : 'Training mean absolute error per batch'}>
        <BatchChart points={batches} metric={metric} smoothing={smoothing} markers={markers} />
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
  return (
    <div className="ts-charts" data-testid="charts">
      <BatchCharts />
      <EpochCharts />
      <Throughput />
    </div>
  );
}
