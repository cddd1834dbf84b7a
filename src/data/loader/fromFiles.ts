import { TensorscopeError } from '../../core/errors';
import type { Dataset, ImageArrays, Task } from '../../core/types';
import { maybeGunzip } from '../bundleFormat';
import { concatImageArrays, imageDataset } from '../dataset';
import { isArff, parseArff } from '../parsers/arff';
import { LABEL_NAMES } from '../table/recipe';
import { parseClassNames } from '../parsers/classNames';
import { csvToImages, detectImageCsv, parseCsv, type CsvTable } from '../parsers/csv';
import { isWhitespaceSeparated } from '../parsers/csvLayout';
import { parseJsonTable } from '../parsers/jsonTable';
import { countLabels, dropLabelsAbove, idxToImages, labelRunMax, labelsAbove, parseIdx, type IdxArray } from '../parsers/idx';
import { sniffImageType, type ImageDecoder } from '../parsers/imageDecode';
import { foreignFormat, foreignMessage, foreignZip, zipEntryNames, type ForeignFormat } from '../parsers/foreignFormats';
import { imagesFromEntries, isJunkPath, unzipEntries } from '../parsers/imageFolder';
import { spriteToImages } from '../parsers/sprite';
import { parseXlsx } from '../parsers/xlsx';
import { decodeText, encodingNote, looksLikeText } from '../parsers/textDecode';
import { datasetFromTable, type ParsedTables } from './fromTable';
import type { CsvChoice, LoadOptions, NamedBytes, TableStage } from './types';

export interface FilesResult {
  /** Null only for a table whose recipe cannot make a dataset (table.error says why). */
  dataset: Dataset | null;
  csv: CsvChoice | null;
  table?: TableStage;
  /** The parsed table, for the loader to keep (another recipe then needs no second read). */
  parsed?: ParsedTables;
  skipped: { path: string; reason: string }[];
  /** Things that loaded but look wrong (e.g. a stray IDX label that became its own class); absent when none. */
  warnings?: string[];
}

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;
/** Sort key for the tables of one drop: train-named 0, other 1, a submission template 2, test-named 3. */
const tableRank = (path: string) => (isTestName(path) ? 3 : /submission/i.test(baseName(path)) ? 2 : /(^|[^a-z])train/i.test(baseName(path)) ? 0 : 1);
const isTestName = (path: string) => /(^|[^a-z])(t10k|test)([^a-z]|$)/i.test(baseName(path));
const DEFAULT_IMAGE_SIZE = { width: 28, height: 28, mode: 'grayscale' as const };

