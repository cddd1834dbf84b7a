import { expect, test } from '@playwright/test';
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
