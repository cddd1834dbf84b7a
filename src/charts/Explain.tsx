import { useId, useRef, useState } from 'react';
import type { UncertaintyText } from './uncertaintyText';
import './charts.css';

/**
 * A chart's uncertainty caption with a "?" toggletip: a button (aria-expanded) that shows 2–3 plain sentences on how
 * to read the error bars. Esc closes it and returns the focus to the button.
 */
export function Explain({ text, testId = 'explain' }: { text: UncertaintyText; testId?: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div
      className="ts-explain"
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <div className="ts-explain-row">
        <p className="ts-explain-caption" data-testid="explain-caption">
          {text.caption}
        </p>
        <button
          ref={button}
          type="button"
          className="ts-explain-toggle"
          aria-expanded={open}
          aria-controls={id}
          aria-label="How to read these error bars"
          title="How to read these error bars"
          data-testid="explain-toggle"
          onClick={() => setOpen((o) => !o)}
        >
          ?
        </button>
      </div>
      <p id={id} className="ts-explain-help" data-testid="explain-help" hidden={!open}>
        {text.help}
      </p>
    </div>
  );
}
