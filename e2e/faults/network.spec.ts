// Network faults on the person's own URLs: a server that stalls after its headers, and one that declares 600 MB.
// The servers run inside the test (node:http on 127.0.0.1, an ephemeral port, with a CORS header), and the page is
// opened with a short download deadline (?fetchDeadline=…) so the give-up is seen in seconds, not the 60 s default.
import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { openStudio, saveShot } from '../helpers';

const DEADLINE_MS = 5000;
let server: Server;
const sockets = new Set<Socket>();
let base = '';

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'access-control-allow-headers': '*' });
      return res.end();
    }
    const path = (req.url ?? '').split('?')[0];
    if (path === '/stall.csv') {
      // Headers and the first 256 KB of a declared 10 MB, then nothing: the body stalls forever.
      res.writeHead(200, { ...cors, 'content-type': 'text/csv', 'content-length': String(10 * 1024 * 1024) });
      res.write(`x,y\n${'1,2\n'.repeat(64 * 1024)}`);
      return;
    }
    if (path === '/huge/model.json') {
      // Declares 600 MB; sends one byte and stalls: only reading Content-Length first answers at once.
      res.writeHead(200, { ...cors, 'content-type': 'application/json', 'content-length': String(600 * 1024 * 1024) });
      res.write('{');
      return;
    }
    if (path === '/stall/model.json') {
      res.writeHead(200, { ...cors, 'content-type': 'application/json', 'content-length': '100000' });
      res.write('{"format": "layers-model", ');
      return;
    }
    res.writeHead(404, cors);
    res.end('not here');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('a dataset URL that stalls after its headers: progress, Cancel keeps MNIST; left alone it gives up at the deadline', async ({ page }) => {
  await openStudio(page, `?fetchDeadline=${DEADLINE_MS}`);
  await expect(page.getByTestId('dataset-name')).toContainText('MNIST');
  await page.getByTestId('source-tab-url').click();
  await expect(page.getByTestId('url-deadline-note')).toContainText(`gives up after ${DEADLINE_MS / 1000} s`);
  await page.getByTestId('url-input').fill(`${base}/stall.csv`);

  await page.getByTestId('url-load').click();
  // The body started: the progress bar shows the download with its bytes.
  await expect(page.getByTestId('dataset-progress')).toContainText('Downloading stall.csv', { timeout: DEADLINE_MS - 1000 });
  await expect(page.getByTestId('dataset-progress')).toContainText('of 10.5 MB', { timeout: DEADLINE_MS - 1000 });
  await page.getByTestId('dataset-cancel').click();
  await expect(page.getByTestId('dataset-error')).toContainText('Cancelled: downloading stall.csv was stopped');
  await expect(page.getByTestId('dataset-error')).toContainText('The dataset loaded before is still loaded and usable.');
  await expect(page.getByTestId('dataset-progress')).toBeHidden();
  await expect(page.getByTestId('dataset-cancel')).toBeHidden();
  await expect(page.getByTestId('dataset-name')).toContainText('MNIST');
  await saveShot(page, 'fault-stalled-url-cancelled');

  // The same URL, left alone: the one deadline (connect + body) ends it, and MNIST is still the dataset.
  const t0 = Date.now();
  await page.getByTestId('url-load').click();
  await expect(page.getByTestId('dataset-progress')).toContainText('Downloading stall.csv');
  await expect(page.getByTestId('dataset-error')).toContainText(`${base}/stall.csv: no complete answer within ${DEADLINE_MS / 1000} s (the server stalled or is too slow); gave up.`, { timeout: DEADLINE_MS + 15_000 });
  expect(Date.now() - t0).toBeGreaterThanOrEqual(DEADLINE_MS - 500);
  await expect(page.getByTestId('dataset-name')).toContainText('MNIST');
  await expect(page.getByTestId('dataset-progress')).toBeHidden();
  await expect(page.getByTestId('url-load')).toBeEnabled();
  await saveShot(page, 'fault-stalled-url-deadline');
});

test('model URL imports: a declared 600 MB model.json is refused at once; a stalled one shows progress and cancels', async ({ page }) => {
  await openStudio(page, `?fetchDeadline=${DEADLINE_MS}`);
  await page.getByTestId('import-url').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('import-deadline-note')).toContainText(`gives up after ${DEADLINE_MS / 1000} s`);

  const t0 = Date.now();
  await page.getByTestId('import-url').fill(`${base}/huge/model.json`);
  await page.getByTestId('import-url-button').click();
  await expect(page.getByTestId('import-status')).toHaveText('model.json: the server declares 600 MB (Content-Length), over the 50 MB limit; refused before downloading.', {
    timeout: DEADLINE_MS - 1000,
  });
  // At once: well before the deadline, which is the only other way this request could end.
  expect(Date.now() - t0).toBeLessThan(DEADLINE_MS - 1000);
  await expect(page.getByTestId('import-cancel')).toBeHidden();

  await page.getByTestId('import-url').fill(`${base}/stall/model.json`);
  await page.getByTestId('import-url-button').click();
  await expect(page.getByTestId('import-progress')).toContainText('Fetching model.json', { timeout: DEADLINE_MS - 1000 });
  await page.getByTestId('import-cancel').click();
  await expect(page.getByTestId('import-status')).toContainText('Cancelled: the import of');
  await expect(page.getByTestId('import-status')).toContainText('the model in use is unchanged');
  await expect(page.getByTestId('import-progress')).toBeHidden();
  // The dataset and the studio are untouched by either.
  await expect(page.getByTestId('dataset-name')).toContainText('MNIST');
  await saveShot(page, 'fault-model-url');
});
