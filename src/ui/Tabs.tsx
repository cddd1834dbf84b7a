import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { tabKeyTarget } from './keyNav';

export interface TabItem<K extends string> {
  key: K;
  label: ReactNode;
  /** data-testid of the tab button. */
  testId?: string;
}

export interface TabsProps<K extends string> {
  /** The tab list's accessible name, e.g. "Dataset source". */
  label: string;
  items: readonly TabItem<K>[];
  selected: K;
  onSelect: (key: K) => void;
  /** Extra class names for the tab list (it always has ts-tabs). */
  className?: string;
  /** Extra class names for the tab panel. */
  panelClassName?: string;
  panelTestId?: string;
  /** The selected tab's content, shown in the one tab panel. */
  children?: ReactNode;
}

/**
 * WAI-ARIA tabs with automatic activation: a tablist of tab buttons and one tabpanel holding the selected tab's content.
 * Roving tabindex (only the selected tab is in the tab order); ArrowLeft/ArrowRight (wrapping), Home and End move the
 * focus and select the tab they land on.
 */
export function Tabs<K extends string>({ label, items, selected, onSelect, className, panelClassName, panelTestId, children }: TabsProps<K>) {
  const id = useId();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const tabId = (k: K) => `${id}-tab-${k}`;
  const panelId = `${id}-panel`;
  const current = Math.max(
    0,
    items.findIndex((t) => t.key === selected),
  );
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const from = refs.current.findIndex((b) => b === e.target);
    const next = tabKeyTarget(e.key, from < 0 ? current : from, items.length);
    if (next == null) return;
    e.preventDefault();
    refs.current[next]?.focus();
    if (items[next].key !== selected) onSelect(items[next].key);
  };
  return (
    <>
      <div className={`ts-tabs${className ? ` ${className}` : ''}`} role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {items.map((t, i) => {
          const on = i === current;
          return (
            <button
              key={t.key}
              ref={(el) => {
                refs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={tabId(t.key)}
              aria-selected={on}
              aria-controls={panelId}
              tabIndex={on ? 0 : -1}
              className={on ? 'active' : ''}
              data-testid={t.testId}
              onClick={() => onSelect(t.key)}
            >
              {t.label}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={panelId} aria-labelledby={tabId(items[current]?.key ?? selected)} className={panelClassName} data-testid={panelTestId}>
        {children}
      </div>
    </>
  );
}
