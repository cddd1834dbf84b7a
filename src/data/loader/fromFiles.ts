import { TensorscopeError } from '../../core/errors';
import type { Dataset, ImageArrays, Task } from '../../core/types';
import { maybeGunzip } from '../bundleFormat';
import { concatImageArrays, imageDataset, tableDataset, type TableArrays } from '../dataset';
import { parseClassNames } from '../parsers/classNames';
import { csvToImages, csvToTabular, detectImageCsv, parseCsv, type CsvTable } from '../parsers/csv';
import { idxToImages, parseIdx, type IdxArray } from '../parsers/idx';
import { sniffImageType, type ImageDecoder } from '../parsers/imageDecode';
import { imagesFromEntries, unzipEntries } from '../parsers/imageFolder';
import { spriteToImages } from '../parsers/sprite';
import type { CsvChoice, LoadOptions, NamedBytes } from './types';

export interface FilesResult {
  dataset: Dataset;
  csv: CsvChoice | null;
  skipped: { path: string; reason: string }[];
}

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;
const isTestName = (path: string) => /(^|[^a-z])(t10k|test)([^a-z]|$)/i.test(baseName(path));
const DEFAULT_IMAGE_SIZE = { width: 28, height: 28, mode: 'grayscale' as const };

function isIdx(b: Uint8Array): boolean {
  return b.length >= 8 && b[0] === 0 && b[1] === 0 && b[2] >= 0x08 && b[2] <= 0x0e && b[3] >= 1 && b[3] <= 4;
}
function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6);
}
/** Text, by the absence of NUL bytes in the first 4 KB. */
function looksLikeText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 4096);
  for (let i = 0; i < n; i++) if (b[i] === 0) return false;
  return b.length > 0;
}
const decodeText = (b: Uint8Array) => new TextDecoder('utf-8').decode(b);

/** A CSV guess: a column called label/class/target/y, else the last; a class unless it looks continuous. */
export function guessCsvLabel(t: CsvTable): { labelColumn: string; task: Task } {
  const names = t.header.map((h) => h.trim().toLowerCase());
  const preferred = ['label', 'labels', 'class', 'target', 'y', 'species', 'category', 'digit'];
  const idx = preferred.map((p) => names.indexOf(p)).find((i) => i >= 0) ?? t.header.length - 1;
  const col = t.numeric[idx];
  if (t.text[idx]) return { labelColumn: t.header[idx], task: 'classification' };
  const distinct = new Set<number>();
  let integers = true;
  for (let i = 0; i < col.length && distinct.size <= 20; i++) {
    if (Number.isNaN(col[i])) continue;
    if (!Number.isInteger(col[i])) integers = false;
    distinct.add(col[i]);
  }
  return { labelColumn: t.header[idx], task: integers && distinct.size <= 20 ? 'classification' : 'regression' };
}

function concatTables(a: TableArrays, b: TableArrays, names: { train: string; test: string }): TableArrays {
  const same = a.featureNames.length === b.featureNames.length && a.featureNames.every((n, i) => n === b.featureNames[i]);
  if (!same) throw new TensorscopeError('dataset-format', `${names.test}: its columns differ from ${names.train}'s.`);
  const features = new Float32Array(a.features.length + b.features.length);
  features.set(a.features);
  features.set(b.features, a.features.length);
  if (a.task === 'classification') {
    // Class indices must mean the same class in both files.
    const classNames = [...a.classNames];
    for (const c of b.classNames) if (!classNames.includes(c)) classNames.push(c);
    const labels = new Uint8Array(a.count + b.count);
    labels.set(a.labels!);
    b.labels!.forEach((l, i) => (labels[a.count + i] = classNames.indexOf(b.classNames[l])));
    return { ...a, features, labels, classNames, count: a.count + b.count };
  }
  const targets = new Float32Array(a.count + b.count);
  targets.set(a.targets!);
  targets.set(b.targets!, a.count);
  return { ...a, features, targets, count: a.count + b.count };
}

interface Classified {
  idxImages: { f: NamedBytes; a: IdxArray }[];
  idxLabels: { f: NamedBytes; a: IdxArray }[];
  images: NamedBytes[];
  csv: NamedBytes[];
  names: NamedBytes[];
  binary: NamedBytes[];
}

