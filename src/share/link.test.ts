import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { deflateSync, inflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { TensorscopeError } from '../core/errors';
import { createRng } from '../core/rng';
import { buildModel } from '../models/buildModel';
import { MNIST_CONTEXT, PRESETS, specFromPreset, type DataContext } from '../models/presets';
import { specToJson } from '../models/schema';
import type { ExperimentSpec } from '../models/spec';
import { decodeBase64Url, encodeBase64Url } from './base64url';
import {
  DEFAULT_VIEW,
  MAX_DEMO_LINK_BYTES,
  MAX_DEMO_PARAMS,
  MAX_LINK_CHARS,
  MAX_MODEL_URL_CHARS,
  MAX_SPEC_LINK_BYTES,
  STUDIO_VIEWS,
  crc32,
  decodeDemoLink,
  decodeFragment,
  encodeDemoLink,
  encodeModelUrlLink,
  encodeSpecLink,
  linkSizeReport,
  packLinkBody,
  unpackLinkBody,
  type DemoPayload,
  type DemoWeight,
  type LinkDecodeResult,
} from './link';
import { quantizeUint8 } from '../core/quantize';

const TABULAR: DataContext = { kind: 'tabular', task: 'classification', numClasses: 3 };
const REGRESSION: DataContext = { kind: 'tabular', task: 'regression', numClasses: 0 };
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const utf8 = (s: string) => new TextEncoder().encode(s);

function expectSpec(result: LinkDecodeResult): Extract<LinkDecodeResult, { kind: 'spec' }> {
  if (result.kind !== 'spec') throw new Error(`expected a spec, got ${JSON.stringify(result)}`);
  return result;
}

function expectError(result: LinkDecodeResult): { message: string; reason: string } {
  if (result.kind !== 'error') throw new Error(`expected an error, got ${result.kind}`);
  return result;
}

/** A link made from arbitrary JSON, bypassing encodeSpecLink's validation (as an old or hand-made link would be). */
const rawSpecLink = (json: unknown) => `s1.${packLinkBody(utf8(JSON.stringify(json)))}`;

const specJson = (spec: ExperimentSpec) => JSON.parse(specToJson(spec)) as Record<string, unknown>;

/** Specs with the fields people edit changed, names included (unicode, HTML, quotes). */
const arbSpec: fc.Arbitrary<ExperimentSpec> = fc
  .record({
    preset: fc.constantFrom(...PRESETS.map((p) => p.id)),
    learningRate: fc.double({ min: 1e-8, max: 10, noNaN: true }),
    seed: fc.maxSafeInteger().chain((n) => fc.constantFrom(n, -n, 0, 42)),
    batchSize: fc.integer({ min: 1, max: 8192 }),
    name: fc.oneof(
      fc.string({ maxLength: 100, unit: 'grapheme' }),
      fc.string({ maxLength: 100, unit: 'binary' }),
      fc.constantFrom('<img src=x onerror=alert(1)>', '"quoted" \\ back', '</script><script>alert(1)</script>', 'Réseau 🧠 网络', '\u0000\u2028\u2029'),
    ),
  })
  .filter((r) => r.name.length <= 100)
  .map((r) => {
    const spec = specFromPreset(r.preset);
    return { ...spec, name: r.name, seed: r.seed, training: { ...spec.training, learningRate: r.learningRate, batchSize: r.batchSize } };
  });

describe('spec links', () => {
  it('round-trip every preset, for every kind of data and every view', () => {
    for (const ctx of [MNIST_CONTEXT, TABULAR, REGRESSION]) {
      for (const preset of PRESETS) {
        const spec = specFromPreset(preset.id, ctx);
        for (const view of STUDIO_VIEWS) {
          const link = encodeSpecLink(spec, view);
          expect(link).toMatch(/^s1\.[A-Za-z0-9_-]+$/);
          const back = expectSpec(decodeFragment(`#${link}`));
          expect(back.spec).toEqual(spec);
          expect(back.view).toBe(view);
          expect(decodeFragment(link)).toEqual(back); // with or without '#'
        }
      }
    }
  });

  it('are short (a few hundred characters for a preset)', () => {
    for (const preset of PRESETS) expect(encodeSpecLink(specFromPreset(preset.id), 'model').length).toBeLessThan(1000);
  });

  it('round-trip arbitrary edits, names as the same plain string (property)', () => {
    fc.assert(
      fc.property(arbSpec, fc.constantFrom(...STUDIO_VIEWS), (spec, view) => {
        const back = expectSpec(decodeFragment(encodeSpecLink(spec, view)));
        expect(back.spec).toEqual(spec);
        expect(back.spec.name).toBe(spec.name);
        expect(back.view).toBe(view);
      }),
      { numRuns: 200 },
    );
  });

  it('are deterministic: equal specs give identical links, whatever their key order', () => {
    const spec = specFromPreset('cnn');
    const shuffled = reverseKeys(spec) as ExperimentSpec;
    expect(Object.keys(shuffled)[0]).toBe('seed');
    expect(encodeSpecLink(shuffled, 'train')).toBe(encodeSpecLink(spec, 'train'));
  });

  it('refuse to encode an invalid spec or an unknown view', () => {
    const bad = specFromPreset('cnn');
    bad.training.learningRate = -1;
    expect(() => encodeSpecLink(bad, 'model')).toThrow(TensorscopeError);
    expect(() => encodeSpecLink(bad, 'model')).toThrow(/learningRate must be greater than 0/);
    expect(() => encodeSpecLink(specFromPreset('cnn'), 'nope' as never)).toThrow(/Unknown studio view/);
  });

  it('explain an invalid spec with the issues from parseSpec', () => {
    const json = specJson(specFromPreset('keras-mlp'));
    (json.training as Record<string, unknown>).learningRate = 0;
    const err = expectError(decodeFragment(rawSpecLink({ spec: json, view: 'model' })));
    expect(err.reason).toBe('invalid-spec');
    expect(err.message).toBe("The link's spec is invalid: training.learningRate must be greater than 0");

    (json.training as Record<string, unknown>).epochs = 0;
    json.seed = 1.5;
    (json as Record<string, unknown>).extra = 1;
    expect(expectError(decodeFragment(rawSpecLink({ spec: json }))).message).toMatch(/^The link's spec is invalid: .+; .+; .+; and 1 more problem$/);
  });

  it('refuse prototype-poisoning keys and foreign JSON', () => {
    const text = `{"spec":${JSON.stringify(specJson(specFromPreset('cnn')))},"view":"model","__proto__":{"polluted":true}}`;
    expect(expectError(decodeFragment(`s1.${packLinkBody(utf8(text))}`)).reason).toBe('invalid-spec');
    const inner = `{"spec":{"__proto__":{"x":1},"version":1},"view":"model"}`;
    expect(expectError(decodeFragment(`s1.${packLinkBody(utf8(inner))}`)).message).toMatch(/forbidden key "__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const json of [[1, 2], 'spec', null, { view: 'model' }]) expect(expectError(decodeFragment(rawSpecLink(json))).reason).toBe('invalid-spec');
    expect(expectError(decodeFragment(`s1.${packLinkBody(utf8('{"spec": tru'))}`)).reason).toBe('damaged');
    expect(expectError(decodeFragment(`s1.${packLinkBody(new Uint8Array([0xff, 0xfe]))}`)).reason).toBe('damaged');
  });

  it('open the default view when the view is missing or unknown (a later version may add views)', () => {
    const json = specJson(specFromPreset('cnn'));
    expect(expectSpec(decodeFragment(rawSpecLink({ spec: json }))).view).toBe(DEFAULT_VIEW);
    expect(expectSpec(decodeFragment(rawSpecLink({ spec: json, view: 'gallery' }))).view).toBe(DEFAULT_VIEW);
  });

  it('carry the backend the author trained on; a missing or unknown one means none', () => {
    const spec = specFromPreset('keras-mlp');
    expect(expectSpec(decodeFragment(encodeSpecLink(spec, 'train', 'webgl'))).backend).toBe('webgl');
    expect(expectSpec(decodeFragment(encodeSpecLink(spec, 'train'))).backend).toBeNull();
    const json = specJson(spec);
    expect(expectSpec(decodeFragment(rawSpecLink({ spec: json, backend: 'quantum' }))).backend).toBeNull();
    expect(expectSpec(decodeFragment(rawSpecLink({ spec: json, backend: { toString: 1 } }))).backend).toBeNull();
  });

  it('migrate old specs on the way in (the same restore as pasted JSON)', () => {
    const json = specJson(specFromPreset('cnn'));
    delete (json.training as Record<string, unknown>).schedule;
    const back = expectSpec(decodeFragment(rawSpecLink({ spec: json, view: 'data' })));
    expect(back.spec).toEqual(specFromPreset('cnn'));
  });
});

/** A deep copy with every object's keys in reverse order. */
function reverseKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(reverseKeys);
  if (x === null || typeof x !== 'object') return x;
  return Object.fromEntries(Object.entries(x).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}

describe('damaged links are refused, never misread', () => {
  it('every prefix of a valid link is an error (or, never, a different spec)', () => {
    for (const spec of [specFromPreset('keras-mlp'), specFromPreset('resnet-small', MNIST_CONTEXT, 7)]) {
      const link = encodeSpecLink(spec, 'train');
      for (let cut = 0; cut < link.length; cut++) {
        const r = decodeFragment(link.slice(0, cut));
        if (cut === 0) expect(r.kind).toBe('none');
        else if (r.kind === 'spec') expect(r.spec).toEqual(spec);
        else expect(r.kind).toBe('error');
      }
    }
  });

  it('truncated links of arbitrary specs are errors (property)', () => {
    fc.assert(
      fc.property(arbSpec, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (spec, at) => {
        const link = encodeSpecLink(spec, 'model');
        const cut = 1 + Math.floor(at * (link.length - 1));
        const r = decodeFragment(link.slice(0, cut));
        if (r.kind === 'spec') expect(r.spec).toEqual(spec);
        else expect(r.kind).toBe('error');
      }),
      { numRuns: 300 },
    );
  });

  it('a changed character gives an error or the identical spec (property)', () => {
    fc.assert(
      fc.property(arbSpec, fc.nat(), fc.integer({ min: 1, max: 63 }), (spec, pos, shift) => {
        const link = encodeSpecLink(spec, 'model');
        const i = 3 + (pos % (link.length - 3));
        const replaced = ALPHABET[(ALPHABET.indexOf(link[i]) + shift) % 64];
        const r = decodeFragment(link.slice(0, i) + replaced + link.slice(i + 1));
        if (r.kind === 'spec') expect(r.spec).toEqual(spec);
        else expect(r.kind).toBe('error');
      }),
      { numRuns: 500 },
    );
  });

  it('flipped bits in the payload bytes give an error or the identical spec (property)', () => {
    fc.assert(
      fc.property(arbSpec, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), (spec, flips) => {
        const link = encodeSpecLink(spec, 'model');
        const bytes = decodeBase64Url(link.slice(3))!;
        for (const [pos, mask] of flips) bytes[pos % bytes.length] ^= mask;
        const r = decodeFragment(`s1.${encodeBase64Url(bytes)}`);
        if (r.kind === 'spec') expect(r.spec).toEqual(spec);
        else expect(r.kind).toBe('error');
      }),
      { numRuns: 500 },
    );
  });

  it('characters appended after a valid body are refused as damaged, not ignored (spec links)', () => {
    const spec = specFromPreset('keras-mlp');
    const link = encodeSpecLink(spec, 'train');
    expectSpec(decodeFragment(`#${link}`));
    for (const extra of ['AAAA', 'AA', 'AAA', 'Zm9v', 'Zm9vYmFy', '-_-_', 'A'.repeat(40)]) {
      const r = expectError(decodeFragment(`#${link}${extra}`));
      expect(r.reason).toBe('damaged');
      expect(r.message).toMatch(/damaged or incomplete/);
    }
    fc.assert(
      fc.property(arbSpec, fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 1, maxLength: 12 }), (s, extra) => {
        const r = expectError(decodeFragment(`${encodeSpecLink(s, 'model')}${extra}`));
        expect(r.reason).toBe('damaged');
      }),
      { numRuns: 200 },
    );
    expect(unpackLinkBody(`${packLinkBody(utf8('{"a":1}'))}AAAA`, 1000)).toEqual({ ok: false, reason: 'damaged' });
  });

  it('random text is an error, with a plain-text message (property)', () => {
    const arbBody = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 300 });
    fc.assert(
      fc.property(fc.oneof(fc.string(), arbBody.map((b) => `s1.${b}`), arbBody.map((b) => `d1.${b}`), arbBody.map((b) => `m1.${b}`)), (s) => {
        const r = decodeFragment(s);
        if (s === '' || s === '#') expect(r.kind).toBe('none');
        else if (r.kind === 'model') expect(s.startsWith('m1.')).toBe(true); // base64 of some http(s) URL: vanishingly rare
        else {
          const e = expectError(r);
          expect(e.message).not.toMatch(/[<>]/);
          expect(e.message.length).toBeLessThan(400);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws, whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (s) => {
        expect(() => decodeFragment(s)).not.toThrow();
        expect(() => decodeFragment(`#${s}`)).not.toThrow();
        expect(() => decodeFragment(`s1.${s}`)).not.toThrow();
      }),
      { numRuns: 500 },
    );
    for (const odd of [undefined, null, 42, {}, [], Symbol('x')]) expect(decodeFragment(odd as unknown as string).kind).toBe('error');
  });

  it('refuses links over MAX_LINK_CHARS before decoding', () => {
    const huge = `s1.${'A'.repeat(MAX_LINK_CHARS)}`;
    expect(expectError(decodeFragment(huge))).toEqual({
      kind: 'error',
      reason: 'too-long',
      message: 'This link is too long to open: 200,003 characters, and Tensorscope links are at most 200,000.',
    });
    expect(expectError(decodeFragment(`#${'x'.repeat(MAX_LINK_CHARS + 1)}`)).reason).toBe('too-long');
    // At the limit it is decoded (and here found damaged), not refused for length.
    expect(expectError(decodeFragment(`#s1.${'A'.repeat(MAX_LINK_CHARS - 3)}`)).reason).toBe('damaged');
  });

  it('says a link from a newer version is from a newer version', () => {
    const body = encodeSpecLink(specFromPreset('cnn'), 'model').slice(3);
    expect(expectError(decodeFragment(`#s2.${body}`))).toEqual({
      kind: 'error',
      reason: 'newer-version',
      message: 'This link was made by a newer version of Tensorscope (link format s2); this version reads s1.',
    });
    expect(expectError(decodeFragment(`d12.${body}`)).message).toBe('This link was made by a newer version of Tensorscope (link format d12); this version reads d1.');
    expect(expectError(decodeFragment(`x1.${body}`)).message).toBe('This link was made by a newer version of Tensorscope (link format x1); this version reads s1, d1 and m1.');
    expect(expectError(decodeFragment(`s0.${body}`)).reason).toBe('not-a-link');
    expect(expectError(decodeFragment('about')).message).toBe('This is not a Tensorscope link: the part after # should start with s1., d1. or m1.');
    expect(expectError(decodeFragment('<img src=x onerror=alert(1)>.abc')).reason).toBe('not-a-link');
  });

  it('refuses decompression bombs without inflating them', () => {
    // 100 MiB of zeros deflate to ~100 KB: under the length limit, far over the inflation caps.
    const bomb = packLinkBody(new Uint8Array(100 * 1_048_576));
    expect(bomb.length).toBeLessThan(MAX_LINK_CHARS - 3);
    const t0 = performance.now();
    const spec = expectError(decodeFragment(`s1.${bomb}`));
    const demo = expectError(decodeFragment(`d1.${bomb}`));
    const elapsed = performance.now() - t0;
    // Inflating the whole bomb (what an uncapped reader would do) takes several times longer than refusing it twice.
    const t1 = performance.now();
    expect(inflateSync(decodeBase64Url(bomb)!.subarray(4)).length).toBe(100 * 1_048_576);
    const full = performance.now() - t1;
    expect(elapsed).toBeLessThan(full);
    expect(spec.reason).toBe('too-big');
    expect(spec.message).toBe('This link unpacks to more than 1 MB, more than any Tensorscope spec; it was refused.');
    expect(demo.reason).toBe('too-big');
    expect(demo.message).toMatch(/more than 8 MB/);
  });

  it('caps inflation at exactly the limit', () => {
    const atCap = packLinkBody(new Uint8Array(MAX_SPEC_LINK_BYTES));
    const overCap = packLinkBody(new Uint8Array(MAX_SPEC_LINK_BYTES + 1));
    expect(unpackLinkBody(atCap, MAX_SPEC_LINK_BYTES)).toMatchObject({ ok: true });
    expect(unpackLinkBody(overCap, MAX_SPEC_LINK_BYTES)).toEqual({ ok: false, reason: 'too-big' });
    expect(unpackLinkBody(packLinkBody(new Uint8Array(MAX_DEMO_LINK_BYTES + 1)), MAX_DEMO_LINK_BYTES)).toEqual({ ok: false, reason: 'too-big' });
  });

  it('checks the CRC-32 of the payload', () => {
    expect(crc32(utf8('123456789'))).toBe(0xcbf43926); // the standard check value
    expect(crc32(new Uint8Array(0))).toBe(0);
    const payload = utf8('{"spec":1}');
    const bytes = new Uint8Array([0, 0, 0, 0, ...deflateSync(payload)]);
    expect(unpackLinkBody(encodeBase64Url(bytes), 1000)).toEqual({ ok: false, reason: 'damaged' });
    new DataView(bytes.buffer).setUint32(0, crc32(payload), true);
    expect(unpackLinkBody(encodeBase64Url(bytes), 1000)).toEqual({ ok: true, payload });
  });
});

