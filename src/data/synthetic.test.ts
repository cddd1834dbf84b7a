import { describe, expect, it } from 'vitest';
import { TensorscopeError } from '../core/errors';
import { fingerprintArrays } from './fingerprint';
import {
  makeSynthetic,
  portableCos,
  portableLog,
  portableSin,
  SYNTHETIC_DATASETS,
  type SyntheticData,
  type SyntheticId,
  type SyntheticOptions,
} from './synthetic';

const IDS: SyntheticId[] = ['spiral', 'circles', 'xor', 'blobs', 'sine'];

function defaultsFor(id: SyntheticId): SyntheticOptions {
  const info = SYNTHETIC_DATASETS.find((d) => d.id === id);
  if (!info) throw new Error(`no info for ${id}`);
  return { ...info.defaults };
}

function bytes(a: Float32Array | Uint8Array | null): Uint8Array {
  return a === null ? new Uint8Array(0) : new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function fingerprint(d: SyntheticData): string {
  return fingerprintArrays(bytes(d.features), bytes(d.labels), bytes(d.targets), bytes(d.noiseStd));
}

function counts(labels: Uint8Array, numClasses: number): number[] {
  const c = new Array<number>(numClasses).fill(0);
  for (const l of labels) c[l]++;
  return c;
}

function mean(xs: number[]): number {
  return xs.reduce((s, v) => s + v, 0) / xs.length;
}

function std(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, v) => s + (v - m) * (v - m), 0) / xs.length);
}

describe('SYNTHETIC_DATASETS', () => {
  it('lists every set once, with defaults that makeSynthetic accepts', () => {
    expect(SYNTHETIC_DATASETS.map((d) => d.id).sort()).toEqual([...IDS].sort());
    for (const info of SYNTHETIC_DATASETS) {
      expect(() => makeSynthetic(info.id, info.defaults)).not.toThrow();
      expect(info.task).toBe(info.id === 'sine' ? 'regression' : 'classification');
    }
    expect(defaultsFor('spiral')).toMatchObject({ count: 1000, seed: 1, classes: 2 });
    expect(defaultsFor('blobs').classes).toBe(3);
    expect(defaultsFor('sine').count).toBe(600);
  });
});

describe('makeSynthetic: reproducibility', () => {
  it.each(IDS)('%s: same seed gives byte-identical arrays, a different seed different ones', (id) => {
    const opts = defaultsFor(id);
    const a = makeSynthetic(id, opts);
    const b = makeSynthetic(id, opts);
    const c = makeSynthetic(id, { ...opts, seed: opts.seed + 1 });
    expect(bytes(a.features)).toEqual(bytes(b.features));
    expect(bytes(a.labels)).toEqual(bytes(b.labels));
    expect(bytes(a.targets)).toEqual(bytes(b.targets));
    expect(bytes(a.noiseStd)).toEqual(bytes(b.noiseStd));
    expect(bytes(a.features)).not.toEqual(bytes(c.features));
  });

  // Golden fingerprints: if these change, every saved seed now means a different dataset.
  // Update them only on purpose. They also catch a platform whose arithmetic differs.
  it('matches recorded fingerprints for the defaults', () => {
    const got = Object.fromEntries(IDS.map((id) => [id, fingerprint(makeSynthetic(id, defaultsFor(id)))]));
    expect(got).toEqual(GOLDEN);
  });
});

const GOLDEN: Record<SyntheticId, string> = {
  spiral: '61a4002f0c2c0ead',
  circles: '3bcb8d2c394c6958',
  xor: '8ebfa407c94d6524',
  blobs: '214bc5696a66a41a',
  sine: '0f3b0bcc96295683',
};

