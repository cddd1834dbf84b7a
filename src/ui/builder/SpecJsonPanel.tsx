import { isBusy } from '../../store/runLifecycle';
import { useState } from 'react';
import { parseSpecJson, specToJson, type SpecIssue } from '../../models/schema';
import { useStudio } from '../../store/context';

/** The spec as JSON: copy it, download it, or paste one in (validated field by field; nothing is applied if any field is wrong). */
export function SpecJsonPanel() {
  const spec = useStudio((s) => s.spec);
  const applySpec = useStudio((s) => s.applySpec);
  const busy = useStudio((s) => isBusy(s.run.status));
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<SpecIssue[] | null>(null);
  const [copied, setCopied] = useState(false);
  const json = specToJson(spec);

  const download = () => {
    const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${spec.name.replace(/[^\w.-]+/g, '-').toLowerCase() || 'spec'}.tensorscope.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const apply = () => {
    const r = parseSpecJson(text);
    if (!r.ok) {
      setIssues(r.issues);
      return;
    }
    setIssues([]);
    applySpec(r.spec);
  };

  return (
    <details className="ts-spec-json" data-testid="spec-json">
      <summary>Spec as JSON (copy, download, paste)</summary>
      <div className="ts-buttons">
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(json).then(() => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            });
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" onClick={download}>
          Download
        </button>
      </div>
      <pre className="ts-json" data-testid="spec-json-text">{json}</pre>
      <label className="ts-field">
        <span>Paste a spec to use it</span>
        <textarea rows={5} value={text} data-testid="spec-paste" onChange={(e) => setText(e.target.value)} placeholder='{"version": 1, …}' />
      </label>
      <button type="button" data-testid="spec-apply" disabled={busy || !text.trim()} onClick={apply}>
        Apply pasted spec
      </button>
      {issues && issues.length ? (
        <div className="ts-alert" role="alert" data-testid="spec-issues">
          <p>The pasted spec was not applied:</p>
          <ul>
            {issues.slice(0, 20).map((i, k) => (
              <li key={k}>
                <code>{i.path || '(whole spec)'}</code>: {i.message}
              </li>
            ))}
          </ul>
        </div>
      ) : issues ? (
        <p className="ts-small" data-testid="spec-applied">
          Applied.
        </p>
      ) : null}
    </details>
  );
}
