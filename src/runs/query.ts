/** Which stored runs the runs table shows, and in what order: search, status and tag filters, sort by a column. Pure. */
import type { RunRecord, RunStatus } from './types';

export type RunSortKey = 'name' | 'status' | 'started' | 'epochs' | 'metric' | 'learningRate' | 'batchSize' | 'optimizer';
export type SortDir = 'asc' | 'desc';

export interface RunQuery {
  /** Words to find in the name, dataset, backend, model, notes or tags (all must match, any case). */
  text?: string;
  status?: RunStatus | 'all';
  /** Only runs with this tag (any case); '' or undefined for all. */
  tag?: string;
  sort?: { key: RunSortKey; dir: SortDir };
}

export const SORT_LABELS: Record<RunSortKey, string> = {
  name: 'Run',
  status: 'Status',
  started: 'Started',
  epochs: 'Epochs',
  metric: 'Test',
  learningRate: 'LR',
  batchSize: 'Batch',
  optimizer: 'Optimizer',
};

export const tagsOf = (r: Pick<RunRecord, 'tags'>): string[] => r.tags ?? [];

/** Every tag in use, case-insensitively unique, sorted. */
export function allTags(runs: readonly Pick<RunRecord, 'tags'>[]): string[] {
  const seen = new Map<string, string>();
  for (const r of runs) for (const t of tagsOf(r)) if (!seen.has(t.toLowerCase())) seen.set(t.toLowerCase(), t);
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}

function haystack(r: RunRecord): string {
  return [r.name, r.datasetName, r.backend ?? '', r.spec.name, r.spec.training.optimizer, r.notes ?? '', ...tagsOf(r)].join(' ').toLowerCase();
}

/** A sortable value; null sorts last whatever the direction. */
function valueOf(r: RunRecord, key: RunSortKey): string | number | null {
  switch (key) {
    case 'name':
      return r.name.toLowerCase();
    case 'status':
      return r.status;
    case 'started':
      return r.startedAt;
    case 'epochs':
      return r.epochsDone;
    case 'metric':
      return r.finalMetric != null && Number.isFinite(r.finalMetric) ? r.finalMetric : null;
    case 'learningRate':
      return r.spec.training.learningRate;
    case 'batchSize':
      return r.spec.training.batchSize;
    case 'optimizer':
      return r.spec.training.optimizer;
  }
}

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** The runs that match, sorted (stable; ties keep the given order, newest first as stored). */
export function queryRuns(runs: readonly RunRecord[], q: RunQuery = {}): RunRecord[] {
  const words = (q.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const tag = (q.tag ?? '').toLowerCase();
  const shown = runs.filter(
    (r) =>
      (!q.status || q.status === 'all' || r.status === q.status) &&
      (!tag || tagsOf(r).some((t) => t.toLowerCase() === tag)) &&
      (words.length === 0 || words.every((w) => haystack(r).includes(w))),
  );
  if (!q.sort) return shown;
  const { key, dir } = q.sort;
  const sign = dir === 'asc' ? 1 : -1;
  return shown
    .map((r, i) => ({ r, i, v: valueOf(r, key) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      return sign * compare(a.v, b.v) || a.i - b.i;
    })
    .map((x) => x.r);
}

/** Clicking a column: the same column flips direction; another starts descending for numbers and time, ascending for words. */
export function nextSort(current: RunQuery['sort'], key: RunSortKey): NonNullable<RunQuery['sort']> {
  if (current?.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  const wordy = key === 'name' || key === 'status' || key === 'optimizer';
  return { key, dir: wordy ? 'asc' : 'desc' };
}
