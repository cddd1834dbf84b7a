/**
 * Coalesces many calls into at most one per animation frame: the worker may send dozens of metric
 * messages a second, the charts re-render once per frame. Falls back to a timer where there are no frames.
 */
export function createFrameBatcher(flush: () => void): { schedule(): void; flushNow(): void } {
  let scheduled = false;
  const run = () => {
    scheduled = false;
    flush();
  };
  return {
    schedule() {
      if (scheduled) return;
      scheduled = true;
      if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden') {
        requestAnimationFrame(run);
      } else {
        setTimeout(run, 100);
      }
    },
    flushNow() {
      if (!scheduled) return;
      run();
    },
  };
}
