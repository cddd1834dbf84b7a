import { describe, expect, it } from 'vitest';
import { addTags, nameProblem, nextRunName, parseTags, runNameStem, slug } from './naming';
import { makeRun, makeSpec } from './testFixtures';
import type { RunRecord } from './types';

describe('default run names', () => {
  it('are dataset-model-#n', () => {
    expect(slug('Keras MLP')).toBe('keras-mlp');
    expect(runNameStem('MNIST (10,000 digits, bundled)', 'Keras MLP')).toBe('mnist-keras-mlp');
    expect(runNameStem('', 'CNN', 'fashion-mnist')).toBe('fashion-mnist-cnn');
    expect(nextRunName([], 'MNIST (10,000 digits, bundled)', 'Keras MLP')).toBe('mnist-keras-mlp-#1');
  });

  it('count that dataset and model combination in the stored history', () => {
    const stored = [makeRun('a', { name: 'x' }), makeRun('b', { name: 'y' }), makeRun('c', { name: 'z', spec: makeSpec({ name: 'CNN' }) })];
    expect(nextRunName(stored, 'MNIST', 'Keras MLP')).toBe('mnist-keras-mlp-#3');
    expect(nextRunName(stored, 'MNIST', 'CNN')).toBe('mnist-cnn-#2');
    expect(nextRunName(stored, 'Iris', 'Keras MLP')).toBe('iris-keras-mlp-#1');
  });

  it('never give two stored runs the same name, across deletes and renames', () => {
    let stored: RunRecord[] = [];
    const add = (id: string) => {
      stored = [...stored, makeRun(id, { name: nextRunName(stored, 'MNIST', 'Keras MLP') })];
    };
    for (let i = 0; i < 5; i++) add(`r${i}`);
    stored = stored.filter((r) => r.id !== 'r1'); // #2 deleted: #5 still exists, so the next is #6 (not a second #5)
    add('r5');
    stored = stored.map((r) => (r.id === 'r0' ? { ...r, name: 'mnist-keras-mlp-#7' } : r)); // renamed to a future default
    add('r6');
    add('r7');
    const names = stored.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('mnist-keras-mlp-#8');
  });

  it('check a typed name: not empty, not another run’s (any case)', () => {
    const stored = [makeRun('a', { name: 'baseline' }), makeRun('b', { name: 'other' })];
    expect(nameProblem('  ', 'a', stored)).toMatch(/needs a name/);
    expect(nameProblem('Other', 'a', stored)).toMatch(/already named "other"/);
    expect(nameProblem('baseline', 'a', stored)).toBeNull();
    expect(nameProblem('new name', 'a', stored)).toBeNull();
  });
});

describe('tags', () => {
  it('are parsed from comma-separated text, trimmed and unique', () => {
    expect(parseTags(' baseline, lr  sweep ,, Baseline,x')).toEqual(['baseline', 'lr sweep', 'x']);
    expect(addTags(['a'], ['A', 'b'])).toEqual(['a', 'b']);
  });
});
