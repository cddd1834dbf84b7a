import { describe, expect, it } from 'vitest';
import { oneChartPerTask } from './oneChartPerTask';

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('oneChartPerTask', () => {
  it('runs queued set-ups later, in order, each in a task of its own; a cancelled one never runs', async () => {
    const log: string[] = [];
    oneChartPerTask(() => {
      log.push('a');
      // A microtask queued by the first job runs before the second job: they are not in one task.
      queueMicrotask(() => log.push('after a'));
    });
    const cancelB = oneChartPerTask(() => log.push('b'));
    oneChartPerTask(() => log.push('c'));
    expect(log).toEqual([]);
    cancelB();
    await settle();
    expect(log).toEqual(['a', 'after a', 'c']);
    cancelB(); // cancelling again (or after it ran) is harmless
    oneChartPerTask(() => log.push('d'));
    await settle();
    expect(log.at(-1)).toBe('d');
  });
});
