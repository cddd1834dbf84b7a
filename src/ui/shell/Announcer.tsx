import { useEffect, useRef, useState } from 'react';
import { useStudio } from '../../store/context';
import type { Task } from '../../core/types';
import type { RunStatus } from '../../store/types';
import { formatTaskMetric, metricName } from '../taskMetric';

interface RunFacts {
  task: Task;
  /** The last epoch's test metric, when an epoch finished. */
  testMetric: number | null;
  error: string | null;
}

/** What to say when the run moves from one state to another; null: nothing worth saying. */
export function runAnnouncement(prev: RunStatus, next: RunStatus, s: RunFacts): { text: string; urgent: boolean } | null {
  if (prev === next) return null;
  switch (next) {
    case 'running':
      return prev === 'paused' ? { text: 'Training resumed', urgent: false } : prev === 'interrupted' ? { text: 'Training resumed from its checkpoint', urgent: false } : { text: 'Training started', urgent: false };
    case 'paused':
      return { text: 'Training paused', urgent: false };
    case 'done':
      return { text: s.testMetric != null ? `Training finished — test ${metricName(s.task)} ${formatTaskMetric(s.task, s.testMetric)}` : 'Training finished', urgent: false };
    case 'stopped':
      return { text: 'Training stopped', urgent: false };
    case 'diverged':
      return { text: 'Run diverged', urgent: true };
    case 'error':
      return { text: `Training failed: ${s.error ?? 'unknown error'}`, urgent: true };
    case 'interrupted':
      return { text: 'Training interrupted: the backend was lost; resuming', urgent: false };
    default:
      return null;
  }
}

/**
 * Screen-reader announcements of the run's progress: a polite status region, and an alert for failures. Both are
 * in the page from the start (a live region added with its text is often not read).
 */
export function Announcer() {
  const status = useStudio((s) => s.run.status);
  const task = useStudio((s) => s.dataset.data?.task ?? 'classification');
  const testMetric = useStudio((s) => s.run.epochs[s.run.epochs.length - 1]?.testMetric ?? null);
  const error = useStudio((s) => s.run.error?.message ?? null);
  const prev = useRef<RunStatus>(status);
  const [polite, setPolite] = useState('');
  const [alert, setAlert] = useState('');
  useEffect(() => {
    const said = runAnnouncement(prev.current, status, { task, testMetric, error });
    prev.current = status;
    // A new run clears the alert, so the same failure said again is a change that is read.
    if (status === 'starting') setAlert('');
    if (!said) return;
    if (said.urgent) setAlert(said.text);
    else setPolite(said.text);
    // Only status changes are announced: the facts are read as they are at that moment.
  }, [status]);
  return (
    <>
      <div className="ts-visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {polite}
      </div>
      <div className="ts-visually-hidden" role="alert" aria-atomic="true" data-testid="announcer-alert">
        {alert}
      </div>
    </>
  );
}
