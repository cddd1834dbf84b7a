/**
 * The training run's lifecycle as one explicit state machine: a run is in exactly one state, each event is allowed
 * in a listed set of states, and buttons derive their enabled state from it. A race (Train right after Reset, a
 * second Stop, a link opened mid-run) becomes an impossible transition, refused instead of reaching the engine.
 *
 *   idle ─train→ starting ─started→ running ⇄ paused
 *   starting/running/paused ─stop→ stopping ─stopped→ stopped      (─reset→ stopping, then idle)
 *   running ─done→ done · ─diverged→ diverged · ─failed→ error · ─lost→ interrupted (then resumed automatically)
 *   any finished state ─train→ starting, ─reset→ idle
 */
export type RunStatus = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'done' | 'stopped' | 'diverged' | 'error' | 'interrupted';

/** What the person asks for. */
export type RunAction = 'train' | 'pause' | 'resume' | 'stop' | 'reset' | 'openLink' | 'loadData';
/** What the engine (or the watchdog) reports. */
export type EngineEvent = 'started' | 'paused' | 'resumed' | 'done' | 'stopped' | 'diverged' | 'failed' | 'lost';

export const RUN_STATUSES: readonly RunStatus[] = ['idle', 'starting', 'running', 'paused', 'stopping', 'done', 'stopped', 'diverged', 'error', 'interrupted'];
export const RUN_ACTIONS: readonly RunAction[] = ['train', 'pause', 'resume', 'stop', 'reset', 'openLink', 'loadData'];
export const ENGINE_EVENTS: readonly EngineEvent[] = ['started', 'paused', 'resumed', 'done', 'stopped', 'diverged', 'failed', 'lost'];

/** A run is using the engine: data, links and other runs wait. */
export const isBusy = (s: RunStatus): boolean => s === 'starting' || s === 'running' || s === 'paused' || s === 'stopping';
const finished = (s: RunStatus): boolean => !isBusy(s);

/** Where each person's action leads, from each state (absent: not allowed there). */
export function afterAction(s: RunStatus, a: RunAction): RunStatus | null {
  switch (a) {
    case 'train':
      return finished(s) ? 'starting' : null;
    case 'pause':
      return s === 'running' ? 'running' : null; // the engine confirms with 'paused'
    case 'resume':
      return s === 'paused' ? 'paused' : null; // the engine confirms with 'resumed'
    case 'stop':
      return s === 'starting' || s === 'running' || s === 'paused' ? 'stopping' : null;
    case 'reset':
      return s === 'idle' ? null : isBusy(s) ? 'stopping' : 'idle';
    case 'openLink':
    case 'loadData':
      return finished(s) ? s : null; // mid-run, the person is asked first (and stops the run)
  }
}

/** Where an engine report leads; reports that no longer fit (a late 'paused' after Stop) are ignored. */
export function afterEngine(s: RunStatus, e: EngineEvent): RunStatus | null {
  switch (e) {
    case 'started':
      return s === 'starting' ? 'running' : null;
    case 'paused':
      return s === 'running' ? 'paused' : null;
    case 'resumed':
      return s === 'paused' ? 'running' : null;
    case 'done':
      return isBusy(s) ? (s === 'stopping' ? 'stopped' : 'done') : null;
    case 'stopped':
      return isBusy(s) ? 'stopped' : null;
    case 'diverged':
      return isBusy(s) ? 'diverged' : null;
    case 'failed':
      return isBusy(s) ? 'error' : null;
    case 'lost':
      return isBusy(s) ? 'interrupted' : null;
  }
}

export const can = (s: RunStatus, a: RunAction): boolean => afterAction(s, a) !== null;
