/**
 * Small 2-D toy datasets (TensorFlow Playground style) and a 1-D heteroscedastic regression set.
 *
 * Pure: no DOM, no tfjs. Every random number comes from the seeded mulberry32 stream, and the
 * transcendental functions are computed here from +, −, ×, ÷ only (see the portable math below),
 * so one seed gives byte-identical arrays in every browser and in Node.
 */
import { TensorscopeError } from '../core/errors';
import { createRng, type Rng } from '../core/rng';

export type SyntheticId = 'spiral' | 'circles' | 'xor' | 'blobs' | 'sine';

export interface SyntheticOptions {
  count: number;
  noise: number;
  seed: number;
  /** Number of classes; only spiral (2–5) and blobs (2–8) vary it. Circles and xor are fixed at 2; sine has none. */
  classes?: number;
}

export interface SyntheticInfo {
  id: SyntheticId;
  label: string;
  description: string;
  task: 'classification' | 'regression';
  defaults: SyntheticOptions;
}

export interface SyntheticData {
  /** count × inputDim features, row-major */
  features: Float32Array;
  /** 2 for the classification sets, 1 for sine */
  inputDim: number;
  task: 'classification' | 'regression';
  /** classification */
  labels: Uint8Array | null;
  /** regression */
  targets: Float32Array | null;
  /** 0 for regression */
  numClasses: number;
  /** e.g. ['class 0','class 1']; [] for regression */
  classNames: string[];
  /** ['x1','x2'] or ['x'] */
  featureNames: string[];
  /** 'class' or 'y' */
  targetName: string;
  /** regression only: the true noise standard deviation at each example (for checking prediction intervals later) */
  noiseStd: Float32Array | null;
}

/** Limits enforced by makeSynthetic, exported so a UI can bound its inputs with the same numbers. */
export const SYNTHETIC_LIMITS = Object.freeze({ minCount: 10, maxCount: 200_000, minNoise: 0, maxNoise: 2 });

/** Allowed `classes` per set; null where the set has no classes (regression). */
export const SYNTHETIC_CLASS_RANGE: Readonly<Record<SyntheticId, Readonly<{ min: number; max: number }> | null>> =
  Object.freeze({
    spiral: Object.freeze({ min: 2, max: 5 }),
    circles: Object.freeze({ min: 2, max: 2 }),
    xor: Object.freeze({ min: 2, max: 2 }),
    blobs: Object.freeze({ min: 2, max: 8 }),
    sine: null,
  });

function info(
  id: SyntheticId,
  label: string,
  description: string,
  task: SyntheticInfo['task'],
  defaults: SyntheticOptions,
): SyntheticInfo {
  // Frozen so a caller cannot change the shared defaults by editing a form bound to them.
  return Object.freeze({ id, label, description, task, defaults: Object.freeze(defaults) });
}

export const SYNTHETIC_DATASETS: readonly SyntheticInfo[] = Object.freeze([
  info('spiral', 'Spiral', 'Interleaved spiral arms, one per class; noise blurs each arm toward its neighbours.', 'classification', {
    count: 1000,
    noise: 0.15,
    seed: 1,
    classes: 2,
  }),
  info('circles', 'Circles', 'An inner disc (class 0) inside an outer ring (class 1); noise jitters the radii.', 'classification', {
    count: 1000,
    noise: 0.15,
    seed: 1,
    classes: 2,
  }),
  info('xor', 'XOR', 'Class 1 where x1 and x2 share a sign, class 0 where they differ; noise pushes points across the axes.', 'classification', {
    count: 1000,
    noise: 0.1,
    seed: 1,
    classes: 2,
  }),
  info('blobs', 'Blobs', 'Gaussian clusters around seeded centres, one per class; noise widens them.', 'classification', {
    count: 1000,
    noise: 0.4,
    seed: 1,
    classes: 3,
  }),
  info('sine', 'Noisy sine', 'y = sin(x) on [−3, 3] with noise that grows from left to right, for judging prediction intervals.', 'regression', {
    count: 600,
    noise: 0.5,
    seed: 1,
  }),
]);

