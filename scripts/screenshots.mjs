// Screenshots for the README: the studio mid-run at four sizes, light and dark, and the table dialog with a file
// from outside (a European Excel CSV: "sep=;", decimal commas, day-first dates) in light and dark.
// Usage: serve the app (npm start, or npm run build && npm run preview), then
//   node scripts/screenshots.mjs [baseUrl] [outDir] [studio|table]   (both when left out)
// Each shot is the visible viewport (not the full page): it shows what a person sees while a run trains.
import { chromium } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';

const base = process.argv[2] ?? 'http://localhost:5173/';
const out = process.argv[3] ?? 'docs/screenshots';
const only = process.argv[4];
const SIZES = [
  [1440, 900],
  [1280, 720],
  [768, 1024],
  [390, 844],
];
const THEMES = ['light', 'dark'];

mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'],
});
for (const theme of only === 'table' ? [] : THEMES) {
  for (const [width, height] of SIZES) {
    const ctx = await browser.newContext({ viewport: { width, height }, colorScheme: theme, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    page.on('console', (m) => m.type() === 'error' && console.log(`  console error: ${m.text()}`));
    await page.goto(base);
    await page.getByTestId('dataset-ready').waitFor({ timeout: 60_000 });
    await page.getByTestId('backend-select').selectOption('wasm');
    await page.getByTestId('subset-select').selectOption('2000');
    await page.getByTestId('epochs-input').fill('40');
    await page.getByTestId('train-button').click();
    // Long enough for the charts to show a curve and the first evaluation; the run is still going.
    await page.getByTestId('pause-button').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(9_000);
    const name = `${out}/studio-${width}x${height}-${theme}.png`;
    await page.screenshot({ path: name });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    console.log(`${name}${overflow > 0 ? `  (horizontal overflow ${overflow}px)` : ''}`);
    await ctx.close();
  }
}
// Seattle's weather as Excel saves a CSV in Germany: a "sep=;" line, ';' between fields, decimal commas, 31/12/2012.
const weather = readFileSync('node_modules/vega-datasets/data/seattle-weather.csv', 'utf8')
  .replace(/(\d{4})-(\d{2})-(\d{2})/g, '$3/$2/$1')
  .replace(/,/g, ';')
  .replace(/(\d)\.(\d)/g, '$1,$2');
for (const theme of only === 'studio' ? [] : THEMES) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: theme, deviceScaleFactor: 1 });
  const page = await ctx.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log(`  console error: ${m.text()}`));
  await page.goto(base);
  await page.getByTestId('dataset-ready').waitFor({ timeout: 60_000 });
  await page.getByTestId('source-tab-files').click();
  await page.getByTestId('file-input').setInputFiles({ name: 'wetter.csv', mimeType: 'text/csv', buffer: Buffer.from('sep=;\r\n' + weather.replace(/\n/g, '\r\n'), 'latin1') });
  await page.getByTestId('table-prep').waitFor({ timeout: 60_000 });
  await page.getByTestId('table-use').waitFor({ state: 'visible' });
  const name = `${out}/table-prep-${theme}.png`;
  await page.screenshot({ path: name });
  console.log(name);
  await ctx.close();
}
await browser.close();
