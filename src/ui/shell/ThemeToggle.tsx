import { useEffect, useState } from 'react';
import './ThemeToggle.css';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'tensorscope:theme';

export function readThemeChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

/** Sets data-theme on <html> (absent = follow prefers-color-scheme); called before the first render too. */
export function applyThemeChoice(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

const OPTIONS: { value: ThemeChoice; label: string; icon: string }[] = [
  { value: 'system', label: 'Match system theme', icon: '◐' },
  { value: 'light', label: 'Light theme', icon: '☀' },
  { value: 'dark', label: 'Dark theme', icon: '☾' },
];

/**
 * A three-way segmented control (system · light · dark): one press picks a theme, the pressed one shows which is in
 * force, and the choice persists in localStorage. Each segment is a 40 × 40 px button with its own name.
 */
export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(readThemeChoice);
  useEffect(() => {
    applyThemeChoice(choice);
    try {
      if (choice === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, choice);
    } catch {
      /* storage off: the choice lasts for this page */
    }
  }, [choice]);
  // Another tab changed the theme: follow it.
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === KEY || e.key === null) setChoice(readThemeChoice());
    };
    addEventListener('storage', onStorage);
    return () => removeEventListener('storage', onStorage);
  }, []);
  return (
    <div className="ts-theme-toggle" role="group" aria-label="Colour theme" data-testid="theme-toggle">
      {OPTIONS.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-label={o.label}
          aria-pressed={choice === o.value}
          title={o.label}
          data-theme-choice={o.value}
          onClick={() => setChoice(o.value)}
        >
          <span aria-hidden="true">{o.icon}</span>
        </button>
      ))}
    </div>
  );
}
