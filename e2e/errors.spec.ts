import { expect, test, type Page } from '@playwright/test';
import { saveShot } from './helpers';

test('a dataset that cannot be downloaded is explained in plain words, and Train says why it is disabled', async ({ page, context }) => {
  await context.route('**/data/mnist-10k.tsds.gz', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await page.goto('./');
  const alert = page.getByTestId('dataset-panel').getByRole('alert');
  await expect(alert).toContainText('HTTP 404');
  await expect(page.getByTestId('train-button')).toBeDisabled();
  await expect(page.getByTestId('training-panel')).toContainText('The dataset failed to load');
  await saveShot(page, 'dataset-404');
});

test('a corrupt dataset file is refused with the reason', async ({ page, context }) => {
  await context.route('**/data/mnist-10k.tsds.gz', (route) => route.fulfill({ status: 200, body: Buffer.from('this is not a dataset at all, just text') }));
  await page.goto('./');
  await expect(page.getByTestId('dataset-panel').getByRole('alert')).toContainText('not a Tensorscope bundle');
});

test('the bundled MNIST is downloaded once: the page\'s boot script starts both workers as the HTML is read, and the app adopts them', async ({ page, context }) => {
  // A data worker that the app made itself would fetch the file a second time; one it failed to adopt would linger.
  const requests: string[] = [];
  context.on('request', (r) => {
    if (r.url().includes('/data/mnist-10k.tsds.gz')) requests.push(r.url());
  });
  await page.goto('./');
  await expect(page.getByTestId('dataset-ready')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('dataset-name')).toContainText('MNIST');
  expect(requests).toHaveLength(1);
  // Both taken from the boot script (nothing left behind), and no second copy of either started.
  expect(await page.evaluate(() => Object.keys((window as { __tensorscopeBoot?: object }).__tensorscopeBoot ?? { missing: 1 }))).toEqual([]);
  expect(page.workers().map((w) => w.url().replace(/.*\/assets\//, '').replace(/-[\w-]+\.js$/, '')).sort()).toEqual(['data.worker', 'training.worker']);
});

/** Train on the page as opened, as soon as it can: a first batch comes, on a backend that started; then Stop. */
async function trainsOnPlainPage(page: Page): Promise<void> {
  await page.getByTestId('train-button').click({ timeout: 60_000 });
  await expect(page.getByTestId('run-progress')).toContainText(/batch [1-9]/, { timeout: 60_000 });
  await expect(page.getByTestId('active-backend')).not.toContainText('not started');
  await page.getByTestId('stop-button').click();
}

test('the training worker prepares for the default model from its boot hint, once: Train on a plain page trains, with one copy of TensorFlow.js', async ({ page }) => {
  // A second copy of the worker's entry (its lazy backends importing it by another URL) registers every kernel again.
  const twice: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('already registered')) twice.push(m.text());
  });
  await page.goto('./');
  await trainsOnPlainPage(page);
  expect(twice).toEqual([]);
});

test('stored preferences that are not what the app wrote (broken JSON, wrong shapes) are ignored: the boot hint and the app measure the backend again, and Train trains', async ({ context, page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  for (const stored of ['{"probes": not json', JSON.stringify({ probes: { k: { chosen: 'quantum', results: 'nope' }, j: null }, extra: [1] }), JSON.stringify(['probes'])]) {
    await context.addInitScript((v) => localStorage.setItem('tensorscope:prefs', v), stored);
    await page.goto('./');
    await trainsOnPlainPage(page);
  }
  expect(errors).toEqual([]);
});

test('a bundled MNIST that never answers: the page gives up at its deadline with the reason, and Train says why', async ({ page, context }) => {
  // Never fulfilled: the page's early download and the worker's own both hang until the deadline.
  await context.route('**/data/mnist-10k.tsds.gz', () => {});
  await page.goto('./?fetchDeadline=4000');
  const alert = page.getByTestId('dataset-panel').getByRole('alert');
  await expect(alert).toContainText('no complete answer within 4 s', { timeout: 20_000 });
  await expect(page.getByTestId('train-button')).toBeDisabled();
});