function isIdx(b: Uint8Array): boolean {
  return b.length >= 8 && b[0] === 0 && b[1] === 0 && b[2] >= 0x08 && b[2] <= 0x0e && b[3] >= 1 && b[3] <= 4;
}
function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6);
}
/** A .json/.jsonl file, or text that opens a list or an object: read as records (parseJsonTable says which layouts). */
const isJsonTable = (path: string, head: string) => /\.(json|jsonl|ndjson)$/i.test(path) || /^\uFEFF?\s*(\[\s*(\{|\[|$)|\{)/.test(head);

/** A CSV guess: a column called label/class/target/y, else the last; a class unless it looks continuous. */
export function guessCsvLabel(t: CsvTable): { labelColumn: string; task: Task } {
  const names = t.header.map((h) => h.trim().toLowerCase());
  const idx = LABEL_NAMES.map((p) => names.indexOf(p)).find((i) => i >= 0) ?? t.header.length - 1;
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

/** What the table dialog says about a layout that was guessed, so a wrong guess is seen rather than trained on. */
function layoutNotes(t: CsvTable): string[] {
  const notes: string[] = [];
  if (t.nestedKeys?.length) {
    const keys = t.nestedKeys.slice(0, 5).map((k) => `“${k}”`).join(', ') + (t.nestedKeys.length > 5 ? ', …' : '');
    notes.push(`${t.fileName}: nested values (${keys}) were spread into columns named as pandas.json_normalize names them (“a.b”); a list is kept as its JSON text.`);
  }
  if (t.excelSep && t.skippedLines === 1) {
    notes.push(`${t.fileName}: its first line, Excel's “sep=${t.delimiter === '\t' ? '\\t' : t.delimiter}”, names the delimiter; the table starts on line 2.`);
  } else if (t.skippedLines) {
    const n = t.skippedLines;
    notes.push(`${t.fileName}: the table starts on line ${n + 1}; the ${n === 1 ? 'line' : `${n} lines`} above it (a title or notes, not rows of the table) ${n === 1 ? 'was' : 'were'} skipped.`);
  }
  if (t.rowNames) notes.push(`${t.fileName}: the header has one name fewer than the rows (R's write.table writes row names so), so the first column holds the row names, named “Unnamed: 0”.`);
  if (t.delimiter === ' ') notes.push(`${t.fileName}: its columns are separated by spaces, so runs of spaces and tabs were read as one separator.`);
  if (t.hasHeader === false) {
    const n = t.header.length;
    notes.push(`${t.fileName}: the first row holds values, not column names (numbers where the columns hold numbers), so it was read as data and the columns are named Column 1 … Column ${n}.`);
  }
  return notes;
}

interface Classified {
  idxImages: { f: NamedBytes; a: IdxArray }[];
  idxLabels: { f: NamedBytes; a: IdxArray }[];
  images: NamedBytes[];
  csv: NamedBytes[];
  names: NamedBytes[];
  binary: NamedBytes[];
  /** Files in a format Tensorscope does not read (an .xlsx, a Parquet file): named in the message or in skipped. */
  foreign: { path: string; format: ForeignFormat }[];
}

/** What can sit in a zip of tables (Kaggle's downloads: train.csv, test.csv, sample_submission.csv). */
const TABLE_NAME = /\.(csv|tsv|psv|txt|data|dat|arff|json|jsonl|ndjson|xlsx|xlsm|parquet)$/i;
/** Parquet files start (and end) with "PAR1". */
const isParquet = (b: Uint8Array) => b.length >= 12 && b[0] === 0x50 && b[1] === 0x41 && b[2] === 0x52 && b[3] === 0x31;

async function classify(files: NamedBytes[], skipped: FilesResult['skipped']): Promise<Classified> {
  const out: Classified = { idxImages: [], idxLabels: [], images: [], csv: [], names: [], binary: [], foreign: [] };
  // Kept apart so that, when an IDX pair wins, a zip is reported once rather than once per entry.
  const zips: { path: string; entries: number }[] = [];
  const looseImages: NamedBytes[] = [];
  // A zip of tables adds its entries here, to be recognised like dropped files.
  const queue = [...files];
  for (let q = 0; q < queue.length; q++) {
    const raw = queue[q];
    if (raw.bytes.length === 0) throw new TensorscopeError('dataset-format', `${raw.path}: the file is empty.`);
    const bytes = await maybeGunzip(raw.bytes).catch(() => {
      throw new TensorscopeError('dataset-format', `${raw.path}: the gzip data is corrupt or truncated.`);
    });
    const f = { path: raw.path.replace(/\.gz$/i, ''), bytes };
    const zipNames = isZip(bytes) ? (zipEntryNames(bytes) ?? []) : null;
    const foreign = zipNames ? foreignZip(zipNames, f.path) : isIdx(bytes) || sniffImageType(bytes) ? null : foreignFormat(bytes, f.path);
    if (foreign) {
      out.foreign.push({ path: raw.path, format: foreign });
    } else if (isParquet(bytes)) {
      out.csv.push(f);
    } else if (zipNames?.some((n) => /^xl\/workbook\.xml$/i.test(n))) {
      // An Excel workbook (.xlsx, .xlsm): a table, read by parseXlsx.
      out.csv.push(f);
    } else if (zipNames) {
      const entries = unzipEntries(bytes, raw.path);
      const prefix = baseName(raw.path).replace(/\.zip$/i, '');
      const tables = entries.filter((e) => TABLE_NAME.test(e.path) && !isJunkPath(e.path));
      if (tables.length && !entries.some((e) => sniffImageType(e.bytes))) {
        // No image in it: a zip of tables, its files read as if dropped (in the zip's own order).
        for (const e of tables) queue.push({ path: `${prefix}/${e.path}`, bytes: e.bytes });
        continue;
      }
      for (const e of entries) out.images.push({ path: `${prefix}/${e.path}`, bytes: e.bytes });
      zips.push({ path: raw.path, entries: entries.length });
    } else if (isIdx(bytes) || /idx\d|ubyte|\.idx$/i.test(f.path)) {
      // A file named like IDX is parsed as IDX even with a bad header, so the message names the real problem.
      const a = parseIdx(bytes, f.path);
      if (a.dims.length === 1) out.idxLabels.push({ f, a });
      else out.idxImages.push({ f, a });
    } else if (sniffImageType(bytes)) {
      out.images.push(f);
      looseImages.push(f);
    } else if (looksLikeText(bytes)) {
      const head = decodeText(bytes.subarray(0, 4096)).text;
      const firstLine = head.split(/\r?\n/)[0];
      // A JSON array of records (pandas' to_json(orient='records'), vega datasets) is a table too.
      if (isJsonTable(f.path, head) || isArff(f.path, head) || /\.(csv|tsv|psv)$/i.test(f.path) || /[,;\t|]/.test(firstLine)) out.csv.push(f);
      else out.names.push(f);
    } else {
      out.binary.push(f);
    }
  }
  if (out.images.length === 0 && out.idxImages.length === 0 && out.csv.length === 0) {
    // No images and no other table: a text file of space-separated columns (UCI's auto-mpg.data, numpy.savetxt)
    // is a table, not a list of class names.
    const headOf = (f: NamedBytes) => {
      const t = decodeText(f.bytes.subarray(0, 65536)).text;
      return f.bytes.length > 65536 ? t.slice(0, t.lastIndexOf('\n') + 1) : t; // whole lines only
    };
    const spaced = out.names.filter((f) => isWhitespaceSeparated(headOf(f), 0, 0));
    out.csv.push(...spaced);
    out.names = out.names.filter((f) => !spaced.includes(f));
  }
  if (out.images.length === 0 && out.idxImages.length === 0 && out.csv.length === 0 && out.binary.length === 0 && out.names.length === 0) {
    if (out.foreign.length) throw new TensorscopeError('dataset-format', foreignMessage(out.foreign[0].path, out.foreign[0].format));
    throw new TensorscopeError('dataset-format', 'No files to load.');
  }
  for (const { path, format } of out.foreign) skipped.push({ path, reason: `not used: ${format.what}, which Tensorscope does not read` });
  if (out.idxImages.length || out.idxLabels.length) {
    // datasetFromFiles loads only the IDX pair when there is one; name every other file rather than ignore it silently.
    const notUsed = (what: string) => `not used: an IDX pair was loaded; this ${what} is not part of it`;
    for (const z of zips) skipped.push({ path: z.path, reason: notUsed(`zip (${z.entries.toLocaleString('en-US')} files)`) });
    for (const f of looseImages) skipped.push({ path: f.path, reason: notUsed('image file') });
    for (const f of out.csv) skipped.push({ path: f.path, reason: notUsed('CSV file') });
    for (const f of out.binary) skipped.push({ path: f.path, reason: notUsed('file') });
    // Only the first text file is read as class names (classNamesFrom).
    for (const f of out.names.slice(1)) skipped.push({ path: f.path, reason: notUsed('text file') + '; only the first text file is read as class names' });
  }
  return out;
}

function pairIdx(
  c: Classified,
  skipped: FilesResult['skipped'],
  dropOutliers: boolean,
): { train: ImageArrays; test: ImageArrays | null; names: string[]; warnings: string[] } {
  const pick = (list: { f: NamedBytes; a: IdxArray }[], test: boolean) => list.find((x) => isTestName(x.f.path) === test);
  const trainImages = pick(c.idxImages, false) ?? (c.idxImages.length === 1 ? c.idxImages[0] : undefined);
  const trainLabels = pick(c.idxLabels, false) ?? (c.idxLabels.length === 1 ? c.idxLabels[0] : undefined);
  if (!trainImages) throw new TensorscopeError('dataset-format', 'An IDX labels file needs its images file too (for MNIST: train-images-idx3-ubyte with train-labels-idx1-ubyte).');
  if (!trainLabels) throw new TensorscopeError('dataset-format', `${trainImages.f.path}: an IDX images file needs its labels file too (e.g. train-labels-idx1-ubyte).`);
  let train = idxToImages(trainImages.a, trainLabels.a, { images: trainImages.f.path, labels: trainLabels.f.path });
  const testImages = trainImages === pick(c.idxImages, true) ? undefined : pick(c.idxImages, true);
  const testLabels = trainLabels === pick(c.idxLabels, true) ? undefined : pick(c.idxLabels, true);
  if (!!testImages !== !!testLabels) {
    const have = (testImages ?? testLabels)!.f.path;
    throw new TensorscopeError('dataset-format', `${have}: a test ${testImages ? 'images' : 'labels'} file needs its ${testImages ? 'labels' : 'images'} file too.`);
  }
  let test = testImages && testLabels ? idxToImages(testImages.a, testLabels.a, { images: testImages.f.path, labels: testLabels.f.path }) : null;
  const used = [trainImages, trainLabels, testImages, testLabels];
  for (const x of [...c.idxImages, ...c.idxLabels]) {
    if (!used.includes(x)) skipped.push({ path: x.f.path, reason: 'not used: an extra IDX file; one train pair and at most one test pair are loaded' });
  }
  const names = used.filter((x) => x).map((x) => baseName(x!.f.path));

  // A stray label (a 12 among digits 0–9) would silently add empty classes, so it is reported, and dropped on request.
  // The train labels set the range for both files, so a test file cannot widen it either.
  const warnings: string[] = [];
  const range = (lo: number, hi: number) => (lo === hi ? `${lo}` : `${lo}–${hi}`);
  const times = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'time' : 'times'}`;
  const trainCounts = countLabels(train.labels);
  const runMax = labelRunMax(trainCounts, train.count);
  const testCounts = test ? countLabels(test.labels) : null;
  if (runMax !== null) {
    const files = [
      { path: trainLabels.f.path, strays: labelsAbove(trainCounts, runMax), others: 'the other labels' },
      { path: testLabels?.f.path ?? '', strays: testCounts ? labelsAbove(testCounts, runMax) : [], others: `${names[1]}'s labels` },
    ];
    const dropped = [0, 0];
    let testEmptied = false;
    // Only a file with strays is copied; the other keeps its zero-copy view.
    if (dropOutliers && files[0].strays.length) {
      const t = dropLabelsAbove(train, runMax);
      train = t.arrays;
      dropped[0] = t.dropped;
    }
    if (dropOutliers && files[1].strays.length && test) {
      const u = dropLabelsAbove(test, runMax);
      dropped[1] = u.dropped;
      testEmptied = u.arrays.count === 0;
      test = testEmptied ? null : u.arrays;
    }
    const classes = Math.max(train.numClasses, test?.numClasses ?? 0);
    files.forEach((f, i) => {
      if (!f.strays.length) return;
      const one = f.strays.length === 1;
      const what = one
        ? `label ${f.strays[0].label} appears ${times(f.strays[0].count)}`
        : `labels ${f.strays.map((s) => `${s.label} (${times(s.count)})`).join(', ')} appear`;
      const head = `${f.path}: ${what} but ${f.others} are ${range(0, runMax)}; `;
      if (dropOutliers) {
        const n = dropped[i];
        warnings.push(
          head +
            `dropped the ${n.toLocaleString('en-US')} ${n === 1 ? 'example' : 'examples'} with ${one ? 'that label' : 'those labels'} (${classes} classes)` +
            (i === 1 && testEmptied ? '; no test examples were left, so there is no test set.' : '.'),
        );
      } else {
        warnings.push(
          head +
            `${one ? 'it was kept as its own class' : 'they were kept as their own classes'} (${classes} classes). ` +
            'Remove those examples or fix the file if that is wrong.',
        );
      }
    });
  } else {
    // No run 0..K covers nearly all examples: report the classes nobody has (1-based labels, a missing class), which
    // become empty classes the model still has to output.
    const classes = Math.max(train.numClasses, test?.numClasses ?? 0);
    const present = (l: number) => trainCounts[l] > 0 || (testCounts !== null && testCounts[l] > 0);
    const runs = (want: boolean) => {
      const out: string[] = [];
      for (let l = 0; l < classes; l++) {
        if (present(l) !== want) continue;
        let hi = l;
        while (hi + 1 < classes && present(hi + 1) === want) hi++;
        out.push(range(l, hi));
        l = hi;
      }
      return out;
    };
    const missing = runs(false);
    if (missing.length) {
      const files = testLabels ? `${trainLabels.f.path} and ${testLabels.f.path}` : trainLabels.f.path;
      warnings.push(
        `${files}: no example has label ${missing.join(', ')} (the labels present are ${runs(true).join(', ')}); ` +
          `empty classes were kept so the labels keep their meaning (${classes} classes). Fix the file if that is wrong.`,
      );
    }
  }
  return { train, test, names, warnings };
}

function classNamesFrom(c: Classified, options: LoadOptions, numClasses: number): string[] | undefined {
  if (options.classNames?.length) {
    if (options.classNames.length !== numClasses) {
      throw new TensorscopeError('dataset-format', `You typed ${options.classNames.length} class names but the data has ${numClasses} classes.`);
    }
    return options.classNames;
  }
  const file = c.names[0];
  return file ? parseClassNames(decodeText(file.bytes).text, file.path, numClasses) : undefined;
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
    const { train, test, names, warnings } = pairIdx(c, skipped, options.idx?.dropOutliers === true);
    const arrays = test ? concatImageArrays(train, test, { train: names[0], test: names[2] }) : train;
    // Typed class names win over a names file (classNamesFrom); say the file was not read.
    if (options.classNames?.length && c.names[0]) {
      skipped.push({ path: c.names[0].path, reason: 'not used: the class names typed in take precedence over this file' });
    }
    const ds = imageDataset(arrays, {
      id,
      name: `IDX ${names[0].replace(/[-_.]idx\d[-_.]ubyte$/i, '')}${test ? ' + test' : ''}`,
      source: `IDX files: ${names.join(', ')}`,
      classNames: classNamesFrom(c, options, arrays.numClasses),
      testFrom: test ? train.count : null,
    });
    return { dataset: ds, csv: null, skipped, ...(warnings.length ? { warnings } : {}) };
  }

  if (c.csv.length) {
    onProgress('Parsing CSV', 0, null);
    // The training file first: one named "train", then any other, then a submission template, then a test file.
    const ordered = [...c.csv].sort((a, b) => tableRank(a.path) - tableRank(b.path));
    const trainF = ordered[0];
    const testF = ordered.slice(1).find((f) => isTestName(f.path));
    const warnings: string[] = [];
    const read = async (f: NamedBytes): Promise<CsvTable> => {
      const name = baseName(f.path);
      if (isParquet(f.bytes)) {
        onProgress(`Reading ${name}`, 0, null);
        // Its own chunk (hyparquet, fzstd: 68 kB), fetched only when a Parquet file is dropped.
        const { parseParquet } = await import('../parsers/parquet');
        return parseParquet(f.bytes, name);
      }
      if (isZip(f.bytes)) {
        const sheet = parseXlsx(f.bytes, name, { sheet: f === trainF ? options.csv?.sheet : undefined });
        warnings.push(...sheet.notes);
        return sheet.table;
      }
      const { text, encoding } = decodeText(f.bytes);
      const note = encodingNote(name, encoding);
      if (note) warnings.push(note);
      const head = text.slice(0, 4096);
      const progress = { onProgress: (done: number, total: number) => onProgress(`Parsing ${name}`, done, total), header: options.csv?.header };
      const table = isJsonTable(f.path, head) ? parseJsonTable(text, name) : isArff(f.path, head) ? parseArff(text, name, { onProgress: progress.onProgress }) : parseCsv(text, name, progress);
      warnings.push(...layoutNotes(table));
      return encoding === 'utf-8' ? table : { ...table, encoding };
    };
    const trainT = await read(trainF);
    let testT = testF ? await read(testF) : null;
    const imageLayout = detectImageCsv(trainT);
    const guess = guessCsvLabel(trainT);
    const labelColumn = options.csv?.labelColumn && trainT.header.includes(options.csv.labelColumn) ? options.csv.labelColumn : (imageLayout?.labelColumn ?? guess.labelColumn);
    const asImages = !!imageLayout && labelColumn === imageLayout.labelColumn && options.csv?.task !== 'regression';
    const task: Task = asImages ? 'classification' : (options.csv?.task ?? (labelColumn === guess.labelColumn ? guess.task : guessCsvLabel({ ...trainT, header: trainT.header.map((h) => (h === labelColumn ? 'label' : h === 'label' ? '_label' : h)) }).task));
    if (testT && testF && !testT.header.includes(labelColumn)) {
      // Kaggle's test.csv has no labels (they are what a submission predicts): it cannot measure anything.
      skipped.push({
        path: testF.path,
        reason: `not used as the test set: it has no “${labelColumn}” column (an unlabelled test file, as Kaggle's test.csv); the test examples are split from ${baseName(trainF.path)} instead`,
      });
      testT = null;
    }
    for (const f of ordered) {
      if (f === trainF || f === testF) continue;
      skipped.push({ path: f.path, reason: `not used: one table is read for training (${baseName(trainF.path)})${testT ? ` and one for testing (${baseName(testF!.path)})` : ''}` });
    }
    const names = [trainF, ...(testT ? [testF!] : [])].map((f) => baseName(f.path));
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
      return { dataset: ds, csv: choice, skipped, ...(warnings.length ? { warnings } : {}) };
    }
    const parsed: ParsedTables = { train: trainT, test: testT, names };
    const t = datasetFromTable(parsed, options, id);
    return { dataset: t.dataset, csv: null, skipped, table: t.table, parsed, ...(warnings.length ? { warnings } : {}) };
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
      source: `${c.images.length.toLocaleString('en-US')} image files resized to ${size.width}×${size.height} ${size.mode}${result.testFrom !== null ? `; the ${(result.count - result.testFrom).toLocaleString('en-US')} under a test folder are the test set` : ''}`,
      classNames: options.classNames?.length === result.classNames.length ? options.classNames : result.classNames,
      testFrom: result.testFrom,
    });
    return { dataset: ds, csv: null, skipped: [...skipped, ...result.skipped] };
  }

  const names = files.map((f) => baseName(f.path)).join(', ');
  throw new TensorscopeError(
    'dataset-format',
    `Could not recognise ${names} as a dataset. Tensorscope reads IDX image + label files (raw or .gz), tables (CSV, TSV or space-separated, Excel .xlsx, Parquet, JSON, ARFF), ` +
      'folders or a .zip of PNG/JPEG images in one sub-folder per class, and the MNIST sprite PNG with its labels file.',
  );
}
