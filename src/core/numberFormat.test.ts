import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount, groupDigits } from './numberFormat';

describe('numberFormat', () => {
  it('groups digits the en-US way and rounds counts', () => {
    expect(groupDigits(1234567.891)).toBe('1,234,567.891');
    expect(groupDigits(0.12345)).toBe('0.123');
    expect(formatCount(1999.5)).toBe('2,000');
    expect(formatCount(-70000.2)).toBe('-70,000');
    expect(formatCount(Number.NaN)).toBe('NaN');
  });

  it('writes exactly what toLocaleString("en-US") wrote, for any number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: false }), (v) => {
        expect(groupDigits(v)).toBe(v.toLocaleString('en-US'));
        expect(formatCount(v)).toBe(Math.round(v).toLocaleString('en-US'));
      }),
    );
  });
});
