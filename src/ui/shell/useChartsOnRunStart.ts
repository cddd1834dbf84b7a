import { useEffect, useRef } from 'react';
import { useStudio } from '../../store/context';
import { isBusy } from '../../store/runLifecycle';

/**
 * When a run starts, the live charts come into view: on a wide screen the pinned right column scrolls back to its
 * top (where the charts are); in one column (tablet, phone) the page scrolls to the charts under the sticky header,
 * whose Pause/Stop and learning-rate controls stay on screen. Instant, not smooth: the person asked for it by
 * pressing Train and an animation would only delay the first points.
 */
export function useChartsOnRunStart(chartsId: string): void {
  const status = useStudio((s) => s.run.status);
  const was = useRef(status);
  useEffect(() => {
    const started = status === 'starting' && !isBusy(was.current);
    was.current = status;
    if (!started) return;
    // In the next frame, not here: this effect runs inside the Train click's task (React flushes a discrete event's
    // effects at once), and reading the column's size right after the click's re-render forced the page's whole
    // style and layout into that task (~11 ms of a ~45 ms click on the 2-core bench machine). The frame lays the
    // page out anyway; reading it there costs nothing extra. Not cancelled by the cleanup: the status moves on to
    // 'running' within a frame or two, and the scroll is still wanted.
    requestAnimationFrame(() => bringChartsIntoView(chartsId));
  }, [status, chartsId]);
}

function bringChartsIntoView(chartsId: string): void {
  const charts = document.getElementById(chartsId);
  const column = charts?.closest<HTMLElement>('.ts-col-right');
  if (!charts || !column) return;
  if (column.scrollHeight > column.clientHeight && getComputedStyle(column).overflowY === 'auto') {
    column.scrollTo({ top: 0 });
    return;
  }
  charts.scrollIntoView({ block: 'start' });
  // Not the effect's cleanup: the status moves on to 'running' within the hold; it ends by itself.
  keepInView(charts);
}

const HOLD_MS = 5000;

/**
 * In one column, panels that mount after the first batch (Share) sit above the charts and would push them off the
 * screen just scrolled to (Chromium does not anchor the scroll there): while the page grows in the next few seconds
 * the charts are brought back, until the person scrolls, types or taps.
 */
function keepInView(el: HTMLElement): void {
  if (typeof ResizeObserver === 'undefined') return;
  const main = el.closest('main') ?? document.body;
  const ro = new ResizeObserver(() => el.scrollIntoView({ block: 'start' }));
  ro.observe(main);
  const stop = () => {
    ro.disconnect();
    clearTimeout(timer);
    for (const type of USER_INPUT) removeEventListener(type, stop, true);
  };
  const timer = setTimeout(stop, HOLD_MS);
  for (const type of USER_INPUT) addEventListener(type, stop, { capture: true, passive: true });
}

const USER_INPUT = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;
