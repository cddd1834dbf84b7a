import { describe, expect, it } from 'vitest';
import { originAllowed, parseAllowList } from './allowList';

describe('parseAllowList', () => {
  it('reads encoded and plain origins, cutting paths, and keeps typos aside', () => {
    const a = parseAllowList(`${encodeURIComponent('https://a.example:8443/page')},http://b.example, nonsense ,javascript:alert(1)`);
    expect(a.origins).toEqual(['https://a.example:8443', 'http://b.example']);
    expect(a.rejected).toEqual(['nonsense', 'javascript:alert(1)']);
    expect(originAllowed(a, 'https://a.example:8443')).toBe(true);
    expect(originAllowed(a, 'https://evil.example')).toBe(false);
  });
  it('no list: anyone; a list of typos only: no one', () => {
    expect(originAllowed(parseAllowList(null), 'https://x.example')).toBe(true);
    expect(originAllowed(parseAllowList('oops'), 'https://x.example')).toBe(false);
  });
});
