import { describeError } from '../core/errors';
import type { FromEngine, NamedWeights } from '../training/protocol';
import { isBusy } from './runLifecycle';
import type { PruneActions, PruneOptions, PruneSlice } from './pruneTypes';
import { newRunId, type StoreCore } from './slices/core';

export const DEFAULT_PRUNE_OPTIONS: PruneOptions = { targets: [0.5, 0.8, 0.9, 0.95], scope: 'layer', steps: 200 };

export const emptyPrune = (options: PruneOptions = DEFAULT_PRUNE_OPTIONS): PruneSlice => ({ status: 'idle', options, points: [], progress: null, message: null, inUse: null, runId: null });

/** Why a curve cannot be measured now, or null. */
export function pruneBlocked(s: { mode: string; run: { status: Parameters<typeof isBusy>[0]; evaluation: unknown; split: unknown }; sweep: { status: string } }): string | null {
  if (s.mode !== 'studio') return 'Open the model in the studio to prune it.';
  if (isBusy(s.run.status)) return 'A run is training: pruning starts from a finished model.';
  if (s.sweep.status === 'running') return 'A sweep is running.';
  if (!s.run.evaluation || !s.run.split) return 'Train a model (or load one with data) first: pruning starts from a trained model and is scored on its test split.';
  return null;
}

export interface PruneInternals {
  /** Curve points from the engine; true when the message was one. */
  onMessage(msg: FromEngine): boolean;
}

/**
 * Pruning curves: the engine prunes copies of the trained model (training/pruning/), one point per target arrives as
 * it is measured, and "Use" makes a pruned copy the model (a new engine run id, so stored history keeps the original).
 * The pruned weights stay here, out of the state the UI subscribes to.
 */
export function createPruneController(core: StoreCore): { state: Pick<PruneActions, keyof PruneActions> & { prune: PruneSlice }; internals: PruneInternals } {
  const { get, set } = core;
  let requestId: number | null = null;
  const weights = new Map<number, NamedWeights[]>();
  const patch = (p: Partial<PruneSlice>) => set((s) => ({ prune: { ...s.prune, ...p } }));

  const state = {
    prune: emptyPrune(),
    setPruneOptions(p: Partial<PruneOptions>) {
      const o = { ...get().prune.options, ...p };
      const steps = Number.isFinite(o.steps) ? Math.min(5000, Math.max(1, Math.round(o.steps))) : DEFAULT_PRUNE_OPTIONS.steps;
      patch({ options: { ...o, steps, targets: [...new Set(o.targets)].sort((a, b) => a - b) } });
    },
    async runPruneCurve() {
      const s = get();
      const blocked = pruneBlocked(s);
      if (blocked || s.prune.status === 'running') {
        if (blocked) patch({ status: 'error', message: blocked });
        return;
      }
      const { id, answer } = core.requests.open('pruneDone');
      requestId = id;
      weights.clear();
      const runId = s.run.id;
      patch({ status: 'running', points: [], progress: { done: 0, total: s.prune.options.targets.length + 1 }, message: null, inUse: null, runId });
      core.send({ type: 'pruneCurve', requestId: id, spec: s.spec, targets: s.prune.options.targets, scope: s.prune.options.scope, steps: s.prune.options.steps, seed: s.spec.seed });
      try {
        await answer;
        if (requestId === id) patch({ status: 'done', progress: null, message: null });
      } catch (err) {
        if (requestId === id) patch({ status: get().prune.points.length > 1 ? 'done' : 'error', progress: null, message: describeError(err) });
      } finally {
        if (requestId === id) requestId = null;
      }
    },
    stopPrune() {
      if (get().prune.status === 'running') core.send({ type: 'stop' });
    },
    async usePrunedModel(target: number) {
      const s = get();
      const w = weights.get(target);
      const blocked = pruneBlocked(s);
      if (blocked || !w || s.prune.runId !== s.run.id) {
        patch({ message: blocked ?? 'That pruned model is no longer available: measure the curve again.' });
        return;
      }
      const runId = newRunId();
      const { id, answer } = core.requests.open('weightsSet');
      // The evaluation that follows carries the new id: the run takes it as its own (history keeps the original).
      set((st) => ({ run: { ...st.run, id: runId, evaluation: null }, prune: { ...st.prune, runId, message: null } }));
      core.send({ type: 'setWeights', requestId: id, runId, weights: w.map((x) => ({ ...x, values: x.values.slice() })) });
      try {
        await answer;
        core.modelSeq++;
        const point = get().prune.points.find((p) => p.target === target);
        const what = target === 0 ? 'the model as trained' : `the model with ${Math.round((point?.reached ?? target) * 100)} % of its kernel weights pruned`;
        set((st) => ({
          prune: { ...st.prune, inUse: target === 0 ? null : target },
          run: { ...st.run, notes: [...st.run.notes.filter((n) => !n.startsWith('Now using ')), `Now using ${what}: exports, demo links and predictions use it.`] },
          inspect: { ...st.inspect, mcTest: null, selected: null, example: null, curve: null, error: null },
          share: { ...st.share, exports: { status: 'idle', variants: [], error: null }, link: st.share.link?.kind === 'demo' ? null : st.share.link, demoLinkError: null },
        }));
        core.inspect.sendPrediction();
      } catch (err) {
        patch({ message: `Could not use that model: ${describeError(err)}` });
      }
    },
  };

  const internals: PruneInternals = {
    onMessage(msg) {
      if (msg.type === 'runStarted') {
        // A new run replaces the model the curve was measured on.
        if (get().prune.runId) {
          weights.clear();
          set((s) => ({ prune: emptyPrune(s.prune.options) }));
        }
        return false;
      }
      if (msg.type !== 'prunePoint') return false;
      if (msg.requestId !== requestId) return true;
      const { weights: w, ...point } = msg.point;
      weights.set(point.target, w);
      set((s) => ({ prune: { ...s.prune, points: [...s.prune.points, point], progress: { done: msg.done, total: msg.total } } }));
      return true;
    },
  };
  return { state, internals };
}
