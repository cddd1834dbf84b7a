import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rateLimiter';

describe('createRateLimiter (token bucket per origin)', () => {
  it('lets a burst of N through, refuses the next, and refills at N a second', () => {
    const r = createRateLimiter(50);
    let ok = 0;
    for (let i = 0; i < 60; i++) if (r.take('https://a.example', 1000)) ok++;
    expect(ok).toBe(50);
    expect(r.take('https://a.example', 1000)).toBe(false);
    // Another origin has its own bucket.
    expect(r.take('https://b.example', 1000)).toBe(true);
    // 100 ms later: 5 tokens back.
    let again = 0;
    for (let i = 0; i < 10; i++) if (r.take('https://a.example', 1100)) again++;
    expect(again).toBe(5);
  });

  it('over any stretch of time, never grants more than burst + rate × seconds (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 400 }), (gaps) => {
        const r = createRateLimiter(50);
        let t = 0;
        let granted = 0;
        for (const g of gaps) {
          t += g;
          if (r.take('o', t)) granted++;
        }
        expect(granted).toBeLessThanOrEqual(50 + Math.floor((t * 50) / 1000) + 1);
      }),
    );
  });

  it('a clock that goes back grants nothing extra', () => {
    const r = createRateLimiter(2);
    expect(r.take('o', 5000)).toBe(true);
    expect(r.take('o', 5000)).toBe(true);
    expect(r.take('o', 0)).toBe(false);
  });
});
