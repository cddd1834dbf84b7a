import { BatchChart } from '../charts/BatchChart';
import { ChartCard } from '../charts/ChartCard';
import { EpochChart } from '../charts/EpochChart';
import { ThroughputChart } from '../charts/ThroughputChart';
import { useStudio } from '../store/context';
import { ErrorBoundary } from './ErrorBoundary';

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

export function ChartsPanel() {
  const batches = useStudio((s) => s.run.batches);
  const epochs = useStudio((s) => s.run.epochs);
  const throughput = useStudio((s) => s.run.throughput);
  const smoothing = useStudio((s) => s.smoothing);
  return (
    <div className="ts-charts" data-testid="charts">
      <ErrorBoundary label="Batch charts">
        <ChartCard title="Training loss per batch" actions={<SmoothingSlider />}>
          <BatchChart points={batches} metric="loss" smoothing={smoothing} />
        </ChartCard>
        <ChartCard title="Training accuracy per batch">
          <BatchChart points={batches} metric="accuracy" smoothing={smoothing} />
        </ChartCard>
      </ErrorBoundary>
      <ErrorBoundary label="Epoch charts">
        <ChartCard title="Loss per epoch: train vs validation">
          <EpochChart epochs={epochs} metric="loss" />
        </ChartCard>
        <ChartCard title="Accuracy per epoch: train, validation, test">
          <EpochChart epochs={epochs} metric="accuracy" />
        </ChartCard>
      </ErrorBoundary>
      <ErrorBoundary label="Throughput chart">
        <ChartCard title="Throughput (samples/s)">
          <ThroughputChart points={throughput} />
        </ChartCard>
      </ErrorBoundary>
    </div>
  );
}
