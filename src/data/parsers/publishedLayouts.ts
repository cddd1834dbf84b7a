import { readFileSync } from 'node:fs';

/**
 * Test helpers: published tables (vega-datasets' copies) written in the layouts other publishers use, so tests read
 * real values in real layouts: UCI's auto-mpg.data and the World Bank's API_*.csv.
 */
const vega = <T>(f: string): T => JSON.parse(readFileSync(new URL(`../../../node_modules/vega-datasets/data/${f}`, import.meta.url), 'utf8')) as T;

export type CarRecord = Record<string, string | number | null>;
export const cars = (): CarRecord[] => vega<CarRecord[]>('cars.json');

/** UCI's auto-mpg.data: columns aligned with spaces, a tab before the quoted car name, "?" for a gap, no header. */
export function autoMpgData(): string {
  const origin: Record<string, number> = { USA: 1, Europe: 2, Japan: 3 };
  return cars()
    .map((r) => [r.Miles_per_Gallon ?? '?', r.Cylinders, r.Displacement, r.Horsepower ?? '?', r.Weight_in_lbs, r.Acceleration, String(r.Year).slice(2, 4), origin[String(r.Origin)]].map((v) => String(v).padEnd(11)).join('') + `\t"${String(r.Name)}"`)
    .join('\n');
}

/**
 * The World Bank's API_*.csv: "Data Source" and "Last Updated Date" lines and blank lines above the header, every
 * value quoted, a trailing comma on every line; gapminder's life expectancies by country and year as the values.
 */
export function worldBankCsv(): { text: string; countries: string[]; years: number[] } {
  const gap = vega<{ year: number; country: string; life_expect: number }[]>('gapminder.json');
  const years = [...new Set(gap.map((r) => r.year))].sort();
  const countries = [...new Set(gap.map((r) => r.country))];
  const q = (v: string | number) => `"${v}"`;
  const text = [
    `${q('Data Source')},${q('World Development Indicators')},`,
    '',
    `${q('Last Updated Date')},${q('2024-06-28')},`,
    '',
    [q('Country Name'), q('Country Code'), q('Indicator Name'), q('Indicator Code'), ...years.map(q)].join(',') + ',',
    ...countries.map((c) => [q(c), q(c.slice(0, 3).toUpperCase()), q('Life expectancy at birth, total (years)'), q('SP.DYN.LE00.IN'), ...years.map((y) => q(gap.find((r) => r.country === c && r.year === y)?.life_expect ?? ''))].join(',') + ','),
  ].join('\n');
  return { text, countries, years };
}