describe('model URL links', () => {
  it('round-trip http and https addresses and report the origin', () => {
    const link = encodeModelUrlLink('https://example.com/models/mnist/model.json?v=2#x');
    expect(link).toMatch(/^m1\.[A-Za-z0-9_-]+$/);
    expect(decodeFragment(`#${link}`)).toEqual({ kind: 'model', url: 'https://example.com/models/mnist/model.json?v=2#x', origin: 'https://example.com' });
    expect(decodeFragment(encodeModelUrlLink('http://localhost:8080/m.json'))).toEqual({ kind: 'model', url: 'http://localhost:8080/m.json', origin: 'http://localhost:8080' });
    // Internationalised hosts show as punycode in the origin: no look-alike letters in the prompt.
    expect(decodeFragment(encodeModelUrlLink('https://exаmple.com/m.json'))).toMatchObject({ origin: 'https://xn--exmple-4nf.com' });
  });

  const m1 = (url: string) => `m1.${encodeBase64Url(utf8(url))}`;

  it('refuse every other scheme, credentials, relative and overlong addresses', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(document.cookie)',
      'data:text/html,<script>alert(1)</script>',
      'blob:https://example.com/1234',
      'file:///etc/passwd',
      'ftp://example.com/model.json',
      'https://user:secret@example.com/model.json',
      'https://example.com@evil.example/model.json',
      '/model.json',
      'model.json',
      ' https://example.com/m.json',
      'https://example.com/a b',
      'java\tscript:alert(1)',
      '',
      `https://example.com/${'a'.repeat(MAX_MODEL_URL_CHARS)}`,
    ]) {
      const r = decodeFragment(m1(url));
      expect(r.kind, url).toBe('error');
      expect(expectError(r).message).not.toMatch(/[<>]/);
      expect(() => encodeModelUrlLink(url)).toThrow(TensorscopeError);
    }
    expect(expectError(decodeFragment(m1('javascript:alert(1)')))).toEqual({
      kind: 'error',
      reason: 'unsafe-url',
      message: 'This model link is refused: only http: and https: addresses can be loaded (this one is javascript:).',
    });
    expect(expectError(decodeFragment('m1.' + 'A'.repeat(20_000))).reason).toBe('unsafe-url');
    expect(expectError(decodeFragment('m1.!!')).reason).toBe('damaged');
  });
});

