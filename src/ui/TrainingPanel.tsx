import { isBusy } from '../store/runLifecycle';
import { useMemo } from 'react';
import { baselineScore } from '../data/baseline';
import { formatDuration } from '../training/metrics';
import { useStudio, useStudioShallow } from '../store/context';
import { Panel } from './Panel';
import { RunErrorBanner } from './RunErrorBanner';
import { EpochTable } from './EpochTable';
import { num } from './format';
import { Hyperparameters } from './training/Hyperparameters';
import { useTrainBlocker } from './training/useTrainBlocker';
import { formatTaskMetric, metricName } from './taskMetric';

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
    lastEpoch: st.run.epochs[st.run.epochs.length - 1] ?? null,
    task: st.dataset.data?.task ?? 'classification',
  }));
  const { why, memory } = useTrainBlocker();
  const busy = isBusy(s.status);

  return (
    <Panel title="Training" testId="training-panel">
      <Hyperparameters busy={busy} />
      {/* The run's controls, state and progress are in the header; here: why Train cannot start yet. */}
      {why && !busy ? (
        <p className="ts-muted ts-small" id="train-why" data-testid="train-why">
          {why}
        </p>
      ) : null}
      {memory?.level === 'warn' && !busy ? (
        <p className="ts-callout" data-testid="memory-warning">
          {memory.text}
        </p>
      ) : null}
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
