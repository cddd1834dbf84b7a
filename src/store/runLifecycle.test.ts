import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../core/types';
import { summarizeDataset } from '../data/loader/summary';
import type { EngineClient } from '../training/client';
import type { FromEngine, ToEngine } from '../training/protocol';
import { mnistFixture } from '../test/mnistFixture';
import { afterAction, afterEngine, can, ENGINE_EVENTS, isBusy, RUN_ACTIONS, RUN_STATUSES } from './runLifecycle';
import { createStudioStore, type StudioStore } from './studioStore';

describe('the run lifecycle table', () => {
  it('allows Train only when no run uses the engine, and every busy state can be stopped or reported out of', () => {
    for (const s of RUN_STATUSES) {
      expect(can(s, 'train')).toBe(!isBusy(s));
      if (isBusy(s) && s !== 'stopping') expect(can(s, 'stop')).toBe(true);
      if (isBusy(s)) expect(ENGINE_EVENTS.some((e) => { const n = afterEngine(s, e); return n !== null && !isBusy(n); })).toBe(true);
    }
    expect(afterAction('stopping', 'train')).toBeNull();
    expect(afterAction('stopping', 'stop')).toBeNull();
    expect(afterEngine('stopping', 'done')).toBe('stopped');
  });
  it('never leaves the known states', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...RUN_ACTIONS).map((a) => ({ a })), fc.constantFrom(...ENGINE_EVENTS).map((e) => ({ e })))), (steps) => {
        let s = RUN_STATUSES[0];
        for (const step of steps) s = ('a' in step ? afterAction(s, step.a) : afterEngine(s, step.e)) ?? s;
        expect(RUN_STATUSES).toContain(s);
      }),
    );
  });
});

/**
 * A scripted engine: acknowledges like the real one after a short delay, or (wedged) never answers anything,
 * like a worker stuck in a GPU read. It records any 'start' that arrives while its previous run is still going —
 * the "A run is already in progress" race a person hit by pressing Train right after Reset.
 */
function scriptedEngine(wedged: () => boolean) {
  const violations: string[] = [];
  let active: string | null = null;
  let paused = false;
  const create = async (onMessage: (m: FromEngine) => void): Promise<EngineClient> => {
    const reply = (m: FromEngine) => setTimeout(() => onMessage(m), 2);
    const send = (m: ToEngine) => {
      if (wedged()) return;
      if (m.type === 'start') {
        if (active) violations.push(`start ${m.runId} while ${active} runs`);
        active = m.runId;
        paused = false;
        const id = m.runId;
        reply({ type: 'runStarted', runId: id, trainCount: 10, valCount: 0, testCount: 5, batchesPerEpoch: 1, totalEpochs: 1, params: 1 });
        setTimeout(() => {
          if (active === id && !paused && !wedged()) {
            active = null;
            onMessage({ type: 'runState', runId: id, state: 'done' });
          }
        }, 15);
      } else if ((m.type === 'stop' || m.type === 'reset') && active) {
        // Like the real loop, the run is still active until it has unwound (a few ms later).
        const id = active;
        setTimeout(() => {
          if (active !== id) return;
          active = null;
          onMessage({ type: 'runState', runId: id, state: 'stopped' });
        }, 3);
      } else if (m.type === 'pause' && active && !paused) {
        paused = true;
        reply({ type: 'runState', runId: active, state: 'paused' });
      } else if (m.type === 'resume' && active && paused) {
        paused = false;
        reply({ type: 'runState', runId: active, state: 'running' });
      }
    };
    // A replaced (terminated) engine forgets its run, like a terminated worker.
    return { mode: 'worker', fallbackReason: null, send, terminate: () => { active = null; paused = false; } };
  };
  return { create, violations };
}

