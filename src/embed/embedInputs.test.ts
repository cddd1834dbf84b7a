import { describe, expect, it } from 'vitest';
import { encodeInputs } from './embedInputs';
import { embedModelOf } from './embedModel';
import { digitsTable } from './testModels';

const image = embedModelOf({ name: 'digits', inputShape: [28, 28, 1], outputUnits: 10, classNames: null, table: null, loss: 'categoricalCrossentropy', hasDropout: true, metric: 0.9 });

describe('encodeInputs: image models', () => {
  it('takes flat 784 or 28 rows of 28, arrays or typed arrays, 0–1 read as the draw pad (×255)', () => {
    const flat = new Array(784).fill(0);
    flat[10] = 1;
    flat[11] = 0.5;
    const rows = Array.from({ length: 28 }, (_, r) => Float32Array.from(flat.slice(r * 28, r * 28 + 28)));
    const a = encodeInputs(image, [flat], true, 'auto');
    const b = encodeInputs(image, [rows], true, 'auto');
    const c = encodeInputs(image, [Uint8Array.from(flat, (v) => Math.round(v * 255))], true, 'auto');
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (!a.ok || !b.ok || !c.ok) return;
    expect(a.values[10]).toBe(255);
    expect(a.values[11]).toBe(127.5);
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    expect(c.values[10]).toBe(255);
    expect(c.values[11]).toBe(128);
  });

  it('names the input, its size and what the model takes', () => {
    const good = new Array(784).fill(0);
    const r = encodeInputs(image, [good, good, good, new Array(783).fill(0)], false, 'auto');
    expect(r).toEqual({ ok: false, code: 'bad-input', message: 'Input 3 has 783 numbers; this model takes 28×28 = 784.' });
    expect(encodeInputs(image, [new Array(783).fill(0)], true, 'auto')).toMatchObject({ message: 'The input has 783 numbers; this model takes 28×28 = 784.' });
  });

  it('refuses NaN, Infinity and non-numbers with not-finite, out-of-range pixels with bad-input', () => {
    const nan = new Array(784).fill(0);
    nan[5] = NaN;
    expect(encodeInputs(image, [nan], true, 'auto')).toMatchObject({ code: 'not-finite', message: expect.stringMatching(/NaN at position 5/) });
    const str = new Array(784).fill(0);
    str[9] = '3';
    expect(encodeInputs(image, [str], true, 'auto')).toMatchObject({ code: 'not-finite', message: expect.stringMatching(/"3" at position 9/) });
    const big = new Array(784).fill(0);
    big[0] = 300;
    expect(encodeInputs(image, [big], true, 'auto')).toMatchObject({ code: 'bad-input', message: expect.stringMatching(/pixel of 300/) });
    const half = new Array(784).fill(0);
    half[0] = 2;
    expect(encodeInputs(image, [half], true, '0-1')).toMatchObject({ code: 'bad-input' });
    expect(encodeInputs(image, [{ a: 1 }], true, 'auto')).toMatchObject({ code: 'bad-input', message: expect.stringMatching(/28×28 pixels/) });
  });

  it('refuses a 100 MB array by its length, without walking it', () => {
    const huge = new Float64Array(12_500_000);
    expect(encodeInputs(image, [huge], true, 'auto')).toMatchObject({ code: 'too-large', message: expect.stringMatching(/about 100 MB/) });
    // A plain array that big is measured by its length too: not one element is read.
    let reads = 0;
    const watched = new Proxy(new Array(12_500_000), { get: (target, key, r) => (typeof key === 'string' && /^\d+$/.test(key) && reads++, Reflect.get(target, key, r)) });
    expect(encodeInputs(image, [watched], true, 'auto')).toMatchObject({ code: 'too-large' });
    expect(reads).toBe(0);
    // 160 images of 784 = 125,440 numbers: just over 1 MB at 8 bytes each.
    expect(encodeInputs(image, new Array(160).fill(new Array(784).fill(0)), false, 'auto')).toMatchObject({ code: 'too-large' });
    expect(encodeInputs(image, new Array(159).fill(new Array(784).fill(0)), false, 'auto')).toMatchObject({ ok: true, count: 159 });
  });
});

describe('encodeInputs: table models', () => {
  const table = digitsTable();
  const model = embedModelOf({ name: 't', inputShape: [table.featureNames.length], outputUnits: 3, classNames: null, table, loss: null, hasDropout: false, metric: null });

  it('encodes raw values with the fitted table, filling what is left out', () => {
    const r = encodeInputs(model, [{ size: 2.5, colour: 'red' }, {}], false, 'auto');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.count).toBe(2);
    expect(r.values.length).toBe(2 * model.size);
    expect(Array.from(r.values).every(Number.isFinite)).toBe(true);
  });

  it('names an unknown column, a NaN and a non-number', () => {
    expect(encodeInputs(model, [{ weight: 3 }], true, 'auto')).toMatchObject({ code: 'bad-input', message: expect.stringMatching(/unknown column "weight"/) });
    expect(encodeInputs(model, [{ size: NaN }], true, 'auto')).toMatchObject({ code: 'not-finite', message: expect.stringMatching(/“size” is NaN/) });
    expect(encodeInputs(model, [{ size: 'big' }], true, 'auto')).toMatchObject({ code: 'not-finite', message: expect.stringMatching(/must be a number/) });
    expect(encodeInputs(model, [[1, 2]], true, 'auto')).toMatchObject({ code: 'bad-input', message: expect.stringMatching(/object of raw values/) });
  });
});
