import { parquetMetadata, parquetReadObjects, parquetSchema, type Compressors } from 'hyparquet';
import { decompress as zstd } from 'fzstd';
import { gunzipSync } from 'fflate';
import { TensorscopeError, describeError } from '../../core/errors';
import { DEFAULT_MAX_ROWS, MAX_COLUMNS, type CsvTable } from './csv';
import { tableFromRecords, type JsonRecord } from './jsonTable';

/**
 * Parquet (pandas' to_parquet, Polars, Spark, DuckDB, Hugging Face datasets) as a table, read by hyparquet (pure
 * JavaScript, no WASM). Snappy is built into hyparquet; gzip comes from fflate (already here), zstd (Polars' default)
 * from fzstd. Values become what a JSON record would hold, so the table pipeline treats them like JSON:
 * timestamps as ISO text in UTC with milliseconds, dates as YYYY-MM-DD, 64-bit integers as numbers, nested values as
 * JSON text. The exported Keras script reads the file with pyarrow and converts each value the same way (read_parquet).
 */

const compressors: Compressors = {
  GZIP: (input) => gunzipSync(input),
  ZSTD: (input) => zstd(input),
};

const DAY_MS = 86_400_000;
/** Milliseconds as JavaScript writes them (toISOString: 2020-01-31T10:00:00.000Z), NaN-safe. */
const isoMs = (ms: number): string | null => (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : null);
/** Floor division for bigints (BigInt's / truncates toward zero; a time before 1970 must round down). */
const floorDiv = (a: bigint, b: bigint): bigint => (a % b !== 0n && a < 0n !== b < 0n ? a / b - 1n : a / b);

const parsers = {
  timestampFromMilliseconds: (v: bigint) => isoMs(Number(v)),
  timestampFromMicroseconds: (v: bigint) => isoMs(Number(floorDiv(v, 1000n))),
  timestampFromNanoseconds: (v: bigint) => isoMs(Number(floorDiv(v, 1_000_000n))),
  dateFromDays: (days: number) => isoMs(days * DAY_MS)?.slice(0, 10) ?? null,
};

/** A value as a JSON record holds it. */
function plain(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return isoMs(v.getTime());
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x));
}

const fail = (name: string, why: string) => new TensorscopeError('dataset-format', `${name}: ${why}`);

export async function parseParquet(bytes: Uint8Array, fileName: string, opts?: { maxRows?: number }): Promise<CsvTable> {
  const name = String(fileName);
  // hyparquet reads from an ArrayBuffer; a view into a larger buffer (a zip entry) is copied out first.
  const file = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
  let metadata;
  try {
    metadata = parquetMetadata(file, { parsers });
  } catch (e) {
    throw fail(name, `not a readable Parquet file (${describeError(e)}).`);
  }
  const rows = Number(metadata.num_rows);
  const maxRows = opts?.maxRows ?? DEFAULT_MAX_ROWS;
  if (rows > maxRows) throw fail(name, `has ${rows.toLocaleString('en-US')} rows; at most ${maxRows.toLocaleString('en-US')} can be loaded.`);
  const columns = parquetSchema(metadata).children.map((c) => c.element.name);
  if (columns.length > MAX_COLUMNS) throw fail(name, `has ${columns.length.toLocaleString('en-US')} columns; at most ${MAX_COLUMNS.toLocaleString('en-US')} are supported.`);
  if (rows === 0) throw fail(name, 'has no rows.');
  let records: JsonRecord[];
  try {
    const raw = await parquetReadObjects({ file, metadata, compressors, parsers });
    records = raw.map((r) => {
      const out: JsonRecord = {};
      for (const c of columns) out[c] = plain(r[c]);
      return out;
    });
  } catch (e) {
    throw fail(name, `could not be read (${describeError(e)}); if it uses a rare compression (LZ4, Brotli), write it again with snappy, gzip or zstd.`);
  }
  return tableFromRecords(records, name, 'parquet', columns);
}
