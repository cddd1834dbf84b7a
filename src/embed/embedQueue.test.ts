import { describe, expect, it } from 'vitest';
import { createSerialQueue } from './embedQueue';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('createSerialQueue', () => {
  it('runs one job at a time in order, refuses beyond maxWaiting, and a failing job does not stop it', async () => {
    const log: string[] = [];
    let active = 0;
    let maxActive = 0;
    const q = createSerialQueue<string>(2, async (name) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await tick();
      log.push(name);
      active--;
      if (name === 'b') throw new Error('boom');
    });
    expect(q.push('a')).toBe(true); // runs at once
    expect(q.push('b')).toBe(true); // waits
    expect(q.push('c')).toBe(true); // waits
    expect(q.waiting).toBe(2);
    expect(q.push('d')).toBe(false); // full: busy
    await q.idle();
    expect(log).toEqual(['a', 'b', 'c']);
    expect(maxActive).toBe(1);
    expect(q.running).toBe(false);
    expect(q.push('e')).toBe(true);
    await q.idle();
    expect(log).toEqual(['a', 'b', 'c', 'e']);
  });
});