export function makeSynthetic(id: SyntheticId, opts: SyntheticOptions): SyntheticData {
  const classes = validate(id, opts);
  const rng = createRng(opts.seed);
  switch (id) {
    case 'spiral':
      return makeSpiral(opts.count, opts.noise, classes, rng);
    case 'circles':
      return makeCircles(opts.count, opts.noise, rng);
    case 'xor':
      return makeXor(opts.count, opts.noise, rng);
    case 'blobs':
      return makeBlobs(opts.count, opts.noise, classes, rng);
    case 'sine':
      return makeSine(opts.count, opts.noise, rng);
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

/** Checks the options and returns the class count to use (0 for regression). */
function validate(id: SyntheticId, opts: SyntheticOptions): number {
  const infoFor = SYNTHETIC_DATASETS.find((d) => d.id === id);
  // Guards callers outside the type system (persisted state, URL params).
  if (!infoFor) throw new TensorscopeError('invalid-spec', `There is no synthetic dataset called "${String(id)}".`);
  const { minCount, maxCount, maxNoise } = SYNTHETIC_LIMITS;
  if (!Number.isInteger(opts.count) || opts.count < minCount || opts.count > maxCount) {
    throw new TensorscopeError(
      'invalid-spec',
      `The number of examples must be a whole number from ${minCount} to ${maxCount.toLocaleString('en-US')} (got ${opts.count}).`,
    );
  }
  if (!Number.isFinite(opts.noise) || opts.noise < 0 || opts.noise > maxNoise) {
    throw new TensorscopeError('invalid-spec', `Noise must be between 0 and ${maxNoise} (got ${opts.noise}).`);
  }
  // Fractional seeds would silently collide after the rng truncates them to 32 bits.
  if (!Number.isInteger(opts.seed)) {
    throw new TensorscopeError('invalid-spec', `The seed must be a whole number (got ${opts.seed}).`);
  }
  const range = SYNTHETIC_CLASS_RANGE[id];
  if (range === null) {
    if (opts.classes !== undefined) {
      throw new TensorscopeError('invalid-spec', `${infoFor.label} is a regression dataset, so it has no classes to set.`);
    }
    return 0;
  }
  const classes = opts.classes ?? infoFor.defaults.classes ?? range.min;
  if (!Number.isInteger(classes) || classes < range.min || classes > range.max) {
    throw new TensorscopeError(
      'invalid-spec',
      range.min === range.max
        ? `${infoFor.label} always has ${range.min} classes (got ${classes}).`
        : `${infoFor.label} needs ${range.min} to ${range.max} classes (got ${classes}).`,
    );
  }
  return classes;
}

// ---------------------------------------------------------------------------------------------
// Generators. Labels are assigned round-robin (i mod classes), so every set is balanced within ±1
// and classes are interleaved rather than in blocks, without spending random numbers on a shuffle.

function classificationResult(features: Float32Array, labels: Uint8Array, numClasses: number): SyntheticData {
  return {
    features,
    inputDim: 2,
    task: 'classification',
    labels,
    targets: null,
    numClasses,
    classNames: Array.from({ length: numClasses }, (_, k) => `class ${k}`),
    featureNames: ['x1', 'x2'],
    targetName: 'class',
    noiseStd: null,
  };
}

/** Full turns each spiral arm makes from the centre to radius 1 (TensorFlow Playground uses 1.75). */
const SPIRAL_TURNS = 1.75;

function makeSpiral(count: number, noise: number, classes: number, rng: Rng): SyntheticData {
  const gauss = createGaussian(rng);
  // Noise is measured in radial gaps between neighbouring arms, so a given noise level is
  // about equally hard whatever the number of arms.
  const sigma = noise / (SPIRAL_TURNS * classes);
  const features = new Float32Array(count * 2);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const k = i % classes;
    const t = rng(); // position along the arm; radius grows linearly from 0 to 1
    const angle = TWO_PI * (SPIRAL_TURNS * t + k / classes);
    features[2 * i] = t * portableCos(angle) + sigma * gauss();
    features[2 * i + 1] = t * portableSin(angle) + sigma * gauss();
    labels[i] = k;
  }
  return classificationResult(features, labels, classes);
}

const CIRCLE_INNER_MAX = 0.5;
const CIRCLE_OUTER_MIN = 0.7;
const CIRCLE_OUTER_MAX = 1.0;

function makeCircles(count: number, noise: number, rng: Rng): SyntheticData {
  const gauss = createGaussian(rng);
  // Radius jitter in units of the empty gap between disc and ring: noise 1 closes it.
  const sigma = noise * (CIRCLE_OUTER_MIN - CIRCLE_INNER_MAX);
  const features = new Float32Array(count * 2);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const k = i % 2;
    const lo = k === 0 ? 0 : CIRCLE_OUTER_MIN;
    const hi = k === 0 ? CIRCLE_INNER_MAX : CIRCLE_OUTER_MAX;
    // sqrt makes points uniform over the area, not bunched at the centre.
    const r = Math.sqrt(lo * lo + rng() * (hi * hi - lo * lo)) + sigma * gauss();
    const angle = TWO_PI * rng();
    features[2 * i] = r * portableCos(angle);
    features[2 * i + 1] = r * portableSin(angle);
    labels[i] = k;
  }
  return classificationResult(features, labels, 2);
}

/** Empty band either side of each axis, so the noise-free classes are cleanly separated. */
const XOR_MARGIN = 0.05;

