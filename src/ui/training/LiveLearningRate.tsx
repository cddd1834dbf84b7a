import { useState } from 'react';
import { useStudio } from '../../store/context';

/** While training runs: the learning rate in force, and a way to change it (marked on the charts). */
export function LiveLearningRate() {
  const status = useStudio((s) => s.run.status);
  const current = useStudio((s) => s.run.progress?.learningRate ?? null);
  const setLr = useStudio((s) => s.setLiveLearningRate);
  const queued = useStudio((s) => s.run.queuedLearningRate ?? null);
  const [problem, setProblem] = useState<string | null>(null);
  if (status !== 'running' && status !== 'paused') return null;
  return (
    <form
      className="ts-live-lr"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const raw = String(new FormData(e.currentTarget).get('lr') ?? '').trim();
        const v = Number(raw);
        // A refused value is said, never dropped in silence: the run keeps its rate and the person knows why.
        if (raw !== '' && v > 0 && v <= 10) {
          setProblem(null);
          setLr(v);
        } else setProblem(`"${raw.slice(0, 20)}" is not a learning rate: it must be above 0 and at most 10. The run keeps ${current != null && Number.isFinite(current) ? Number(current.toPrecision(3)) : 'its rate'}.`);
      }}
    >
      <span className="ts-small">
        Learning rate now <strong data-testid="current-lr">{current != null && Number.isFinite(current) ? Number(current.toPrecision(3)) : '—'}</strong>
      </span>
      {queued != null ? (
        <span className="ts-small" role="status" data-testid="queued-lr">
          {Number(queued.toPrecision(3))} — {status === 'paused' ? 'applies when you resume' : 'applying…'}
        </span>
      ) : null}
      <input name="lr" type="number" step="any" min={0} max={10} placeholder="new rate" data-testid="live-lr-input" aria-label="New learning rate" />
      <button type="submit" data-testid="live-lr-apply">
        Change
      </button>
      {problem ? (
        <span className="ts-small ts-warn-text" role="alert" data-testid="live-lr-message">
          {problem}
        </span>
      ) : null}
    </form>
  );
}
