/**
 * Runs chart set-ups one per task, in the order they were asked for. The four live charts appear together with the
 * first batch; created in one effect flush they took ~50–60 ms of main thread on a 2-core machine (a long task just
 * as training starts). One per task, each is a short one and the page can paint and take input in between.
 */
import { yieldToEventLoop } from '../../training/yieldToEventLoop';

const queue: (() => void)[] = [];
let scheduled = false;

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  void yieldToEventLoop().then(() => {
    scheduled = false;
    queue.shift()?.();
    if (queue.length > 0) schedule();
  });
}

/** Queues `job` to run in a task of its own; the returned function takes it out of the queue if it has not run. */
export function oneChartPerTask(job: () => void): () => void {
  queue.push(job);
  schedule();
  return () => {
    const i = queue.indexOf(job);
    if (i >= 0) queue.splice(i, 1);
  };
}
