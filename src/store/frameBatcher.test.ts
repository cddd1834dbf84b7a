import { describe, expect, it, vi } from 'vitest';
import { createFrameBatcher } from './frameBatcher';

describe('createFrameBatcher', () => {
  it('coalesces many schedules into one flush, and flushNow runs a pending flush at once', async () => {
    vi.useFakeTimers();
    const flush = vi.fn();
    const b = createFrameBatcher(flush, 200);
    for (let i = 0; i < 50; i++) b.schedule();
    await vi.advanceTimersByTimeAsync(10);
    expect(flush).toHaveBeenCalledTimes(1);
    b.schedule();
    await vi.advanceTimersByTimeAsync(100);
    expect(flush).toHaveBeenCalledTimes(1); // held back by the minimum interval
    await vi.advanceTimersByTimeAsync(150);
    expect(flush).toHaveBeenCalledTimes(2);
    b.schedule();
    b.flushNow();
    expect(flush).toHaveBeenCalledTimes(3);
    b.flushNow(); // nothing pending: no extra flush
    expect(flush).toHaveBeenCalledTimes(3);
    vi.useRealTimers();
  });
});