// ---------------------------------------------------------------------------------------------------------------

function randomWeights(shapes: [string, number[]][], seed = 1): DemoWeight[] {
  const next = createRng(seed);
  const rand = () => next() * 2 - 1;
  return shapes.map(([name, shape]) => ({ name, shape, values: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rand() * 0.3) }));
}

function demoPayload(overrides: Partial<DemoPayload> = {}): DemoPayload {
  return {
    spec: specFromPreset('mlp-small', TABULAR),
    inputShape: [4],
    classNames: ['setosa', 'versicolor', 'virginica'],
    normalization: { kind: 'standardize', mean: [5.8, 3.05, 3.76, 1.2], std: [0.83, 0.43, 1.76, 0.76] },
    accuracy: 0.9666,
    weights: randomWeights([
      ['dense_1/kernel', [4, 16]],
      ['dense_1/bias', [16]],
      ['dense_2/kernel', [16, 16]],
      ['dense_2/bias', [16]],
      ['dense_3/kernel', [16, 3]],
      ['dense_3/bias', [3]],
    ]),
    ...overrides,
  };
}

function expectDemo(result: LinkDecodeResult): DemoPayload {
  if (result.kind !== 'demo') throw new Error(`expected a demo, got ${JSON.stringify(result)}`);
  return result.payload;
}