describe('makeSynthetic: shapes', () => {
  it.each(IDS)('%s: counts, shapes and metadata agree', (id) => {
    const count = 137;
    const d = makeSynthetic(id, { ...defaultsFor(id), count });
    expect(d.features.length).toBe(count * d.inputDim);
    expect(d.featureNames.length).toBe(d.inputDim);
    for (const v of d.features) expect(Number.isFinite(v)).toBe(true);
    if (id === 'sine') {
      expect(d.task).toBe('regression');
      expect(d.inputDim).toBe(1);
      expect(d.labels).toBeNull();
      expect(d.targets?.length).toBe(count);
      expect(d.noiseStd?.length).toBe(count);
      expect(d.numClasses).toBe(0);
      expect(d.classNames).toEqual([]);
      expect(d.featureNames).toEqual(['x']);
      expect(d.targetName).toBe('y');
    } else {
      expect(d.task).toBe('classification');
      expect(d.inputDim).toBe(2);
      expect(d.labels?.length).toBe(count);
      expect(d.targets).toBeNull();
      expect(d.noiseStd).toBeNull();
      expect(d.classNames).toEqual(Array.from({ length: d.numClasses }, (_, k) => `class ${k}`));
      expect(d.featureNames).toEqual(['x1', 'x2']);
      expect(d.targetName).toBe('class');
      // Roughly the Playground's [-1, 1] square at the default noise.
      for (const v of d.features) expect(Math.abs(v)).toBeLessThan(2);
    }
  });

  it('labels are in range and balanced within ±1 for spiral and blobs, at every class count', () => {
    for (const [id, lo, hi] of [
      ['spiral', 2, 5],
      ['blobs', 2, 8],
    ] as const) {
      for (let classes = lo; classes <= hi; classes++) {
        const d = makeSynthetic(id, { count: 1003, noise: 0.3, seed: 9, classes });
        expect(d.numClasses).toBe(classes);
        const labels = d.labels as Uint8Array;
        for (const l of labels) expect(l).toBeLessThan(classes);
        const c = counts(labels, classes);
        expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('makeSynthetic: geometry', () => {
  it('circles: the inner class has a smaller mean radius than the outer', () => {
    const d = makeSynthetic('circles', { count: 2000, noise: 0.3, seed: 3 });
    const radii: number[][] = [[], []];
    for (let i = 0; i < 2000; i++) {
      radii[(d.labels as Uint8Array)[i]].push(Math.hypot(d.features[2 * i], d.features[2 * i + 1]));
    }
    expect(mean(radii[0])).toBeLessThan(mean(radii[1]));
    // Noise-free, disc and ring do not touch.
    const clean = makeSynthetic('circles', { count: 2000, noise: 0, seed: 3 });
    for (let i = 0; i < 2000; i++) {
      const r = Math.hypot(clean.features[2 * i], clean.features[2 * i + 1]);
      if ((clean.labels as Uint8Array)[i] === 0) expect(r).toBeLessThanOrEqual(0.5 + 1e-6);
      else expect(r).toBeGreaterThanOrEqual(0.7 - 1e-6);
    }
  });

  it('xor: with no noise, labels follow sign(x1)·sign(x2) > 0 away from the axes', () => {
    const d = makeSynthetic('xor', { count: 3000, noise: 0, seed: 5 });
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const x1 = d.features[2 * i];
      const x2 = d.features[2 * i + 1];
      expect(Math.abs(x1)).toBeLessThanOrEqual(1);
      expect(Math.abs(x2)).toBeLessThanOrEqual(1);
      if (Math.abs(x1) < 0.05 || Math.abs(x2) < 0.05) continue;
      expect((d.labels as Uint8Array)[i]).toBe(Math.sign(x1) * Math.sign(x2) > 0 ? 1 : 0);
      checked++;
    }
    expect(checked).toBeGreaterThan(2900);
  });

  it('xor: noise carries some points across the axes', () => {
    const d = makeSynthetic('xor', { count: 3000, noise: 0.5, seed: 5 });
    let disagree = 0;
    for (let i = 0; i < 3000; i++) {
      const rule = Math.sign(d.features[2 * i]) * Math.sign(d.features[2 * i + 1]) > 0 ? 1 : 0;
      if ((d.labels as Uint8Array)[i] !== rule) disagree++;
    }
    expect(disagree).toBeGreaterThan(0);
    expect(disagree).toBeLessThan(1500);
  });

  it('blobs: points scatter around their centre with std close to 0.25 × noise', () => {
    const d = makeSynthetic('blobs', { count: 8000, noise: 0.4, seed: 2, classes: 2 });
    const xs: number[] = [];
    for (let i = 0; i < 8000; i += 2) xs.push(d.features[2 * i]); // class 0 only
    expect(std(xs)).toBeGreaterThan(0.09);
    expect(std(xs)).toBeLessThan(0.11);
  });

  it('sine: with no noise the targets are sin(x) and noiseStd is zero', () => {
    const d = makeSynthetic('sine', { count: 600, noise: 0, seed: 4 });
    const t = d.targets as Float32Array;
    for (let i = 0; i < 600; i++) {
      const x = d.features[i];
      expect(x).toBeGreaterThanOrEqual(-3);
      expect(x).toBeLessThanOrEqual(3);
      expect(Math.abs(t[i] - Math.sin(x))).toBeLessThan(1e-6);
      expect((d.noiseStd as Float32Array)[i]).toBe(0);
    }
  });

  it('sine: noise is heteroscedastic, growing from left to right as recorded in noiseStd', () => {
    const noise = 0.5;
    const d = makeSynthetic('sine', { count: 6000, noise, seed: 11 });
    const t = d.targets as Float32Array;
    const sd = d.noiseStd as Float32Array;
    const left: number[] = [];
    const right: number[] = [];
    for (let i = 0; i < 6000; i++) {
      const x = d.features[i];
      expect(sd[i]).toBeCloseTo(noise * (0.05 + (0.45 * (x + 3)) / 6), 6);
      const residual = t[i] - Math.sin(x);
      if (x < -1) left.push(residual);
      else if (x > 1) right.push(residual);
    }
    expect(std(right)).toBeGreaterThan(2 * std(left));
    // Standardised residuals should look like N(0, 1).
    const z: number[] = [];
    for (let i = 0; i < 6000; i++) z.push((t[i] - Math.sin(d.features[i])) / sd[i]);
    expect(Math.abs(mean(z))).toBeLessThan(0.05);
    expect(std(z)).toBeGreaterThan(0.95);
    expect(std(z)).toBeLessThan(1.05);
  });
});

describe('makeSynthetic: validation', () => {
  const bad: [SyntheticId, Partial<SyntheticOptions>][] = [
    ['spiral', { count: 9 }],
    ['spiral', { count: 200_001 }],
    ['spiral', { count: 100.5 }],
    ['spiral', { count: Number.NaN }],
    ['circles', { noise: -0.1 }],
    ['circles', { noise: 2.01 }],
    ['xor', { noise: Number.POSITIVE_INFINITY }],
    ['xor', { seed: 1.5 }],
    ['spiral', { classes: 1 }],
    ['spiral', { classes: 6 }],
    ['blobs', { classes: 9 }],
    ['blobs', { classes: 2.5 }],
    ['circles', { classes: 3 }],
    ['xor', { classes: 4 }],
    ['sine', { classes: 2 }],
  ];

  it.each(bad)('%s with %o throws a TensorscopeError', (id, patch) => {
    const run = () => makeSynthetic(id, { ...defaultsFor(id), ...patch });
    expect(run).toThrow(TensorscopeError);
    try {
      run();
    } catch (err) {
      expect((err as TensorscopeError).code).toBe('invalid-spec');
      expect((err as TensorscopeError).message.length).toBeGreaterThan(10);
    }
  });

  it('rejects an unknown dataset id', () => {
    expect(() => makeSynthetic('moons' as SyntheticId, { count: 100, noise: 0.1, seed: 1 })).toThrow(TensorscopeError);
  });

  it('accepts the edges of every range', () => {
    expect(() => makeSynthetic('spiral', { count: 10, noise: 0, seed: 0, classes: 5 })).not.toThrow();
    expect(() => makeSynthetic('blobs', { count: 200_000, noise: 2, seed: -7, classes: 8 })).not.toThrow();
    expect(() => makeSynthetic('circles', { count: 10, noise: 1, seed: 1, classes: 2 })).not.toThrow();
    expect(() => makeSynthetic('spiral', { count: 10, noise: 1, seed: 1 })).not.toThrow();
  });
});

describe('portable math', () => {
  it('agrees with Math.sin, Math.cos and Math.log to near double precision', () => {
    // Worst error over a grid, asserted once (an expect per point is slow).
    let worst = 0;
    for (let i = 0; i <= 20000; i++) {
      const x = -40 + (80 * i) / 20000;
      worst = Math.max(worst, Math.abs(portableSin(x) - Math.sin(x)), Math.abs(portableCos(x) - Math.cos(x)));
    }
    for (let i = 1; i <= 20000; i++) {
      const u = i / 20000;
      worst = Math.max(worst, Math.abs(portableLog(u) - Math.log(u)));
    }
    expect(worst).toBeLessThan(1e-14);
    for (const u of [2 ** -32, 1e-300, 3, 1e10]) {
      expect(Math.abs(portableLog(u) - Math.log(u)) / Math.abs(Math.log(u))).toBeLessThan(1e-15);
    }
    expect(portableLog(1)).toBe(0);
    expect(portableLog(0)).toBe(-Infinity);
    expect(portableLog(-1)).toBeNaN();
  });
});

describe('synthetic dataset ids', () => {
  it('round-trip every option, and refuse anything else', async () => {
    const { syntheticDatasetId, parseSyntheticDatasetId } = await import('./synthetic');
    const o = { count: 600, noise: 0.25, seed: 7, classes: 3 };
    expect(parseSyntheticDatasetId(syntheticDatasetId('spiral', o))).toEqual({ id: 'spiral', options: o });
    expect(parseSyntheticDatasetId(syntheticDatasetId('sine', { count: 100, noise: 0.1, seed: 1 }))).toEqual({ id: 'sine', options: { count: 100, noise: 0.1, seed: 1 } });
    for (const bad of ['synthetic-spiral', 'synthetic-evil?count=1&noise=0&seed=1', 'mnist-bundled', 'synthetic-xor?count=1e9&noise=0&seed=1', 'synthetic-xor?count=10&noise=0&seed=1&x=<b>']) {
      expect(parseSyntheticDatasetId(bad)).toBeNull();
    }
  });
});
