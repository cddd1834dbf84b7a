import type { Task } from '../core/types';
import { pct } from './format';

/** The task's headline metric: accuracy for classification, mean absolute error for regression. */
export function metricName(task: Task): string {
  return task === 'classification' ? 'accuracy' : 'MAE';
}

export function formatTaskMetric(task: Task, v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '—';
  return task === 'classification' ? pct(v, 2) : formatAmount(v);
}

/** An error in the target's units: 4 decimals for small ones, whole and grouped for large ones (34,287,608, not 34287607.9718). */
export function formatAmount(v: number): string {
  return Math.abs(v) >= 1e4 ? Math.round(v).toLocaleString('en-US') : v.toFixed(4);
}

export function chartMetric(task: Task): 'accuracy' | 'mae' {
  return task === 'classification' ? 'accuracy' : 'mae';
}