function makeXor(count: number, noise: number, rng: Rng): SyntheticData {
  const gauss = createGaussian(rng);
  const sigma = noise * 0.5;
  const features = new Float32Array(count * 2);
  const labels = new Uint8Array(count);
  // |coordinate| uniform in [margin, 1]: the square minus a cross around the axes.
  const mag = () => XOR_MARGIN + (1 - XOR_MARGIN) * rng();
  for (let i = 0; i < count; i++) {
    // Picking the label first and then one of its two quadrants keeps the classes balanced
    // while each point is still uniform over its class's region.
    const k = i % 2;
    const s1 = rng() < 0.5 ? -1 : 1;
    const s2 = k === 1 ? s1 : -s1; // class 1 ⇔ sign(x1)·sign(x2) > 0
    // Labels come from the clean point; jitter then carries some points across an axis,
    // which is how noise "flips" labels near the boundary.
    features[2 * i] = s1 * mag() + sigma * gauss();
    features[2 * i + 1] = s2 * mag() + sigma * gauss();
    labels[i] = k;
  }
  return classificationResult(features, labels, 2);
}

const BLOB_CENTRE_EXTENT = 0.7;
const BLOB_STD_PER_NOISE = 0.25;

function makeBlobs(count: number, noise: number, classes: number, rng: Rng): SyntheticData {
  const gauss = createGaussian(rng);
  const centres = blobCentres(classes, rng);
  const sigma = noise * BLOB_STD_PER_NOISE;
  const features = new Float32Array(count * 2);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const k = i % classes;
    features[2 * i] = centres[2 * k] + sigma * gauss();
    features[2 * i + 1] = centres[2 * k + 1] + sigma * gauss();
    labels[i] = k;
  }
  return classificationResult(features, labels, classes);
}

/**
 * Random centres in [−0.7, 0.7]² kept apart from each other, so two classes never sit on top of
 * one another at low noise. Rejection sampling; if a spot is hard to find, the required spacing
 * relaxes a little, so it always finishes (and, driven by the rng, always the same way).
 */
function blobCentres(classes: number, rng: Rng): Float64Array {
  const centres = new Float64Array(classes * 2);
  let minDist = (1.2 * BLOB_CENTRE_EXTENT) / Math.sqrt(classes);
  let placed = 0;
  let attempts = 0;
  while (placed < classes) {
    const x = BLOB_CENTRE_EXTENT * (2 * rng() - 1);
    const y = BLOB_CENTRE_EXTENT * (2 * rng() - 1);
    let ok = true;
    for (let j = 0; j < placed && ok; j++) {
      const dx = x - centres[2 * j];
      const dy = y - centres[2 * j + 1];
      ok = dx * dx + dy * dy >= minDist * minDist;
    }
    if (ok) {
      centres[2 * placed] = x;
      centres[2 * placed + 1] = y;
      placed++;
      attempts = 0;
    } else if (++attempts >= 200) {
      minDist *= 0.9;
      attempts = 0;
    }
  }
  return centres;
}

const SINE_X_MIN = -3;
const SINE_X_MAX = 3;

/** The true noise standard deviation of the sine set at x: grows linearly from 0.05·noise at x = −3 to 0.5·noise at x = 3. */
export function sineNoiseStd(x: number, noise: number): number {
  return noise * (0.05 + (0.45 * (x - SINE_X_MIN)) / (SINE_X_MAX - SINE_X_MIN));
}

function makeSine(count: number, noise: number, rng: Rng): SyntheticData {
  const gauss = createGaussian(rng);
  const features = new Float32Array(count);
  const targets = new Float32Array(count);
  const noiseStd = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    // Round x to float32 first so the target is a function of the input exactly as stored.
    const x = Math.fround(SINE_X_MIN + (SINE_X_MAX - SINE_X_MIN) * rng());
    const sd = sineNoiseStd(x, noise);
    features[i] = x;
    targets[i] = portableSin(x) + sd * gauss();
    noiseStd[i] = sd;
  }
  return {
    features,
    inputDim: 1,
    task: 'regression',
    labels: null,
    targets,
    numClasses: 0,
    classNames: [],
    featureNames: ['x'],
    targetName: 'y',
    noiseStd,
  };
}

// ---------------------------------------------------------------------------------------------
// Gaussian noise

/**
 * Standard normal draws by Box–Muller on the seeded rng. Each pair of uniforms yields two
 * normals; the second is kept for the next call so no randomness is wasted.
 */
function createGaussian(rng: Rng): () => number {
  let spare = 0;
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    const u1 = 1 - rng(); // (0, 1]: log(0) would be −∞
    const u2 = rng();
    const r = Math.sqrt(-2 * portableLog(u1));
    const theta = TWO_PI * u2;
    spare = r * portableSin(theta);
    hasSpare = true;
    return r * portableCos(theta);
  };
}