/** A d1 link from a hand-made header and code bytes, bypassing encodeDemoLink's checks. */
function rawDemoLink(header: unknown, codes: Uint8Array, magic = 'TSD1'): string {
  const h = utf8(JSON.stringify(header));
  const bin = new Uint8Array(8 + h.length + codes.length);
  bin.set(utf8(magic), 0);
  new DataView(bin.buffer).setUint32(4, h.length, true);
  bin.set(h, 8);
  bin.set(codes, 8 + h.length);
  return `d1.${packLinkBody(bin)}`;
}

function validHeader(): Record<string, unknown> {
  return {
    spec: specJson(specFromPreset('mlp-small', TABULAR)),
    inputShape: [4],
    classNames: null,
    normalization: { kind: 'none' },
    accuracy: null,
    weights: [
      { name: 'w', shape: [2, 3], min: -1, scale: 0.01 },
      { name: 'b', shape: [3], min: 0, scale: 0 },
    ],
  };
}

describe('demo links', () => {
  it('round-trip everything, weights within the uint8 error bound', () => {
    const payload = demoPayload();
    const link = encodeDemoLink(payload);
    expect(link).toMatch(/^d1\.[A-Za-z0-9_-]+$/);
    const back = expectDemo(decodeFragment(`#${link}`));
    expect(back.spec).toEqual(payload.spec);
    expect(back.inputShape).toEqual(payload.inputShape);
    expect(back.classNames).toEqual(payload.classNames);
    expect(back.normalization).toEqual(payload.normalization);
    expect(back.accuracy).toBe(payload.accuracy);
    expect(back.weights.map((w) => [w.name, w.shape])).toEqual(payload.weights.map((w) => [w.name, w.shape]));
    back.weights.forEach((w, i) => {
      const original = payload.weights[i].values;
      const { scale, min } = quantizeUint8(original);
      const bound = scale / 2 + (Math.abs(min) + 255 * scale) * 2 ** -23;
      expect(w.values).toBeInstanceOf(Float32Array);
      expect(w.values.length).toBe(original.length);
      for (let j = 0; j < original.length; j++) expect(Math.abs(w.values[j] - original[j])).toBeLessThanOrEqual(bound);
    });
  });

  it('decodeDemoLink reads demo links only', () => {
    const payload = demoPayload();
    const ok = decodeDemoLink(`#${encodeDemoLink(payload)}`);
    expect(ok.ok && ok.payload.classNames).toEqual(payload.classNames);
    expect(decodeDemoLink(encodeSpecLink(payload.spec, 'model'))).toEqual({ ok: false, message: 'This is not a demo link: it carries no trained model.' });
    expect(decodeDemoLink('d1.AAAA')).toEqual({ ok: false, message: expect.stringMatching(/damaged/) });
    expect(decodeDemoLink('')).toMatchObject({ ok: false });
  });

  it('round-trip arbitrary weights (property)', () => {
    const arbWeight = fc
      .tuple(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 0, maxLength: 3 }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true }))
      .chain(([shape, spread, centre]) => {
        const size = shape.reduce((a, b) => a * b, 1);
        return fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: size, maxLength: size }).map((xs) => ({ shape, values: Float32Array.from(xs, (x) => centre + x * spread) }));
      });
    fc.assert(
      fc.property(fc.array(arbWeight, { minLength: 0, maxLength: 6 }), fc.option(fc.double({ min: 0, max: 1, noNaN: true })), (ws, accuracy) => {
        const weights = ws.map((w, i) => ({ name: `layer_${i}/kernel`, ...w }));
        const back = expectDemo(decodeFragment(encodeDemoLink(demoPayload({ weights, accuracy }))));
        expect(back.accuracy).toBe(accuracy);
        back.weights.forEach((w, i) => {
          const q = quantizeUint8(weights[i].values);
          const bound = q.scale / 2 + (Math.abs(q.min) + 255 * q.scale) * 2 ** -23;
          expect(w.shape).toEqual(weights[i].shape);
          for (let j = 0; j < w.values.length; j++) expect(Math.abs(w.values[j] - weights[i].values[j])).toBeLessThanOrEqual(bound);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('carry a real trained-size model: predictions survive the trip', async () => {
    await tf.setBackend('cpu');
    const spec = specFromPreset('tfjs-convnet');
    const model = buildModel(spec, [28, 28, 1]);
    try {
      const weights = model.weights.map((w, i) => ({ name: w.name, shape: w.shape as number[], values: model.getWeights()[i].dataSync() as Float32Array }));
      const link = encodeDemoLink({ spec, inputShape: [28, 28, 1], classNames: null, normalization: { kind: 'scale01' }, accuracy: 0.98, weights });
      const back = expectDemo(decodeFragment(link));
      const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 3);
      const before = (model.predict(x) as tf.Tensor).arraySync() as number[][];
      model.setWeights(back.weights.map((w) => tf.tensor(w.values, w.shape)));
      const after = (model.predict(x) as tf.Tensor).arraySync() as number[][];
      for (let i = 0; i < 4; i++) for (let k = 0; k < 10; k++) expect(Math.abs(after[i][k] - before[i][k])).toBeLessThan(0.02);
    } finally {
      model.dispose();
    }
  });

  it('reports link sizes for the share dialog', () => {
    const spec = specFromPreset('keras-mlp');
    // 101,770 parameters, like the trained Keras MLP (random weights: the worst case for compression).
    const weights = randomWeights([
      ['dense/kernel', [784, 128]],
      ['dense/bias', [128]],
      ['dense_1/kernel', [128, 10]],
      ['dense_1/bias', [10]],
    ]);
    const report = linkSizeReport(spec, weights, { inputShape: [28, 28, 1] });
    expect(report.specChars).toBe(encodeSpecLink(spec, 'model').length);
    expect(report.specChars).toBeLessThan(1000);
    expect(report.demoChars).toBe(encodeDemoLink({ spec, weights, inputShape: [28, 28, 1], classNames: null, normalization: { kind: 'scale01' }, accuracy: null }).length);
    // Uniform random codes barely compress: ~4/3 characters per parameter.
    expect(report.demoChars!).toBeGreaterThan(101_770);
    expect(report.demoChars!).toBeLessThan(MAX_LINK_CHARS);
    expect(report.demoFits).toBe(true);
    const nan = linkSizeReport(spec, [{ name: 'x', shape: [1], values: Float32Array.of(NaN) }]);
    expect(nan).toEqual({ specChars: report.specChars, demoChars: null, demoFits: false });
  });

  it('refuse to encode what the reader would refuse', () => {
    const throwsLink = (p: DemoPayload, pattern: RegExp) => {
      let caught: unknown;
      try {
        encodeDemoLink(p);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(TensorscopeError);
      expect((caught as TensorscopeError).message).toMatch(pattern);
      return caught as TensorscopeError;
    };
    expect(throwsLink(demoPayload({ weights: [{ name: 'k', shape: [2, 2], values: new Float32Array(3) }] }), /has 3 values but its shape \[2, 2\] needs 4/).code).toBe('invalid-link');
    throwsLink(demoPayload({ weights: [{ name: 'k', shape: [1], values: Float32Array.of(Infinity) }] }), /Cannot make a demo link: the model's weights are not finite numbers \(training diverged\): retrain with a lower learning rate \(weight "k" holds Infinity\)/);
    throwsLink(demoPayload({ weights: [{ name: '', shape: [1], values: new Float32Array(1) }] }), /weights\[0\]\.name must not be empty/);
    throwsLink(demoPayload({ weights: [{ name: 'a', shape: [1], values: new Float32Array(1) }, { name: 'a', shape: [1], values: new Float32Array(1) }] }), /repeats the name/);
    throwsLink(demoPayload({ normalization: { kind: 'standardize', mean: [0, 1], std: [1] } }), /normalization has 2 mean values but 1 std values/);
    throwsLink(demoPayload({ inputShape: [0] }), /inputShape\[0\] must be a positive whole number/);
    throwsLink(demoPayload({ normalization: { kind: 'standardize', mean: [NaN] } }), /normalization\.mean\[0\] must be a finite number/);
    throwsLink(demoPayload({ accuracy: NaN }), /accuracy must be a finite number/);
    const badSpec = { ...specFromPreset('cnn'), seed: 0.5 };
    expect(throwsLink(demoPayload({ spec: badSpec }), /seed must be a whole number/).code).toBe('invalid-spec');
    // Too long for a link: 300,000 random codes.
    const big = throwsLink(demoPayload({ weights: randomWeights([['k', [300, 1000]]]) }), /too large for a link/);
    expect(big.message).toMatch(/Export the model instead/);
  });

  it('refuse malformed headers and data with a plain message', () => {
    const codes = (n: number) => new Uint8Array(n).fill(7);
    const refused = (link: string) => expectError(decodeFragment(link));
    expect(expectDemo(decodeFragment(rawDemoLink(validHeader(), codes(9)))).weights[1].values).toEqual(new Float32Array(3).fill(0));

    const cases: [string, (h: Record<string, unknown>) => void, number, RegExp][] = [
      ['too few codes', () => {}, 8, /weights describe 9 values but the link holds 8/],
      ['too many codes', () => {}, 10, /weights describe 9 values but the link holds 10/],
      ['zero dimension', (h) => ((h.weights as { shape: number[] }[])[0].shape = [0, 3]), 3, /weights\[0\]\.shape\[0\] must be a positive whole number/],
      ['fractional dimension', (h) => ((h.weights as { shape: number[] }[])[0].shape = [1.5, 2]), 3, /must be a positive whole number/],
      ['string dimension', (h) => ((h.weights as { shape: unknown[] }[])[0].shape = ['2', 3]), 6, /must be a positive whole number/],
      ['too many params', (h) => ((h.weights as { shape: number[] }[])[0].shape = [MAX_DEMO_PARAMS, 2]), 0, /describes more than 5,000,000 values/],
      ['too many in all', (h) => (h.weights = Array.from({ length: 3 }, (_, i) => ({ name: `w${i}`, shape: [2_000_000], min: 0, scale: 1 }))), 0, /hold more than 5,000,000 values in all/],
      ['long name', (h) => ((h.weights as { name: string }[])[0].name = 'n'.repeat(201)), 9, /name must be at most 200 characters/],
      ['numeric name', (h) => ((h.weights as { name: unknown }[])[0].name = 5), 9, /name must be text/],
      ['negative scale', (h) => ((h.weights as { scale: number }[])[0].scale = -1), 9, /scale must not be negative/],
      ['missing min', (h) => delete (h.weights as { min?: number }[])[0].min, 9, /weights\[0\]\.min is missing/],
      ['extra field', (h) => ((h.weights as Record<string, unknown>[])[0].dtype = 'int8'), 9, /has an unknown field "dtype"/],
      ['unknown header field', (h) => (h.script = 'x'), 9, /the header has an unknown field "script"/],
      ['odd field name', (h) => (h['<b>visit evil.example</b>'] = 'x'), 9, /the header has an unknown field\.$/],
      ['bad kind', (h) => (h.normalization = { kind: 'zscore' }), 9, /normalization\.kind must be one of: scale01, standardize, none/],
      ['class names', (h) => (h.classNames = [1, 2]), 9, /classNames\[0\] must be text/],
      ['input rank', (h) => (h.inputShape = [1, 1, 1, 1, 1]), 9, /inputShape must be a list of 1 to 4 positive whole numbers/],
      ['weights not a list', (h) => (h.weights = {}), 0, /weights must be a list/],
    ];
    for (const [label, edit, n, pattern] of cases) {
      const h = validHeader();
      edit(h);
      const e = refused(rawDemoLink(h, codes(n)));
      expect(e.reason, label).toBe('invalid-demo');
      expect(e.message, label).toMatch(/^The link's trained model is invalid: /);
      expect(e.message, label).toMatch(pattern);
    }

    // Issues quoting a link's own keys lose control and bidi-override characters.
    const tricky = validHeader();
    (tricky.spec as Record<string, unknown>)['a\u202ebc\u0007'] = 1;
    const trickyMessage = refused(rawDemoLink(tricky, codes(9))).message;
    expect(trickyMessage).not.toMatch(/[\u202e\u0007]/);
    expect(trickyMessage).toBe('The link\'s spec is invalid: ["abc\\u0007"] unknown field');

    const badSpec = validHeader();
    (badSpec.spec as Record<string, unknown>).version = 2;
    expect(refused(rawDemoLink(badSpec, codes(9)))).toMatchObject({ reason: 'invalid-spec', message: expect.stringMatching(/newer Tensorscope \(version 2\)/) });
    expect(refused(rawDemoLink(validHeader(), codes(9), 'TSD2')).message).toMatch(/does not start with the demo marker/);
    const tiny = new Uint8Array([84, 83, 68, 49, 255, 255, 255, 255]);
    expect(refused(`d1.${packLinkBody(tiny)}`).message).toMatch(/header has an impossible length/);
  });

  it('characters appended after a valid body are refused as damaged, not ignored (demo links)', () => {
    const link = encodeDemoLink(demoPayload({ weights: randomWeights([['k', [8, 8]], ['b', [8]]]) }));
    expectDemo(decodeFragment(link));
    for (const extra of ['AAAA', 'AA', 'AAA', 'Zm9v', 'A'.repeat(40)]) {
      const r = expectError(decodeFragment(`#${link}${extra}`));
      expect(r.reason).toBe('damaged');
      expect(decodeDemoLink(`#${link}${extra}`)).toEqual({ ok: false, message: expect.stringMatching(/damaged or incomplete/) });
    }
  });

  it('a damaged demo link is an error or the identical demo (property)', () => {
    const payload = demoPayload({ weights: randomWeights([['k', [8, 8]], ['b', [8]]]) });
    const link = encodeDemoLink(payload);
    const expected = expectDemo(decodeFragment(link));
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 63 }), fc.boolean(), (pos, shift, truncate) => {
        const i = 3 + (pos % (link.length - 3));
        const damaged = truncate ? link.slice(0, i) : link.slice(0, i) + ALPHABET[(ALPHABET.indexOf(link[i]) + shift) % 64] + link.slice(i + 1);
        const r = decodeFragment(damaged);
        if (r.kind === 'demo') expect(r.payload).toEqual(expected);
        else expect(r.kind).toBe('error');
      }),
      { numRuns: 300 },
    );
  });
});
