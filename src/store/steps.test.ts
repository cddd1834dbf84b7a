import { describe, expect, it } from 'vitest';
import type { Dataset } from '../core/types';
import type { EpochSummary, TestEvaluation } from '../training/protocol';
import { createStudioStore } from './studioStore';
import { currentStep, stepStates, type StepStatus } from './steps';
import type { StudioState } from './types';

const digits: Dataset = {
  id: 'test-digits',
  name: 'Digits',
  source: 'test',
  kind: 'image',
  task: 'classification',
  count: 10,
  inputShape: [28, 28, 1],
  x: new Uint8Array(7840),
  y: new Uint8Array(10),
  numClasses: 10,
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  featureNames: [],
  targetName: 'label',
  testFrom: null,
  fingerprint: 'abc',
};

// Never init()ed: only the initial state is read, so nothing starts.
const base: StudioState = createStudioStore({
  baseUrl: 'http://localhost/',
  createClient: () => Promise.reject(new Error('unused')),
  createLoader: () => Promise.reject(new Error('unused')),
}).getState();

type Patch = { dataset?: Partial<StudioState['dataset']>; run?: Partial<StudioState['run']>; share?: Partial<StudioState['share']>; spec?: StudioState['spec']; pendingLink?: StudioState['pendingLink'] };
function state(p: Patch = {}): StudioState {
  return {
    ...base,
    dataset: { ...base.dataset, status: 'ready', data: digits, ...p.dataset },
    run: { ...base.run, ...p.run },
    share: { ...base.share, ...p.share },
    spec: p.spec ?? base.spec,
    pendingLink: p.pendingLink ?? null,
  };
}
const statuses = (s: StudioState): Record<string, StepStatus> => Object.fromEntries(stepStates(s).map((x) => [x.id, x.status]));
const epoch = { epoch: 1 } as EpochSummary;

describe('stepStates', () => {
  it('lists the five steps in flow order', () => {
    expect(stepStates(state()).map((s) => s.id)).toEqual(['data', 'model', 'train', 'inspect', 'share']);
  });

  it('before anything loads, Data is in progress and is the current step', () => {
    const s = state({ dataset: { status: 'loading', data: null } });
    expect(statuses(s)).toEqual({ data: 'active', model: 'todo', train: 'todo', inspect: 'todo', share: 'todo' });
    expect(currentStep(stepStates(s))).toBe('data');
  });

  it('a failed first load needs attention', () => {
    expect(statuses(state({ dataset: { status: 'error', data: null, error: 'bad file' } })).data).toBe('attention');
  });

  it('with data and the default model, Train is current', () => {
    const s = state();
    expect(statuses(s)).toEqual({ data: 'done', model: 'done', train: 'todo', inspect: 'todo', share: 'todo' });
    expect(currentStep(stepStates(s))).toBe('train');
  });

  it('a model whose output does not fit the task needs attention and becomes current', () => {
    const spec = { ...base.spec, model: { ...base.spec.model, layers: [{ type: 'flatten' as const }, { type: 'dense' as const, units: 3, activation: 'softmax' as const }] } };
    const s = state({ spec });
    expect(statuses(s).model).toBe('attention');
    expect(stepStates(s)[1].note).not.toBe('');
    expect(currentStep(stepStates(s))).toBe('model');
  });

  it('follows the run: running is in progress, done unlocks Inspect, failures need attention', () => {
    expect(statuses(state({ run: { status: 'running' } })).train).toBe('active');
    expect(statuses(state({ run: { status: 'paused' } })).train).toBe('active');
    expect(statuses(state({ run: { status: 'error' } })).train).toBe('attention');
    expect(statuses(state({ run: { status: 'diverged' } })).train).toBe('attention');
    expect(statuses(state({ run: { status: 'stopped', epochs: [] } })).train).toBe('attention');
    expect(statuses(state({ run: { status: 'stopped', epochs: [epoch] } })).train).toBe('done');
    const done = state({ run: { status: 'done', epochs: [epoch], evaluation: {} as TestEvaluation } });
    expect(statuses(done)).toMatchObject({ train: 'done', inspect: 'done', share: 'todo' });
    expect(currentStep(stepStates(done))).toBe('share');
  });

  it('a made link finishes Share; a failed export needs attention; all done means no current step', () => {
    const run = { status: 'done' as const, epochs: [epoch], evaluation: {} as TestEvaluation };
    const shared = state({ run, share: { link: { kind: 'spec', url: 'x', chars: 1, copied: true } } });
    expect(currentStep(stepStates(shared))).toBeNull();
    expect(statuses(state({ run, share: { exports: { status: 'error', variants: [], error: 'no' } } })).share).toBe('attention');
  });

  it('is pure: the same state gives the same answer', () => {
    const s = state({ run: { status: 'running' } });
    expect(stepStates(s)).toEqual(stepStates(s));
  });
});
