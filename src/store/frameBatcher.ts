/**
 * Coalesces many calls into at most one per animation frame, and no more often than minIntervalMs: the
 * worker may send dozens of metric messages a second, the charts re-render a few times a second. Falls back
 * to a timer where there are no frames (hidden tab, Node).
 */
export function createFrameBatcher(flush: () => void, minIntervalMs = 0): { schedule(): void; flushNow(): void } {
  let scheduled = false;
  let lastFlush = -Infinity;
  const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
  const run = () => {
    if (!scheduled) return;
    scheduled = false;
    lastFlush = now();
    flush();
  };
  const onFrame = () => {
    if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden') {
      requestAnimationFrame(run);
    } else {
      run();
    }
  };
  return {
    schedule() {
      if (scheduled) return;
      scheduled = true;
      const wait = Math.max(0, lastFlush + minIntervalMs - now());
      if (wait === 0 && typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden') {
        requestAnimationFrame(run);
      } else {
        setTimeout(onFrame, Math.max(wait, typeof document === 'undefined' ? 0 : 16));
      }
    },
    flushNow() {
      run();
    },
  };
}
