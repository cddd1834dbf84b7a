import { TensorscopeError } from '../../core/errors';
import type { Dataset } from '../../core/types';
import { bundledMnistUrl, loadBundledMnist } from '../bundledMnist';
import { tableDataset } from '../dataset';
import { fetchWithProgress, type ProgressFn } from '../fetchWithProgress';
import type { ImageDecoder } from '../parsers/imageDecode';
import { makeSynthetic, SYNTHETIC_DATASETS, syntheticDatasetId } from '../synthetic';
import { datasetFromFiles } from './fromFiles';
import { datasetFromTable, type ParsedTables } from './fromTable';
import { summarizeDataset } from './summary';
import { MAX_FILE_BYTES, type CsvChoice, type DataSource, type LoadResult, type NamedBytes, type TableStage } from './types';

export type LoadProgress = (stage: string, done: number, total: number | null) => void;

/** How a load may be stopped: Cancel (`signal`) and the deadline of each URL download (connect + body). */
export interface LoadControl {
  signal?: AbortSignal;
  fetchDeadlineMs?: number;
  /**
   * The bundled MNIST already being read from the page's prefetch, for its URL (see data.worker.ts), and when that
   * began (performance.now()): the load's time counts from there, not from this call (else "Loaded in 0 ms").
   */
  bundled?: { url: string; dataset: Promise<Dataset>; startedAt?: number };
  /** Leave the summary to the caller (the data worker sends it after the data: Train does not wait for it). */
  deferSummary?: boolean;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

function syntheticDataset(source: Extract<DataSource, { type: 'synthetic' }>): Dataset {
  const d = makeSynthetic(source.id, source.options);
  const info = SYNTHETIC_DATASETS.find((s) => s.id === source.id);
  const o = source.options;
  return tableDataset(
    {
      features: d.features,
      featureNames: d.featureNames,
      count: o.count,
      task: d.task,
      labels: d.labels,
      targets: d.targets,
      classNames: d.classNames,
      targetName: d.targetName,
    },
    {
      id: syntheticDatasetId(source.id, o),
      name: info?.label ?? source.id,
      source: `synthetic ${source.id}: ${o.count} points, noise ${o.noise}, seed ${o.seed}${o.classes ? `, ${o.classes} classes` : ''}`,
    },
  );
}

async function readFiles(source: Extract<DataSource, { type: 'files' }>, onProgress: LoadProgress): Promise<NamedBytes[]> {
  const total = source.files.reduce((s, f) => s + f.file.size, 0);
  for (const f of source.files) {
    if (f.file.size > MAX_FILE_BYTES) throw new TensorscopeError('dataset-format', `${f.path}: the file is ${mb(f.file.size)}, over the ${mb(MAX_FILE_BYTES)} limit.`);
  }
  if (total > 2 * MAX_FILE_BYTES) throw new TensorscopeError('dataset-format', `These files add up to ${mb(total)}, over the ${mb(2 * MAX_FILE_BYTES)} limit.`);
  let done = 0;
  const out: NamedBytes[] = [];
  for (const f of source.files) {
    out.push({ path: f.path, bytes: new Uint8Array(await f.file.arrayBuffer()) });
    done += f.file.size;
    onProgress('Reading files', done, total);
  }
  return out;
}

async function fetchUrls(source: Extract<DataSource, { type: 'url' }>, onProgress: LoadProgress, control: LoadControl): Promise<NamedBytes[]> {
  const out: NamedBytes[] = [];
  for (const url of source.urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new TensorscopeError('dataset-fetch', `"${url}" is not a valid URL.`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new TensorscopeError('dataset-fetch', `${url}: only http and https addresses can be loaded.`);
    }
    const name = decodeURIComponent(parsed.pathname.split('/').pop() || parsed.hostname);
    // The size limit is checked from Content-Length before reading, and on the bytes as they arrive.
    const bytes = await fetchWithProgress(parsed.toString(), (loaded, total) => onProgress(`Downloading ${name}`, loaded, total), control.signal, {
      deadlineMs: control.fetchDeadlineMs,
      maxBytes: MAX_FILE_BYTES,
      label: name,
    });
    out.push({ path: name, bytes });
  }
  return out;
}

/** The last table read (one is enough: the person refines one table at a time), by what it was read from. */
/** The last table read, with what its load said about the files (a new recipe's result says it again). */
let lastTable: { key: string; parsed: ParsedTables; id: string; skipped: LoadResult['skipped']; warnings: string[] } | null = null;

function sourceKey(source: Extract<DataSource, { type: 'files' | 'url' }>): string {
  if (source.type === 'url') return `url:${source.urls.join('\n')}`;
  const stamp = (b: Blob) => ('lastModified' in b ? String((b as File).lastModified) : '');
  return `files:${source.files.map((f) => `${f.path}:${f.file.size}:${stamp(f.file)}`).join('\n')}`;
}

/** Loads any source into a dataset with its summary. Runs in the data worker (or the main thread as a fallback). */
export async function loadSource(source: DataSource, decode: ImageDecoder, onProgress: LoadProgress, control: LoadControl = {}): Promise<LoadResult> {
  let t0 = performance.now();
  let dataset: Dataset | null;
  let table: TableStage | null = null;
  let warnings: string[] = [];
  let csv: CsvChoice | null = null;
  let skipped: LoadResult['skipped'] = [];
  switch (source.type) {
    case 'bundled': {
      const progress: ProgressFn = (loaded, total) => onProgress('Downloading MNIST', loaded, total);
      const prefetched = control.bundled?.url === bundledMnistUrl(source.baseUrl) ? control.bundled : null;
      if (prefetched) {
        progress(0, null);
        t0 = Math.min(t0, prefetched.startedAt ?? t0);
      }
      dataset = await (prefetched?.dataset ?? loadBundledMnist(progress, source.baseUrl, control.signal, control.fetchDeadlineMs));
      break;
    }
    case 'synthetic':
      dataset = syntheticDataset(source);
      break;
    case 'files':
    case 'url': {
      // The header choice changes what the file's columns are, so it is part of what the table was read as.
      const key = `${sourceKey(source)}\nheader:${String(source.options.csv?.header)}\nsheet:${String(source.options.csv?.sheet)}`;
      if (source.options.table && lastTable?.key === key) {
        // Another recipe for the table just read: no second read or parse.
        onProgress('Applying the table recipe', 0, null);
        const t = datasetFromTable(lastTable.parsed, source.options, lastTable.id);
        dataset = t.dataset;
        table = t.table;
        skipped = lastTable.skipped;
        warnings = lastTable.warnings;
        break;
      }
      const files = source.type === 'files' ? await readFiles(source, onProgress) : await fetchUrls(source, onProgress, control);
      const r = await datasetFromFiles(files, source.options, decode, onProgress);
      dataset = r.dataset;
      csv = r.csv;
      skipped = r.skipped;
      table = r.table ?? null;
      warnings = r.warnings ?? [];
      lastTable = r.parsed ? { key, parsed: r.parsed, id: r.dataset?.id ?? `files-${r.parsed.names.join('+').slice(0, 80)}`, skipped, warnings } : null;
      break;
    }
  }
  const later = !!dataset && !!control.deferSummary;
  if (dataset && !later) onProgress('Summarising', 0, null);
  const summary = dataset && !later ? summarizeDataset(dataset) : null;
  return { dataset, summary, ...(later ? { summaryFollows: true } : {}), csv, skipped, table, warnings, loadMs: performance.now() - t0 };
}
