import type { ReactNode } from 'react';
import './charts.css';

export interface ChartCardProps {
  title: string;
  children: ReactNode;
  /** Small controls shown right of the title (toggles, selects). */
  actions?: ReactNode;
}

/** The titled panel each chart sits in. */
export function ChartCard({ title, children, actions }: ChartCardProps) {
  return (
    <section className="ts-chart-card">
      <header className="ts-chart-card-header">
        <h3 className="ts-chart-card-title">{title}</h3>
        {actions !== undefined && <div className="ts-chart-card-actions">{actions}</div>}
      </header>
      <div className="ts-chart-card-body">{children}</div>
    </section>
  );
}
