import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { weightSizes } from './weightSize';

describe('weight sizes', () => {
  it('zeros shrink gzip, not the raw bytes; uint8 codes are about a quarter of float32', () => {
    const rng = createRng(5);
    const dense = Float32Array.from({ length: 20_000 }, () => rng() - 0.5);
    const pruned = dense.map((v, i) => (i % 10 < 8 ? 0 : v));
    const a = weightSizes([{ values: dense }]);
    const b = weightSizes([{ values: pruned }]);
    expect(a.float32).toBe(80_000);
    expect(b.float32).toBe(80_000);
    // Random floats barely compress; 80 % zeros compress to well under half.
    expect(a.float32Gzip).toBeGreaterThan(0.8 * 80_000);
    expect(b.float32Gzip).toBeLessThan(0.45 * a.float32Gzip);
    expect(a.uint8Gzip).toBeLessThan(0.3 * a.float32Gzip);
    expect(b.uint8Gzip).toBeLessThan(a.uint8Gzip);
  });
});
