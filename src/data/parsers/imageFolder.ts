/**
 * A folder (or zip) of images sorted into one sub-folder per class → ImageArrays. Runs in a Web Worker; decoding
 * is injected (`browserDecoder` in the app, `pngDecoder` in Node tests).
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { TensorscopeError, describeError } from '../../core/errors';
import type { ImageArrays } from '../../core/types';
import { resizeToArray, sniffImageType, type ImageDecoder } from './imageDecode';

export interface ImageEntry {
  /** Relative path with '/' separators, e.g. "train/cat/001.png" or "cat/001.png". */
  path: string;
  bytes: Uint8Array;
}

export interface ImageFolderOptions {
  width: number;
  height: number;
  mode: 'grayscale' | 'rgb';
  /** Refuse more usable images than this (default 100,000), rather than silently dropping some classes. */
  maxImages?: number;
}

export interface ImageFolderResult extends ImageArrays {
  /** Folder names, index = label. */
  classNames: string[];
  /** Files that were not used, with a plain-words reason each. Junk (hidden files, __MACOSX, …) is not listed. */
  skipped: { path: string; reason: string }[];
  /**
   * Where the images under a "test" (or "testing") folder start — they come last — when there are some and some
   * outside it ("train/cat/1.png", "test/cat/2.png"): the dataset's own test set. Null otherwise.
   */
  testFrom: number | null;
}

/** A folder above the class folder that holds a dataset's test images (Kaggle's and torchvision's layouts). */
const TEST_FOLDER = /^(test|testing|test[_-]?set)$/i;

const DEFAULT_MAX_IMAGES = 100_000;
/** Labels are uint8. */
const MAX_CLASSES = 256;
const PROGRESS_EVERY = 50;
/** Largest pixel array built (1 GB): beyond this a browser tab fails to allocate it, or fails soon after. */
const MAX_OUTPUT_BYTES = 1_000_000_000;

/** Splits a path into non-empty segments; accepts Windows '\' separators and leading "./" or "/". */
function segmentsOf(path: string): string[] {
  return String(path)
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
}

/**
 * OS clutter that is never data: hidden files/folders (".DS_Store", "._photo.png" AppleDouble files, ".git"),
 * macOS zip resource forks ("__MACOSX/"), and Windows thumbnail/folder settings.
 */
export function isJunkPath(path: string): boolean {
  return segmentsOf(path).some((s) => s.startsWith('.') || s === '__MACOSX' || /^(thumbs\.db|desktop\.ini)$/i.test(s));
}

/** "2" < "10", case-insensitive first; a fixed locale so the label order is the same on every machine. */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Decodes, resizes and labels every image. The class of an image is its immediate parent folder's name (so
 * "train/cat/1.png" and "test/cat/2.png" are both "cat"); images at the top level are skipped, where the top level
 * is the root, or the single folder wrapping every file when one does and has sub-folders ("faces/loose.png" beside
 * "faces/cat/1.png" is top-level, so zipping a folder or picking it in the browser works either way). Image type is
 * sniffed from the bytes; only PNG and JPEG are used. Class names are sorted naturally and label = index.
 * Output order is by class, then by natural path order, so the same files always give the same arrays whatever
 * order the zip or file picker listed them in. Images that fail to decode are skipped, not fatal.
 */
