/**
 * A token bucket per origin: each origin may send `perSecond` requests in a burst and then `perSecond` a second.
 * Pure (the clock is passed in), so it is tested without timers.
 */
export interface RateLimiter {
  /** True when `origin` may make a request at `nowMs` (a token is spent); false: rate-limited. */
  take(origin: string, nowMs: number): boolean;
}

/** Buckets kept before full (idle) ones are forgotten, so many one-off origins cannot grow the map without bound. */
const MAX_TRACKED = 256;

export function createRateLimiter(perSecond: number, burst = perSecond): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (b: { tokens: number; at: number }, now: number) => {
    // A clock that goes backwards (another tab's time, a test) refills nothing rather than draining.
    const dt = Math.max(0, now - b.at);
    b.tokens = Math.min(burst, b.tokens + (dt * perSecond) / 1000);
    b.at = Math.max(b.at, now);
  };
  return {
    take(origin, now) {
      let b = buckets.get(origin);
      if (!b) {
        if (buckets.size >= MAX_TRACKED) {
          for (const [key, other] of buckets) {
            refill(other, now);
            if (other.tokens >= burst) buckets.delete(key);
          }
        }
        b = { tokens: burst, at: now };
        buckets.set(origin, b);
      } else refill(b, now);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
  };
}
