import { specMemoryVerdict } from '../models/cost';
import { inferShapes, type ModelSummary } from '../models/shapes';
import type { StudioView } from '../share/views';
import type { StudioState } from './types';

/** The guided flow shown in the header: 1 Data → 2 Model → 3 Train → 4 Inspect → 5 Share. */
export const STEP_IDS = ['data', 'model', 'train', 'inspect', 'share'] as const;
export type StepId = (typeof STEP_IDS)[number];

/** done ✓ · attention ! (something to fix) · active (in progress) · todo (not yet). */
export type StepStatus = 'done' | 'attention' | 'active' | 'todo';

export interface StepState {
  id: StepId;
  status: StepStatus;
  /** Why, in a few words (for the step's tooltip and screen readers). */
  note: string;
}

export const STEP_LABELS: Record<StepId, string> = { data: 'Data', model: 'Model', train: 'Train', inspect: 'Inspect', share: 'Share' };

/** The share-link view each step opens (Share has none: its panel is scrolled to directly). */
export const STEP_VIEW: Record<StepId, StudioView | null> = { data: 'data', model: 'model', train: 'train', inspect: 'inspect', share: null };

// One entry: the header asks on every store change (each batch), the model only changes on edits.
let memo: { layers: unknown; data: unknown; batchSize: number; summary: ModelSummary; refuse: boolean } | null = null;
function modelCheck(s: StudioState): { summary: ModelSummary; refuse: boolean } | null {
  const data = s.dataset.data;
  if (!data) return null;
  const { layers } = s.spec.model;
  const { batchSize } = s.spec.training;
  if (memo && memo.layers === layers && memo.data === data && memo.batchSize === batchSize) return memo;
  const summary = inferShapes(layers, data.inputShape, { task: data.task, numClasses: data.numClasses });
  const refuse = summary.valid && specMemoryVerdict(summary, layers, batchSize).level === 'refuse';
  memo = { layers, data, batchSize, summary, refuse };
  return memo;
}

function dataStep(s: StudioState): StepState {
  const d = s.dataset;
  if (d.status === 'loading') return { id: 'data', status: 'active', note: 'loading' };
  if (d.table && !d.table.applied && d.table.pending && !d.data) return { id: 'data', status: 'attention', note: 'a table waits for "Use this table"' };
  if (!d.data) return d.status === 'error' ? { id: 'data', status: 'attention', note: 'the dataset failed to load' } : { id: 'data', status: 'todo', note: 'no dataset yet' };
  if (s.pendingLink) return { id: 'data', status: 'attention', note: "load the link's table file" };
  return { id: 'data', status: 'done', note: 'dataset loaded' };
}

function modelStep(s: StudioState): StepState {
  const check = modelCheck(s);
  if (!check) return { id: 'model', status: 'todo', note: 'waits for a dataset' };
  if (!check.summary.valid) return { id: 'model', status: 'attention', note: check.summary.outputError ?? 'a layer has a shape error' };
  if (check.refuse) return { id: 'model', status: 'attention', note: 'too large to train in a browser' };
  return { id: 'model', status: 'done', note: 'model is valid' };
}

function trainStep(s: StudioState): StepState {
  const r = s.run;
  switch (r.status) {
    case 'starting':
    case 'running':
    case 'paused':
    case 'stopping':
    case 'interrupted':
      return { id: 'train', status: 'active', note: r.status === 'interrupted' ? 'resuming' : r.status };
    case 'done':
      return { id: 'train', status: 'done', note: 'trained' };
    case 'stopped':
      return r.epochs.length ? { id: 'train', status: 'done', note: 'stopped early' } : { id: 'train', status: 'attention', note: 'stopped before an epoch finished' };
    case 'diverged':
      return { id: 'train', status: 'attention', note: 'the run diverged' };
    case 'error':
      return { id: 'train', status: 'attention', note: 'the run failed' };
    case 'idle':
      return { id: 'train', status: 'todo', note: 'not trained yet' };
  }
}

function inspectStep(s: StudioState): StepState {
  if (s.run.evaluation) return { id: 'inspect', status: 'done', note: 'test set evaluated' };
  if (s.run.status === 'running' || s.run.status === 'starting' || s.run.status === 'paused') return { id: 'inspect', status: 'todo', note: 'after training' };
  return { id: 'inspect', status: 'todo', note: 'train first' };
}

function shareStep(s: StudioState): StepState {
  const sh = s.share;
  if (sh.message?.tone === 'error' || sh.importStatus.status === 'error' || sh.exports.status === 'error') return { id: 'share', status: 'attention', note: 'a share or export failed' };
  if (sh.importStatus.status === 'loading' || sh.exports.status === 'measuring') return { id: 'share', status: 'active', note: 'working' };
  if (sh.link) return { id: 'share', status: 'done', note: 'link made' };
  return { id: 'share', status: 'todo', note: 'no link made yet' };
}

/** Each step's state, in flow order; pure (the same state gives the same answer). */
export function stepStates(state: StudioState): StepState[] {
  return [dataStep(state), modelStep(state), trainStep(state), inspectStep(state), shareStep(state)];
}

/** The step to do next: the first that is not done (null once all are). */
export function currentStep(steps: readonly StepState[]): StepId | null {
  return steps.find((s) => s.status !== 'done')?.id ?? null;
}
