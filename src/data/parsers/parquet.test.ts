import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TensorscopeError } from '../../core/errors';
import { parseParquet } from './parquet';
import { parseJsonTable } from './jsonTable';

// Files pandas and pyarrow 25 wrote (fixtures/SOURCES.md): snappy (pandas' default), gzip and zstd (Polars' default).
const fixture = (f: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${f}`, import.meta.url)));
const penguinsJson = readFileSync(new URL('../../../node_modules/vega-datasets/data/penguins.json', import.meta.url), 'utf8');

describe('Parquet', () => {
  it("pandas' to_parquet (snappy) reads as the same table as the JSON it came from", async () => {
    const t = await parseParquet(fixture('penguins.parquet'), 'penguins.parquet');
    const j = parseJsonTable(penguinsJson, 'penguins.json');
    expect(t).toMatchObject({ rowCount: 344, delimiter: 'parquet', header: j.header });
    for (let c = 0; c < j.header.length; c++) {
      expect(Array.from(t.numeric[c]), j.header[c]).toEqual(Array.from(j.numeric[c]));
      expect(t.text[c], j.header[c]).toEqual(j.text[c]);
    }
  });

  it('gzip, and zstd with typed columns: dates, timestamps (µs, ns with a zone, before 1970), float32, nullable int64, decimals, booleans, categories', async () => {
    expect((await parseParquet(fixture('penguins-gzip.parquet'), 'p.parquet')).rowCount).toBe(120);
    const t = await parseParquet(fixture('seattle-weather-types.parquet'), 'w.parquet');
    expect(t.header).toEqual(['day', 'ts', 'ts_utc', 'precipitation', 'temp_max', 'wind', 'rain', 'weather']);
    const col = (name: string) => t.header.indexOf(name);
    expect(t.text[col('day')]?.[0]).toBe('2012-01-01');
    expect(t.text[col('ts')]?.[1]).toBe('2012-01-02T01:00:00.000Z');
    expect(t.text[col('ts_utc')]?.[0]).toBe('1952-01-16T00:00:00.000Z');
    expect(t.numeric[col('precipitation')][1]).toBe(Math.fround(10.9));
    expect(t.numeric[col('temp_max')][3]).toBeNaN();
    expect(t.numeric[col('temp_max')][0]).toBe(13);
    expect(t.numeric[col('wind')][0]).toBe(4.7);
    expect(t.text[col('rain')]?.slice(0, 6)).toEqual(['false', 'true', 'true', 'true', 'true', '']);
    expect(t.text[col('weather')]?.[0]).toBe('drizzle');
  });

  it('refuses a file with more rows than can be loaded before decoding it, and a damaged one with a message', async () => {
    const big = new Uint8Array(readFileSync(new URL('../../../node_modules/vega-datasets/data/flights-3m.parquet', import.meta.url)));
    await expect(parseParquet(big, 'flights-3m.parquet')).rejects.toThrow('flights-3m.parquet: has 3,000,000 rows; at most 2,000,000 can be loaded.');
    const cut = fixture('penguins.parquet').slice(0, 3000);
    const e = await parseParquet(cut, 'cut.parquet').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TensorscopeError);
    expect((e as Error).message).toMatch(/^cut\.parquet: not a readable Parquet file/);
  });
});
