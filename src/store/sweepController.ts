import { applyConfig, sweepConfigs, type KnobValue, type SweepDef } from '../models/sweep';
import type { ExperimentSpec } from '../models/spec';
import type { StudioState, SweepResult } from './types';

type Set = (fn: (s: StudioState) => Partial<StudioState>) => void;
type Get = () => StudioState;

/**
 * Runs a sweep's configurations one after another through the same engine as a normal run, and records
 * each one's final numbers. The charts show whichever configuration is training.
 */
export function createSweepController(get: Get, set: Set, beginRun: (spec: ExperimentSpec) => string | null, stopRun: () => void) {
  let base: ExperimentSpec | null = null;
  let runIds: (string | null)[] = [];

  const patchResult = (i: number, patch: Partial<SweepResult>) =>
    set((s) => ({ sweep: { ...s.sweep, results: s.sweep.results.map((r, k) => (k === i ? { ...r, ...patch } : r)) } }));

  const launch = (i: number) => {
    const { results } = get().sweep;
    if (!base || i >= results.length) {
      set((s) => ({ sweep: { ...s.sweep, status: 'done', current: -1 } }));
      return;
    }
    set((s) => ({ sweep: { ...s.sweep, current: i } }));
    patchResult(i, { status: 'running' });
    const id = beginRun(applyConfig(base, results[i].config));
    runIds[i] = id;
    if (id) patchResult(i, { runId: id });
    if (!id) {
      patchResult(i, { status: 'error', error: 'could not start' });
      set((s) => ({ sweep: { ...s.sweep, status: 'stopped', current: -1 } }));
    }
  };

  return {
    start(def: SweepDef) {
      const configs = sweepConfigs(def);
      if (configs.length === 0) return;
      base = get().spec;
      runIds = [];
      set(() => ({
        sweep: {
          status: 'running',
          def,
          current: 0,
          results: configs.map((config: Record<string, KnobValue>, index) => ({ index, config, status: 'pending', valMetric: null, valLoss: null, testMetric: null, epochs: 0, ms: 0 })),
        },
      }));
      launch(0);
    },
    stop() {
      if (get().sweep.status !== 'running') return;
      set((s) => ({ sweep: { ...s.sweep, status: 'stopped' } }));
      stopRun();
    },
    /** Called when a run ends (done, stopped or failed); records it and starts the next configuration. */
    onRunFinished(runId: string) {
      const { sweep, run } = get();
      const i = runIds.indexOf(runId);
      if (i < 0) return;
      const last = run.epochs[run.epochs.length - 1];
      patchResult(i, {
        status: run.status === 'error' || run.status === 'diverged' || run.status === 'interrupted' ? 'error' : run.status === 'stopped' ? 'stopped' : 'done',
        valMetric: last?.valMetric ?? null,
        valLoss: last?.valLoss ?? null,
        testMetric: last?.testMetric ?? null,
        epochs: run.epochs.length,
        ms: run.epochs.reduce((t, e) => t + e.trainMs + e.evalMs, 0),
        error: run.error?.message,
      });
      if (sweep.status === 'running') setTimeout(() => launch(i + 1), 0);
      else set((s) => ({ sweep: { ...s.sweep, current: -1 } }));
    },
  };
}
