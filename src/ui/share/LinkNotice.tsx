import { useStudio } from '../../store/context';

/** What happened to an opened link (or a link that could not be made), as text. */
export function LinkNotice() {
  const message = useStudio((s) => s.share.message);
  const dismiss = useStudio((s) => s.dismissShareMessage);
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
