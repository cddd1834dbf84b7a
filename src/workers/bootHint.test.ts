import { describe, expect, it } from 'vitest';
import { bootHint } from './bootHint';

const named = (v: unknown) => 'tensorscope-training#' + JSON.stringify(v);

describe('bootHint', () => {
  it('reads the object the boot script put after the name', () => {
    expect(bootHint(named({ prepare: 'bundled', probes: { 'a#b': 1 } }))).toEqual({ prepare: 'bundled', probes: { 'a#b': 1 } });
  });

  it('reads anything else as no hint', () => {
    for (const name of [undefined, '', 'tensorscope-training', 'x#', 'x#{bad json', named([1, 2]), named('text'), named(null), named(3), 'x#' + '1'.repeat(500_000)]) {
      expect(bootHint(name)).toBeNull();
    }
  });
});
