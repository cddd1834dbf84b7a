import { describe, expect, it } from 'vitest';
import type { CsvTable } from '../parsers/csv';
import { profileTable } from './profile';
import { defaultRecipe } from './recipe';
import { applyRecipe } from './apply';

/** A large table built column-wise (a row-wise builder would dominate the timing). */
function bigTable(n: number): CsvTable {
  const header: string[] = [];
  const numeric: Float64Array[] = [];
  const text: (string[] | null)[] = [];
  const cats = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'NA'];
  for (let c = 0; c < 20; c++) {
    header.push(`c${c}`);
    const num = new Float64Array(n);
    let tx: string[] | null = null;
    if (c % 4 === 0) {
      tx = new Array<string>(n);
      for (let r = 0; r < n; r++) tx[r] = cats[(r * 7 + c) % cats.length];
      num.fill(NaN);
    } else if (c % 4 === 1) {
      for (let r = 0; r < n; r++) num[r] = r % 97 === 0 ? NaN : Math.sin(r * (c + 1)) * 1000;
    } else if (c % 4 === 2) {
      for (let r = 0; r < n; r++) num[r] = (r * 31 + c) % 5;
    } else {
      tx = new Array<string>(n);
      for (let r = 0; r < n; r++) tx[r] = `id-${r}`;
      num.fill(NaN);
    }
    numeric.push(num);
    text.push(tx);
  }
  return { fileName: 'big.csv', header, rowCount: n, numeric, text, firstNonNumericLine: header.map(() => 0) };
}

describe('scale', () => {
  it('profiles and applies 200k rows × 20 columns (5 identifier, 5 float, 5 integer, 5 text columns) in linear time', () => {
    const t = bigTable(200_000);
    const t0 = performance.now();
    const p = profileTable(t);
    const profileMs = performance.now() - t0;
    expect(p.columns[3].inferred).toBe('identifier');
    expect(p.columns[0]).toMatchObject({ inferred: 'text-categorical', missing: expect.any(Number) });
    const r = defaultRecipe(p, { label: 'c2', task: 'classification' });
    const t1 = performance.now();
    const out = applyRecipe(t, null, r, { testFraction: 0.2, validationFraction: 0.1, seed: 1 });
    const applyMs = performance.now() - t1;
    console.log(`profile ${profileMs.toFixed(0)} ms, apply ${applyMs.toFixed(0)} ms, width ${out.stats.inputWidth}`);
    expect(out.arrays.count).toBe(200_000);
    // Generous bound for slow CI machines; the point is linear work, not a micro-benchmark.
    expect(profileMs).toBeLessThan(4000);
  });
});
