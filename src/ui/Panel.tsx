import type { ReactNode } from 'react';
import { ErrorBoundary } from './ErrorBoundary';

export function Panel({ title, children, actions, className, testId }: { title: string; children: ReactNode; actions?: ReactNode; className?: string; testId?: string }) {
  return (
    <section className={`ts-panel ${className ?? ''}`} aria-label={title} data-testid={testId}>
      <header className="ts-panel-head">
        <h2>{title}</h2>
        {actions ? <div className="ts-panel-actions">{actions}</div> : null}
      </header>
      <ErrorBoundary label={title}>{children}</ErrorBoundary>
    </section>
  );
}
