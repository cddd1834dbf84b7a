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
    const charts = document.getElementById(chartsId);
    const column = charts?.closest<HTMLElement>('.ts-col-right');
    if (!charts || !column) return;
    if (column.scrollHeight > column.clientHeight && getComputedStyle(column).overflowY === 'auto') column.scrollTo({ top: 0 });
    else charts.scrollIntoView({ block: 'start' });
  }, [status, chartsId]);
}
