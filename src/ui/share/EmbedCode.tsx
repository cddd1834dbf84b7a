import { useState } from 'react';
import { useStudio } from '../../store/context';
import './share.css';

/** "Copy embed code": an <iframe> of embed.html with the trained model, optionally answering only the listed sites. */
export function EmbedCode({ hasModel }: { hasModel: boolean }) {
  const embed = useStudio((s) => s.share.embed ?? null);
  const makeEmbedCode = useStudio((s) => s.makeEmbedCode);
  const [allow, setAllow] = useState('');
  return (
    <>
      <h3 className="ts-subhead">Embed the trained model</h3>
      <form
        className="ts-buttons"
        onSubmit={(e) => {
          e.preventDefault();
          void makeEmbedCode(allow);
        }}
      >
        <label className="ts-field ts-embed-allow">
          <span>Only these sites may ask (origins, comma-separated)</span>
          <input type="text" placeholder="any site (e.g. https://example.com)" value={allow} onChange={(e) => setAllow(e.target.value)} data-testid="embed-allow" />
        </label>
        <button type="submit" disabled={!hasModel} data-testid="embed-code-button" title={hasModel ? 'An <iframe> that shows the model’s input and prediction, and answers other pages through postMessage' : 'Train a model first'}>
          Copy embed code
        </button>
      </form>
      {embed && 'error' in embed ? (
        <p className="ts-field-error" role="alert" data-testid="embed-code-error">
          {embed.error}
        </p>
      ) : null}
      {embed && 'code' in embed ? (
        <div className="ts-link-out">
          <textarea readOnly rows={3} value={embed.code} onFocus={(e) => e.currentTarget.select()} data-testid="embed-code" aria-label="Embed code" />
          <p className="ts-muted ts-small" data-testid="embed-code-info">
            {embed.copied ? 'Copied to the clipboard' : 'Select it and copy it (the browser refused clipboard access)'}. Pages that embed it can also ask it for predictions with postMessage (see the client in src/client).
          </p>
        </div>
      ) : null}
    </>
  );
}