async function storeWith(engine: ReturnType<typeof scriptedEngine>, ds: Dataset): Promise<StudioStore> {
  const store = createStudioStore({
    baseUrl: 'http://localhost/',
    timing: { stopGraceMs: 40, silenceMs: 400 },
    createClient: engine.create,
    async createLoader() {
      return { mode: 'main-thread', load: async () => ({ dataset: ds, summary: summarizeDataset(ds), csv: null, skipped: [], loadMs: 0 }), cancel: () => {} };
    },
  });
  await store.getState().init();
  return store;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the store under hasty clicks and a wedged engine', () => {
  it('random Train/Pause/Resume/Stop/Reset/link sequences never send a start over a running run, and always end able to train', async () => {
    const ds = await mnistFixture(3);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ action: fc.constantFrom('train', 'pause', 'resume', 'stop', 'reset', 'link'), wait: fc.constantFrom(0, 0, 1, 5, 20), wedge: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        async (steps) => {
          let wedgedNow = false;
          const engine = scriptedEngine(() => wedgedNow);
          const store = await storeWith(engine, ds);
          const st = store.getState;
          for (const step of steps) {
            wedgedNow = step.wedge && step.action === 'train';
            if (step.action === 'train') st().startTraining();
            else if (step.action === 'pause') st().pauseTraining();
            else if (step.action === 'resume') st().resumeTraining();
            else if (step.action === 'stop') st().stopTraining();
            else if (step.action === 'reset') st().resetRun();
            else await st().openFragment('#s1.not-a-real-link');
            if (step.wait) await sleep(step.wait);
          }
          // Whatever happened, Stop (or the engine's own end) brings it back within the grace period.
          st().stopTraining();
          await sleep(150);
          expect(engine.violations).toEqual([]);
          expect(isBusy(st().run.status)).toBe(false);
          expect(can(st().run.status, 'train')).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);

  it('Reset right after Train waits for the engine, then Train starts a clean run (the race people hit 4 times in 10)', async () => {
    const ds = await mnistFixture(3);
    const engine = scriptedEngine(() => false);
    const store = await storeWith(engine, ds);
    store.getState().startTraining();
    await sleep(5);
    store.getState().resetRun();
    expect(store.getState().run.status).toBe('stopping');
    store.getState().startTraining(); // refused while stopping: the button is disabled, the action does nothing
    await sleep(30);
    expect(store.getState().run.status).toBe('idle');
    store.getState().startTraining();
    await sleep(40);
    expect(store.getState().run.status).toBe('done');
    expect(engine.violations).toEqual([]);
  });

  it('a wedged engine does not hold Stop hostage: it is replaced and the run says so', async () => {
    const ds = await mnistFixture(3);
    let wedged = false;
    const engine = scriptedEngine(() => wedged);
    const store = await storeWith(engine, ds);
    store.getState().startTraining();
    await sleep(5);
    wedged = true;
    store.getState().stopTraining();
    await sleep(100);
    expect(store.getState().run.status).toBe('stopped');
    expect(store.getState().run.notes.join(' ')).toMatch(/did not answer Stop/);
  });

  it('a run that goes silent (a hung GPU read) counts as lost: the engine is replaced and the run starts again', async () => {
    const ds = await mnistFixture(3);
    let silent = false;
    let starts = 0;
    const engine = scriptedEngine(() => silent);
    const create = engine.create;
    const store = createStudioStore({
      baseUrl: 'http://localhost/',
      timing: { stopGraceMs: 40, silenceMs: 120 },
      createClient: async (onMessage) => {
        const c = await create(onMessage);
        return { ...c, send: (m) => { if (m.type === 'start') starts++; c.send(m); } };
      },
      async createLoader() {
        return { mode: 'main-thread', load: async () => ({ dataset: ds, summary: summarizeDataset(ds), csv: null, skipped: [], loadMs: 0 }), cancel: () => {} };
      },
    });
    await store.getState().init();
    silent = true; // the engine takes the start and then says nothing, like a worker stuck in a GPU read
    store.getState().startTraining();
    await sleep(10);
    silent = false;
    // The watchdog checks every silenceMs / 2; the replaced engine answers again.
    await sleep(400);
    expect(store.getState().run.notes.join(' ')).toMatch(/sent nothing for/);
    expect(starts).toBeGreaterThanOrEqual(2);
    expect(store.getState().run.status).toBe('done');
  });
});