async function classify(files: NamedBytes[], skipped: FilesResult['skipped']): Promise<Classified> {
  const out: Classified = { idxImages: [], idxLabels: [], images: [], csv: [], names: [], binary: [] };
  for (const raw of files) {
    if (raw.bytes.length === 0) throw new TensorscopeError('dataset-format', `${raw.path}: the file is empty.`);
    const bytes = await maybeGunzip(raw.bytes).catch(() => {
      throw new TensorscopeError('dataset-format', `${raw.path}: the gzip data is corrupt or truncated.`);
    });
    const f = { path: raw.path.replace(/\.gz$/i, ''), bytes };
    if (isZip(bytes)) {
      for (const e of unzipEntries(bytes, raw.path)) out.images.push({ path: `${baseName(raw.path).replace(/\.zip$/i, '')}/${e.path}`, bytes: e.bytes });
    } else if (isIdx(bytes) || /idx\d|ubyte|\.idx$/i.test(f.path)) {
      // A file named like IDX is parsed as IDX even with a bad header, so the message names the real problem.
      const a = parseIdx(bytes, f.path);
      if (a.dims.length === 1) out.idxLabels.push({ f, a });
      else out.idxImages.push({ f, a });
    } else if (sniffImageType(bytes)) {
      out.images.push(f);
    } else if (looksLikeText(bytes)) {
      const firstLine = decodeText(bytes.subarray(0, 4096)).split(/\r?\n/)[0];
      if (/\.(csv|tsv)$/i.test(f.path) || /[,;\t]/.test(firstLine)) out.csv.push(f);
      else out.names.push(f);
    } else {
      out.binary.push(f);
    }
  }
  if (out.images.length === 0 && out.idxImages.length === 0 && out.csv.length === 0 && out.binary.length === 0 && out.names.length === 0) {
    throw new TensorscopeError('dataset-format', 'No files to load.');
  }
  void skipped;
  return out;
}

function pairIdx(c: Classified): { train: ImageArrays; test: ImageArrays | null; names: string[] } {
  const pick = (list: { f: NamedBytes; a: IdxArray }[], test: boolean) => list.find((x) => isTestName(x.f.path) === test);
  const trainImages = pick(c.idxImages, false) ?? (c.idxImages.length === 1 ? c.idxImages[0] : undefined);
  const trainLabels = pick(c.idxLabels, false) ?? (c.idxLabels.length === 1 ? c.idxLabels[0] : undefined);
  if (!trainImages) throw new TensorscopeError('dataset-format', 'An IDX labels file needs its images file too (for MNIST: train-images-idx3-ubyte with train-labels-idx1-ubyte).');
  if (!trainLabels) throw new TensorscopeError('dataset-format', `${trainImages.f.path}: an IDX images file needs its labels file too (e.g. train-labels-idx1-ubyte).`);
  const train = idxToImages(trainImages.a, trainLabels.a, { images: trainImages.f.path, labels: trainLabels.f.path });
  const testImages = trainImages === pick(c.idxImages, true) ? undefined : pick(c.idxImages, true);
  const testLabels = trainLabels === pick(c.idxLabels, true) ? undefined : pick(c.idxLabels, true);
  if (!!testImages !== !!testLabels) {
    const have = (testImages ?? testLabels)!.f.path;
    throw new TensorscopeError('dataset-format', `${have}: a test ${testImages ? 'images' : 'labels'} file needs its ${testImages ? 'labels' : 'images'} file too.`);
  }
  const test = testImages && testLabels ? idxToImages(testImages.a, testLabels.a, { images: testImages.f.path, labels: testLabels.f.path }) : null;
  const names = [trainImages, trainLabels, testImages, testLabels].filter((x) => x).map((x) => baseName(x!.f.path));
  return { train, test, names };
}

function classNamesFrom(c: Classified, options: LoadOptions, numClasses: number): string[] | undefined {
  if (options.classNames?.length) {
    if (options.classNames.length !== numClasses) {
      throw new TensorscopeError('dataset-format', `You typed ${options.classNames.length} class names but the data has ${numClasses} classes.`);
    }
    return options.classNames;
  }
  const file = c.names[0];
  return file ? parseClassNames(decodeText(file.bytes), file.path, numClasses) : undefined;
}

