import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BATCH } from '../client/protocol';
import { parseMessage } from './embedRequest';

describe('parseMessage', () => {
  it('ignores what other scripts post, and our own replies', () => {
    for (const data of [null, 'hello', 42, [1, 2], { type: 'resize', id: 1 }, { foo: 1 }, { source: 'tensorscope', type: 'prediction', id: 1 }, { source: 'tensorscope', type: 'ready' }]) {
      expect(parseMessage(data)).toEqual({ kind: 'ignore' });
    }
  });

  it('answers anything that looks like a Tensorscope request, naming the problem', () => {
    expect(parseMessage({ source: 'tensorscope', type: 'train', id: 3 })).toMatchObject({ kind: 'error', id: 3, code: 'bad-request', message: expect.stringMatching(/Unknown message type "train"/) });
    expect(parseMessage({ source: 'tensorscope', id: 3 })).toMatchObject({ kind: 'error', code: 'bad-request', message: expect.stringMatching(/no "type"/) });
    expect(parseMessage({ id: 3, input: [1] })).toMatchObject({ kind: 'error', id: 3, code: 'bad-request', message: expect.stringMatching(/no "type"/) });
    expect(parseMessage({ type: 'predict', input: [] })).toMatchObject({ kind: 'error', id: null, code: 'bad-request', message: expect.stringMatching(/has no "id"/) });
    expect(parseMessage({ type: 'predict', id: NaN, input: [] })).toMatchObject({ kind: 'error', id: null, code: 'bad-request', message: expect.stringMatching(/"id" that is NaN/) });
    expect(parseMessage({ type: 'predict', id: 'x'.repeat(201), input: [] })).toMatchObject({ code: 'bad-request' });
    expect(parseMessage({ type: 'predict', id: 1 })).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/no "input"/) });
    expect(parseMessage({ type: 'predict', id: 1, input: [], inputs: [[]] })).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/not both/) });
    expect(parseMessage({ type: 'predict', id: 1, inputs: 'abc' })).toMatchObject({ code: 'bad-input' });
    expect(parseMessage({ type: 'predict', id: 1, inputs: [] })).toMatchObject({ code: 'bad-input', message: expect.stringMatching(/empty/) });
    expect(parseMessage({ type: 'predict', id: 1, inputs: new Array(MAX_BATCH + 1).fill(0) })).toMatchObject({ code: 'too-large', message: expect.stringMatching(/257 examples/) });
    expect(parseMessage({ type: 'predict', id: 1, input: [], passes: 0 })).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/"passes"/) });
    expect(parseMessage({ type: 'predict', id: 1, input: [], scale: '0-100' })).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/"scale"/) });
  });

  it('reads a good request with defaults', () => {
    expect(parseMessage({ type: 'describe', id: 'a' })).toEqual({ kind: 'describe', id: 'a' });
    expect(parseMessage({ type: 'predict', id: 7, input: [1, 2] })).toEqual({ kind: 'predict', id: 7, inputs: [[1, 2]], single: true, scale: 'auto', passes: 20 });
    expect(parseMessage({ source: 'tensorscope', type: 'predict', id: 7, inputs: [[1], [2]], passes: 5, scale: '0-255' })).toMatchObject({ kind: 'predict', single: false, passes: 5, scale: '0-255' });
  });

  it('never throws, and answers or ignores every object with a request type (property)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom('predict', 'describe'), (junk, type) => {
        const r1 = parseMessage(junk);
        expect(['ignore', 'error', 'describe', 'predict']).toContain(r1.kind);
        const r2 = parseMessage({ type, id: junk, input: junk });
        expect(r2.kind).not.toBe('ignore');
      }),
    );
  });
});
