import { startTransition, useEffect, useState } from 'react';
import { useStudio } from '../store/context';

/** How long the page stays quiet after the data is in before the secondary panels load anyway (no Train yet). */
const QUIET_MS = 1200;

/**
 * True once the page's start-up is over: the first trained batch has reached the page, or the data is in (or failed)
 * and no run is starting, for QUIET_MS and an idle moment. Panels that matter only after a run (evaluation, runs,
 * sweeps, pruning, sharing) wait for it, so their chunks' parsing and first render do not compete with the dataset's
 * arrival and the first batch on a small machine. It stays true afterwards.
 */
export function useStartupDone(): boolean {
  return useStartupStage(1) >= 1;
}

/**
 * 0 until start-up is over (see useStartupDone), then 1, 2, … `stages`, one more per idle moment: each group of
 * panels mounts (parses its chunk, renders, lays out) in its own task, not all in one that blocks the page for
 * ~75 ms right after the first batch.
 */
export function useStartupStage(stages: number): number {
  const done = useStartupFlag();
  const [stage, setStage] = useState(0);
  useEffect(() => {
    if (!done || stage >= stages) return;
    if (typeof requestIdleCallback !== 'function') {
      setStage(stages);
      return;
    }
    // A transition: React renders the new panels in slices of a few ms instead of one task.
    const idle = requestIdleCallback(() => startTransition(() => setStage((n) => n + 1)), { timeout: 500 });
    return () => cancelIdleCallback(idle);
  }, [done, stage, stages]);
  return stage;
}

function useStartupFlag(): boolean {
  const [done, setDone] = useState(false);
  const firstBatch = useStudio((s) => s.run.batches.length > 0 || s.run.epochs.length > 0);
  const dataSettled = useStudio((s) => s.dataset.status === 'ready' || s.dataset.status === 'error' || s.mode === 'demo');
  const starting = useStudio((s) => s.run.status === 'starting');
  useEffect(() => {
    if (done) return;
    if (firstBatch) {
      setDone(true);
      return;
    }
    if (!dataSettled || starting) return;
    let idle: number | null = null;
    const timer = setTimeout(() => {
      if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(() => setDone(true), { timeout: 1000 });
      else setDone(true);
    }, QUIET_MS);
    return () => {
      clearTimeout(timer);
      if (idle != null) cancelIdleCallback(idle);
    };
  }, [done, firstBatch, dataSettled, starting]);
  return done;
}