/** Recognises what a set of files is (IDX pair, CSV, image folders or zip, sprite) and builds the dataset. */
export async function datasetFromFiles(
  files: NamedBytes[],
  options: LoadOptions,
  decode: ImageDecoder,
  onProgress: (stage: string, done: number, total: number | null) => void,
): Promise<FilesResult> {
  const skipped: FilesResult['skipped'] = [];
  onProgress('Recognising files', 0, null);
  const c = await classify(files, skipped);
  const id = `files-${files.map((f) => baseName(f.path)).join('+').slice(0, 80)}`;

  if (c.idxImages.length || c.idxLabels.length) {
    onProgress('Parsing IDX', 0, null);
    const { train, test, names } = pairIdx(c);
    const arrays = test ? concatImageArrays(train, test, { train: names[0], test: names[2] }) : train;
    const ds = imageDataset(arrays, {
      id,
      name: `IDX ${names[0].replace(/[-_.]idx\d[-_.]ubyte$/i, '')}${test ? ' + test' : ''}`,
      source: `IDX files: ${names.join(', ')}`,
      classNames: classNamesFrom(c, options, arrays.numClasses),
      testFrom: test ? train.count : null,
    });
    return { dataset: ds, csv: null, skipped };
  }

  if (c.csv.length) {
    onProgress('Parsing CSV', 0, null);
    const ordered = [...c.csv].sort((a, b) => Number(isTestName(a.path)) - Number(isTestName(b.path)));
    const tables = ordered.slice(0, 2).map((f) => parseCsv(decodeText(f.bytes), f.path));
    const trainT = tables[0];
    const testT = tables.length > 1 && isTestName(ordered[1].path) ? tables[1] : null;
    const names = ordered.slice(0, testT ? 2 : 1).map((f) => baseName(f.path));
    const imageLayout = detectImageCsv(trainT);
    const guess = guessCsvLabel(trainT);
    const labelColumn = options.csv?.labelColumn && trainT.header.includes(options.csv.labelColumn) ? options.csv.labelColumn : (imageLayout?.labelColumn ?? guess.labelColumn);
    const asImages = !!imageLayout && labelColumn === imageLayout.labelColumn && options.csv?.task !== 'regression';
    const task: Task = asImages ? 'classification' : (options.csv?.task ?? (labelColumn === guess.labelColumn ? guess.task : guessCsvLabel({ ...trainT, header: trainT.header.map((h) => (h === labelColumn ? 'label' : h === 'label' ? '_label' : h)) }).task));
    const choice: CsvChoice = { fileName: names[0], columns: trainT.header, labelColumn, task, asImages };
    if (asImages) {
      const train = csvToImages(trainT, labelColumn, imageLayout!.size);
      const test = testT ? csvToImages(testT, labelColumn, imageLayout!.size) : null;
      const arrays = test ? concatImageArrays(train, test, { train: names[0], test: names[1] }) : train;
      const ds = imageDataset(arrays, {
        id,
        name: names[0].replace(/\.csv$/i, ''),
        source: `CSV images: ${names.join(', ')}`,
        classNames: classNamesFrom(c, options, arrays.numClasses),
        testFrom: test ? train.count : null,
      });
      return { dataset: ds, csv: choice, skipped };
    }
    const train = csvToTabular(trainT, { labelColumn, task });
    const test = testT ? csvToTabular(testT, { labelColumn, task }) : null;
    const table = test ? concatTables(train, test, { train: names[0], test: names[1] }) : train;
    const ds = tableDataset(table, {
      id,
      name: names[0].replace(/\.(csv|tsv)$/i, ''),
      source: `CSV: ${names.join(', ')}`,
      classNames: task === 'classification' ? classNamesFrom(c, options, table.classNames.length) : undefined,
      testFrom: test ? train.count : null,
    });
    return { dataset: ds, csv: choice, skipped };
  }

  const size = options.images ?? DEFAULT_IMAGE_SIZE;
  if (c.images.length === 1 && c.binary.length === 1) {
    onProgress('Decoding sprite', 0, null);
    const img = c.images[0];
    const labels = c.binary[0];
    const arrays = await spriteToImages(img.bytes, labels.bytes, { image: img.path, labels: labels.path }, decode);
    const ds = imageDataset(arrays, {
      id,
      name: baseName(img.path).replace(/\.png$/i, ''),
      source: `sprite: ${baseName(img.path)} + ${baseName(labels.path)}`,
      classNames: classNamesFrom(c, options, arrays.numClasses),
    });
    return { dataset: ds, csv: null, skipped };
  }

  if (c.images.length) {
    const result = await imagesFromEntries(c.images, size, decode, (done, total) => onProgress('Decoding images', done, total));
    const top = c.images[0].path.split('/')[0];
    const ds = imageDataset(result, {
      id,
      name: top || 'Images',
      source: `${c.images.length.toLocaleString('en-US')} image files resized to ${size.width}×${size.height} ${size.mode}`,
      classNames: options.classNames?.length === result.classNames.length ? options.classNames : result.classNames,
    });
    return { dataset: ds, csv: null, skipped: [...skipped, ...result.skipped] };
  }

  const names = files.map((f) => baseName(f.path)).join(', ');
  throw new TensorscopeError(
    'dataset-format',
    `Could not recognise ${names} as a dataset. Tensorscope reads IDX image + label files (raw or .gz), CSV with a header, ` +
      'folders or a .zip of PNG/JPEG images in one sub-folder per class, and the MNIST sprite PNG with its labels file.',
  );
}