export async function imagesFromEntries(
  entries: ImageEntry[],
  opts: ImageFolderOptions,
  decode: ImageDecoder,
  onProgress?: (done: number, total: number) => void,
): Promise<ImageFolderResult> {
  const { width, height, mode } = opts;
  const maxImages = opts.maxImages ?? DEFAULT_MAX_IMAGES;
  const channels = mode === 'grayscale' ? 1 : 3;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && width * height <= 4096 * 4096)) {
    throw new TensorscopeError('invalid-spec', `Cannot resize images to ${width} × ${height}; width and height must be positive whole numbers.`);
  }
  if (mode !== 'grayscale' && mode !== 'rgb') throw new TensorscopeError('invalid-spec', `Unknown colour mode ${String(mode)}.`);

  // 1. Classify without decoding: cheap, and lets size limits be checked before any pixels are allocated.
  const files = entries
    .map((entry) => ({ path: String(entry.path), bytes: entry.bytes }))
    .filter((f) => !isJunkPath(f.path))
    .map((f) => ({ ...f, segs: segmentsOf(f.path) }))
    .filter((f) => f.segs.length > 0);
  const root = wrapperFolder(files.map((f) => f.segs));
  const skipped: { path: string; reason: string }[] = [];
  const candidates: { path: string; cls: string; bytes: Uint8Array; test: boolean }[] = [];
  for (const { path, bytes, segs: allSegs } of files) {
    const segs = root === null ? allSegs : allSegs.slice(1);
    const kind = bytes instanceof Uint8Array ? sniffImageType(bytes) : null;
    if (kind !== 'png' && kind !== 'jpeg') {
      const reason =
        !(bytes instanceof Uint8Array) || bytes.length === 0 ? 'empty file'
        : kind ? `${kind.toUpperCase()} image; only PNG and JPEG are supported`
        : 'not a PNG or JPEG image';
      skipped.push({ path, reason });
      continue;
    }
    if (segs.length < 2) {
      skipped.push({ path, reason: 'not inside a class folder; put each image in a folder named after its class' });
      continue;
    }
    candidates.push({ path, cls: segs[segs.length - 2], bytes, test: segs.slice(0, -2).some((s) => TEST_FOLDER.test(s)) });
  }
  if (candidates.length === 0) {
    const topLevel = skipped.filter((s) => s.reason.startsWith('not inside')).length;
    const detail = topLevel > 0 ? ` (${plural(topLevel, 'image')} at the top level, outside any class folder)` : '';
    throw new TensorscopeError(
      'dataset-format',
      `No PNG or JPEG images found in sub-folders${detail}; put each class's images in a folder named after the class.`,
    );
  }
  if (candidates.length > maxImages) {
    throw new TensorscopeError(
      'dataset-format',
      `Found ${plural(candidates.length, 'image')}, more than the limit of ${maxImages.toLocaleString('en-US')}; use fewer images.`,
    );
  }
  const folderNames = [...new Set(candidates.map((c) => c.cls))].sort(naturalCompare);
  checkClassCount(folderNames);
  const folderIndex = new Map(folderNames.map((n, i) => [n, i]));
  // A test folder's images go last, so they can be the test set; only when there are images on both sides.
  const split = candidates.some((c) => c.test) && candidates.some((c) => !c.test);
  if (!split) for (const c of candidates) c.test = false;
  candidates.sort((a, b) => Number(a.test) - Number(b.test) || folderIndex.get(a.cls)! - folderIndex.get(b.cls)! || naturalCompare(a.path, b.path));

  // 2. Decode one at a time, so only one full-size image is alive at once.
  const pixelsPer = width * height * channels;
  if (candidates.length * pixelsPer > MAX_OUTPUT_BYTES) {
    throw new TensorscopeError(
      'dataset-format',
      `${plural(candidates.length, 'image')} at ${width} × ${height} × ${channels} would need ${formatBytes(candidates.length * pixelsPer)} of memory ` +
        `(at most ${formatBytes(MAX_OUTPUT_BYTES)}); use fewer images or a smaller size.`,
    );
  }
  const images = new Uint8Array(candidates.length * pixelsPer);
  const folderOf = new Int32Array(candidates.length);
  const total = candidates.length;
  let count = 0;
  let trainCount = 0;
  let firstFailure = '';
  onProgress?.(0, total);
  for (let i = 0; i < total; i++) {
    const c = candidates[i];
    try {
      const raw = await decode(c.bytes, c.path);
      images.set(resizeToArray(raw, { width, height }, mode), count * pixelsPer);
      folderOf[count++] = folderIndex.get(c.cls)!;
      if (!c.test) trainCount++;
    } catch (e) {
      const reason = describeError(e);
      firstFailure ||= reason;
      skipped.push({ path: c.path, reason });
    }
    if ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === total) onProgress?.(i + 1, total);
  }
  if (count === 0) {
    throw new TensorscopeError('dataset-format', `None of the ${plural(total, 'image')} could be decoded (first problem: ${firstFailure}).`);
  }

  // 3. Classes whose every image failed are dropped, so label indices stay dense.
  const usedFolders = [...new Set(folderOf.subarray(0, count))].sort((a, b) => a - b);
  const classNames = usedFolders.map((f) => folderNames[f]);
  checkClassCount(classNames);
  const labelOfFolder = new Map(usedFolders.map((f, label) => [f, label]));
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = labelOfFolder.get(folderOf[i])!;

  return {
    images: count === total ? images : images.slice(0, count * pixelsPer),
    labels,
    count,
    height,
    width,
    channels,
    numClasses: classNames.length,
    classNames,
    skipped,
    testFrom: split && trainCount > 0 && trainCount < count ? trainCount : null,
  };
}

