/** Seeded pseudo-random numbers (mulberry32): small, fast and identical on every platform, so a seed reproduces a run. */
export type Rng = () => number;

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place, driven by the given rng. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(arr: T, rng: Rng): T {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = arr[i];
    arr[i] = arr[j];
    arr[j] = tmp;
  }
  return arr;
}

/** 0..n-1 as Int32Array, shuffled with the seed. */
export function seededPermutation(n: number, seed: number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return shuffleInPlace(idx, createRng(seed));
}

/** Derives an independent seed for a sub-stream (e.g. epoch k's shuffle) from a base seed. */
export function deriveSeed(base: number, stream: number): number {
  return createRng((base ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0)() * 4294967296 >>> 0;
}
