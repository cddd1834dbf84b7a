import { useEffect } from 'react';
import { STUDIO_VIEWS, type StudioView } from '../../share/views';
import { useStudio } from '../../store/context';

const LABELS: Record<StudioView, string> = { data: 'Data', model: 'Model', train: 'Train', inspect: 'Inspect', runs: 'Runs' };

/** Jumps between the studio's parts; the open part travels in share links. */
export function ViewNav() {
  const view = useStudio((s) => s.share.view);
  const seq = useStudio((s) => s.share.viewSeq);
  const setView = useStudio((s) => s.setView);
  useEffect(() => {
    if (seq === 0) return;
    // The target may be a lazily loaded panel: try again shortly if it is not there yet.
    const scroll = () => document.getElementById(`view-${view}`)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    scroll();
    const t = setTimeout(scroll, 600);
    return () => clearTimeout(t);
  }, [view, seq]);
  return (
    <nav className="ts-viewnav" aria-label="Studio sections">
      {STUDIO_VIEWS.map((v) => (
        <button key={v} type="button" className={v === view ? 'active' : ''} aria-current={v === view ? 'true' : undefined} onClick={() => setView(v)}>
          {LABELS[v]}
        </button>
      ))}
    </nav>
  );
}