/**
 * The one folder that wraps everything, as when someone zips a folder or picks it in the browser
 * ("faces/cat/1.png", "faces/dog/2.png"): images directly in it count as top-level, not as a class named after it.
 * Null when paths don't share a first folder, or nothing lies deeper than it (then it may itself be a class).
 */
function wrapperFolder(paths: string[][]): string | null {
  if (paths.length === 0) return null;
  const first = paths[0][0];
  if (!paths.every((s) => s.length >= 2 && s[0] === first)) return null;
  return paths.some((s) => s.length >= 3) ? first : null;
}

function checkClassCount(names: string[]): void {
  if (names.length < 2) {
    throw new TensorscopeError(
      'dataset-format',
      `Only one class folder with usable images (${JSON.stringify(names[0] ?? '')}); a classifier needs at least 2. ` +
        "Put each class's images in its own folder named after the class.",
    );
  }
  if (names.length > MAX_CLASSES) {
    throw new TensorscopeError('dataset-format', `Found ${names.length} class folders; at most ${MAX_CLASSES} classes are supported.`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Zip

export interface UnzipLimits {
  /** Most files to extract (default 200,000). */
  maxFiles?: number;
  /** Most bytes, by the sizes the zip declares, to extract in total (default 1 GB). */
  maxTotalBytes?: number;
}

/**
 * Unpacks a zip into entries, skipping folders and OS junk before inflating them. Zip-bomb guard: sizes are
 * checked from the zip's directory before anything is inflated, and fflate never writes past the declared size of
 * an entry, so the declared total bounds memory. Errors are TensorscopeErrors naming `fileName`.
 */
export function unzipEntries(zip: Uint8Array, fileName: string, limits: UnzipLimits = {}): ImageEntry[] {
  const maxFiles = limits.maxFiles ?? 200_000;
  const maxTotalBytes = limits.maxTotalBytes ?? 1_000_000_000;
  const fail = (why: string) => new TensorscopeError('dataset-format', `${fileName}: ${why}`);
  // Central-directory records scanned, junk included: bounds the work a forged record count can cause.
  const maxRecords = 2 * maxFiles + 10_000;
  let records = 0;
  let files = 0;
  let totalBytes = 0;

  const filter = (f: UnzipFileInfo): boolean => {
    if (++records > maxRecords) throw fail(`has more than ${maxRecords.toLocaleString('en-US')} entries.`);
    if (f.name.endsWith('/') || f.name.endsWith('\\') || isJunkPath(f.name)) return false;
    if (f.compression !== 0 && f.compression !== 8) {
      throw fail(
        `${f.name} is compressed with method ${f.compression}${f.compression === 9 ? ' (Deflate64)' : ''}, which is not supported; ` +
          're-create the zip with standard Deflate compression.',
      );
    }
    if (++files > maxFiles) throw fail(`has more than ${maxFiles.toLocaleString('en-US')} files; use fewer.`);
    // A stored entry is copied by its compressed size, a deflated one inflated into its original size.
    totalBytes += Math.max(f.size, f.originalSize);
    if (!(totalBytes <= maxTotalBytes)) {
      throw fail(`unpacks to more than ${formatBytes(maxTotalBytes)}, more than this app can hold in memory; use a smaller zip.`);
    }
    return true;
  };

  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(zip, { filter });
  } catch (e) {
    if (e instanceof TensorscopeError) throw e;
    throw fail(`not a valid zip file (${describeError(e)}).`);
  }
  const entries = Object.entries(unzipped).map(([path, bytes]) => ({ path, bytes }));
  if (entries.length === 0) throw fail('the zip file has no files in it (folders and system files aside).');
  return entries;
}

function formatBytes(n: number): string {
  if (n >= 1e9) return `${+(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(1)} kB`;
  return `${n} bytes`;
}
