import { can, isBusy } from '../store/runLifecycle';
import { useMemo } from 'react';
import { baselineScore } from '../data/baseline';
import { specMemoryVerdict } from '../models/cost';
import { estimateEtaMs, formatDuration } from '../training/metrics';
import { useStudio, useStudioShallow } from '../store/context';
import { useModelSummary } from '../store/selectors';
import { Panel } from './Panel';
import { ProgressBar } from './ProgressBar';
import { RunErrorBanner } from './RunErrorBanner';
import { EpochTable } from './EpochTable';
import { num, rate } from './format';
import { Hyperparameters } from './training/Hyperparameters';
import { LiveLearningRate } from './training/LiveLearningRate';
import { formatTaskMetric, metricName } from './taskMetric';

function RunProgressView() {
  const { status, progress, info, epochs } = useStudioShallow((s) => ({ status: s.run.status, progress: s.run.progress, info: s.run.info, epochs: s.run.epochs.length }));
  if (status === 'idle') return null;
  if (!progress || !info) return <ProgressBar testId="run-progress" value={null} label={status === 'starting' ? 'Starting the backend and building the model…' : ''} />;
  const total = info.batchesPerEpoch * info.totalEpochs;
  const done = (progress.epoch - 1) * info.batchesPerEpoch + progress.batch;
  const eta = status === 'running' ? estimateEtaMs(done, total, progress.elapsedMs) : null;
  const label = `Epoch ${progress.epoch}/${info.totalEpochs} · batch ${num(progress.batch)}/${num(info.batchesPerEpoch)} · ${rate(progress.samplesPerSec)}${
    eta != null ? ` · ETA ${formatDuration(eta)}` : ''
  } · ${epochs} epoch${epochs === 1 ? '' : 's'} done`;
  return <ProgressBar testId="run-progress" value={done / total} label={label} />;
}

function RunNotes() {
  const notes = useStudio((s) => s.run.notes);
  if (!notes.length) return null;
  return (
    <div className="ts-callout" data-testid="run-notes">
      {notes.map((n) => (
        <p key={n}>{n}</p>
      ))}
    </div>
  );
}

/** What a model that learned nothing would score on the same test split, so a score has something to beat. */
function Baseline() {
  const data = useStudio((s) => s.dataset.data);
  const split = useStudio((s) => s.run.split);
  const b = useMemo(() => (data && split ? baselineScore(data, split) : null), [data, split]);
  if (!b || !data) return null;
  return (
    <>
      <span className="ts-small">Baseline ({b.what})</span>
      <span className="ts-small" data-testid="baseline-metric" title="The same metric for a guess learned from the training split alone: a useful model beats it">
        {formatTaskMetric(data.task, b.metric)}
      </span>
    </>
  );
}

export function TrainingPanel() {
  const s = useStudioShallow((st) => ({
    status: st.run.status,
    datasetStatus: st.dataset.status,
    engineReady: st.engine.status === 'ready',
    lastEpoch: st.run.epochs[st.run.epochs.length - 1] ?? null,
    task: st.dataset.data?.task ?? 'classification',
  }));
  const actions = useStudioShallow((st) => ({
    start: st.startTraining,
    pause: st.pauseTraining,
    resume: st.resumeTraining,
    stop: st.stopTraining,
    reset: st.resetRun,
  }));
  const summary = useModelSummary();
  const { valid } = summary;
  const layers = useStudio((st) => st.spec.model.layers);
  const batchSize = useStudio((st) => st.spec.training.batchSize);
  const memory = useMemo(() => (valid ? specMemoryVerdict(summary, layers, batchSize) : null), [summary, layers, batchSize, valid]);
  const busy = isBusy(s.status);
  const why = !s.engineReady
    ? 'The training engine is starting.'
    : s.datasetStatus === 'error'
      ? 'The dataset failed to load (see above).'
      : s.datasetStatus !== 'ready'
        ? 'The dataset is still loading.'
        : !valid
          ? (summary.outputError ?? 'The model has a shape error.')
          : memory?.level === 'refuse'
            ? memory.text
            : null;

  return (
    <Panel title="Training" testId="training-panel">
      <Hyperparameters busy={busy} />
      <div className="ts-buttons">
        {!busy ? (
          <button type="button" className="primary" data-testid="train-button" disabled={why != null || !can(s.status, 'train')} title={why ?? 'Train the model from fresh weights'} onClick={actions.start}>
            {s.status === 'idle' ? 'Train' : 'Train again'}
          </button>
        ) : null}
        {can(s.status, 'pause') ? (
          <button type="button" data-testid="pause-button" onClick={actions.pause}>
            Pause
          </button>
        ) : null}
        {can(s.status, 'resume') ? (
          <button type="button" className="primary" data-testid="resume-button" onClick={actions.resume}>
            Resume
          </button>
        ) : null}
        {busy ? (
          <button type="button" data-testid="stop-button" disabled={!can(s.status, 'stop')} onClick={actions.stop}>
            {s.status === 'stopping' ? 'Stopping…' : 'Stop'}
          </button>
        ) : null}
        <button type="button" data-testid="reset-button" disabled={!can(s.status, 'reset')} onClick={actions.reset} title="Clear the charts and the trained model">
          Reset
        </button>
        <span className="ts-run-status" data-testid="run-status">
          {s.status}
        </span>
      </div>
      {why && !busy ? <p className="ts-muted ts-small" data-testid="train-why">{why}</p> : null}
      {memory?.level === 'warn' && !busy ? (
        <p className="ts-callout" data-testid="memory-warning">
          {memory.text}
        </p>
      ) : null}
      <RunProgressView />
      <LiveLearningRate />
      <RunNotes />
      {s.lastEpoch ? (
        <div className="ts-kv ts-epoch-kv" data-testid="epoch-summary">
          <span>Test {metricName(s.task)}</span>
          {/* A diverged run's model is NaN: the last finite epoch's score would describe a model that no longer exists. */}
          <strong data-testid="test-accuracy">{s.status === 'diverged' ? '— (diverged)' : formatTaskMetric(s.task, s.lastEpoch.testMetric)}</strong>
          <Baseline />
          <span>Validation</span>
          <span>
            {formatTaskMetric(s.task, s.lastEpoch.valMetric)} · loss {s.lastEpoch.valLoss?.toFixed(4) ?? '—'}
          </span>
          <span>Epoch time</span>
          <span>
            {formatDuration(s.lastEpoch.trainMs)} training + {formatDuration(s.lastEpoch.evalMs)} evaluation
          </span>
          <span>Tensors</span>
          <span data-testid="tensor-count" title="tf.memory().numTensors after each epoch: a flat number means no leak">
            {num(s.lastEpoch.numTensors)}
          </span>
        </div>
      ) : null}
      <EpochTable />
      <RunErrorBanner />
    </Panel>
  );
}
