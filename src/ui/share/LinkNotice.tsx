import { useStudio } from '../../store/context';

/** What happened to an opened link (or a link that could not be made), as text. */
export function LinkNotice() {
  const message = useStudio((s) => s.share.message);
  const dismiss = useStudio((s) => s.dismissShareMessage);
  const pending = useStudio((s) => s.share.pendingFragment);
  const answer = useStudio((s) => s.answerPendingLink);
  if (pending) {
    return (
      <div className="ts-notice ts-link-notice" role="alertdialog" aria-label="A link was opened while training" data-testid="pending-link">
        <p>A link was opened while a model is training. Opening it stops the run (its finished epochs stay in Runs).</p>
        <button type="button" className="primary" data-testid="pending-link-open" onClick={() => void answer(true)}>
          Stop and open the link
        </button>{' '}
        <button type="button" data-testid="pending-link-keep" onClick={() => void answer(false)}>
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
