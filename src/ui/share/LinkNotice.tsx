import { useEffect, useRef } from 'react';
import { useStudio } from '../../store/context';

/** What happened to an opened link (or a link that could not be made), as text. */
export function LinkNotice() {
  const message = useStudio((s) => s.share.message);
  const dismiss = useStudio((s) => s.dismissShareMessage);
  const pending = useStudio((s) => s.share.pendingFragment);
  const answer = useStudio((s) => s.answerPendingLink);
  const asking = !!pending;
  const keepRef = useRef<HTMLButtonElement>(null);
  // An alert dialog takes the focus (on the safe answer) and gives it back when answered.
  useEffect(() => {
    if (!asking) return;
    const back = document.activeElement;
    keepRef.current?.focus();
    return () => {
      if (back instanceof HTMLElement && back !== document.body && back.isConnected) back.focus();
    };
  }, [asking]);
  if (pending) {
    return (
      <div
        className="ts-notice ts-link-notice"
        role="alertdialog"
        aria-label="A link was opened while training"
        data-testid="pending-link"
        onKeyDown={(e) => {
          // Esc keeps training, like the second button.
          if (e.key === 'Escape') {
            e.preventDefault();
            void answer(false);
          }
        }}
      >
        <p>A link was opened while a model is training. Opening it stops the run (its finished epochs stay in Runs).</p>
        <button type="button" className="primary" data-testid="pending-link-open" onClick={() => void answer(true)}>
          Stop and open the link
        </button>{' '}
        <button type="button" ref={keepRef} data-testid="pending-link-keep" onClick={() => void answer(false)}>
          Keep training
        </button>
      </div>
    );
  }
  if (!message) return null;
  return (
    <div className={message.tone === 'error' ? 'ts-alert ts-link-notice' : 'ts-notice ts-link-notice'} role={message.tone === 'error' ? 'alert' : 'status'} data-testid="link-notice">
      <p>{message.text}</p>
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