// ---------------------------------------------------------------------------------------------
// Portable math. ECMAScript lets engines approximate Math.sin/cos/log differently (V8, SpiderMonkey
// and JavaScriptCore can disagree in the last bit), while +, −, ×, ÷ and sqrt are exactly rounded
// IEEE-754 everywhere. Building sin/cos/log from those alone keeps seeded datasets byte-identical
// across browsers. Accuracy is within a few ulps, far below float32 resolution.

const TWO_PI = 2 * Math.PI;
// π/2 split so k·PIO2_HI is exact for |k| < 2^20 (fdlibm's pio2_1 / pio2_1t): accurate reduction.
const PIO2_HI = 1.5707963267341256;
const PIO2_LO = 6.077100506506192e-11;
const INV_PIO2 = 2 / Math.PI;

// Taylor coefficients, computed at load time with exactly rounded division.
const SIN_COEF = [3, 5, 7, 9, 11, 13, 15, 17].map((n) => {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return ((n - 1) / 2) % 2 === 1 ? -1 / f : 1 / f;
});
const COS_COEF = [2, 4, 6, 8, 10, 12, 14, 16, 18].map((n) => {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return (n / 2) % 2 === 1 ? -1 / f : 1 / f;
});

/** sin on |r| ≤ π/4 (+ a hair): series error below 1e-19. */
function sinKernel(r: number): number {
  const r2 = r * r;
  let p = 0;
  for (let i = SIN_COEF.length - 1; i >= 0; i--) p = p * r2 + SIN_COEF[i];
  return r + r * r2 * p;
}

function cosKernel(r: number): number {
  const r2 = r * r;
  let p = 0;
  for (let i = COS_COEF.length - 1; i >= 0; i--) p = p * r2 + COS_COEF[i];
  return 1 + r2 * p;
}

/** Reduces x to r in [−π/4, π/4] and a quadrant 0..3 with x = r + quadrant·π/2 (mod 2π). */
function reduce(x: number): { r: number; q: number } {
  const k = Math.round(x * INV_PIO2);
  const r = x - k * PIO2_HI - k * PIO2_LO;
  return { r, q: ((k % 4) + 4) % 4 };
}

/** Deterministic sin, accurate for |x| up to about 1e5 (all this module needs). Exported for tests. */
export function portableSin(x: number): number {
  const { r, q } = reduce(x);
  switch (q) {
    case 0:
      return sinKernel(r);
    case 1:
      return cosKernel(r);
    case 2:
      return -sinKernel(r);
    default:
      return -cosKernel(r);
  }
}

/** Deterministic cos, same range as portableSin. Exported for tests. */
export function portableCos(x: number): number {
  const { r, q } = reduce(x);
  switch (q) {
    case 0:
      return cosKernel(r);
    case 1:
      return -sinKernel(r);
    case 2:
      return -cosKernel(r);
    default:
      return sinKernel(r);
  }
}

/** Deterministic natural log for finite x > 0. Exported for tests. */
export function portableLog(x: number): number {
  if (x === 0) return -Infinity;
  if (!(x > 0)) return NaN;
  if (x === Infinity) return Infinity;
  // x = m · 2^e with m in [√½, √2]; scaling by 2 is exact, so this loop loses nothing.
  let m = x;
  let e = 0;
  while (m < Math.SQRT1_2) {
    m *= 2;
    e--;
  }
  while (m > Math.SQRT2) {
    m /= 2;
    e++;
  }
  // log m = 2·atanh(s), s = (m−1)/(m+1), |s| ≤ 0.172: the odd series converges fast.
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let p = 0;
  for (let n = 23; n >= 3; n -= 2) p = p * s2 + 1 / n;
  return e * Math.LN2 + 2 * (s + s * s2 * p);
}

/**
 * A synthetic dataset's id spells out everything that makes it, so a share link's dataset reference is
 * enough to make the identical data again: "synthetic-spiral?count=600&noise=0.2&seed=1&classes=3".
 */
export function syntheticDatasetId(id: SyntheticId, o: SyntheticOptions): string {
  return `synthetic-${id}?count=${o.count}&noise=${o.noise}&seed=${o.seed}${o.classes != null ? `&classes=${o.classes}` : ''}`;
}

/** The inverse of syntheticDatasetId; null for anything else (ids from links are untrusted text). */
export function parseSyntheticDatasetId(text: string): { id: SyntheticId; options: SyntheticOptions } | null {
  const m = /^synthetic-(spiral|circles|xor|blobs|sine)\?count=(\d{1,7})&noise=([0-9.]{1,12})&seed=(\d{1,10})(?:&classes=(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const options: SyntheticOptions = { count: Number(m[2]), noise: Number(m[3]), seed: Number(m[4]), ...(m[5] ? { classes: Number(m[5]) } : {}) };
  if (!Number.isFinite(options.noise)) return null;
  return { id: m[1] as SyntheticId, options };
}
