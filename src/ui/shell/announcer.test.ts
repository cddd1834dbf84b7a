import { describe, expect, it } from 'vitest';
import { runAnnouncement } from './Announcer';

const facts = { task: 'classification' as const, testMetric: 0.9012, error: null };

describe('runAnnouncement', () => {
  it('says a run started, finished with its test score, and stopped, politely', () => {
    expect(runAnnouncement('starting', 'running', facts)).toEqual({ text: 'Training started', urgent: false });
    expect(runAnnouncement('running', 'done', facts)?.text).toBe('Training finished — test accuracy 90.12%');
    expect(runAnnouncement('stopping', 'stopped', facts)).toEqual({ text: 'Training stopped', urgent: false });
  });

  it('makes failures and divergence urgent (an alert)', () => {
    expect(runAnnouncement('running', 'error', { ...facts, error: 'WebGL context lost' })).toEqual({ text: 'Training failed: WebGL context lost', urgent: true });
    expect(runAnnouncement('running', 'diverged', facts)).toEqual({ text: 'Run diverged', urgent: true });
  });

  it('says nothing when the state does not change or is not worth saying', () => {
    expect(runAnnouncement('running', 'running', facts)).toBeNull();
    expect(runAnnouncement('idle', 'starting', facts)).toBeNull();
  });
});
