import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeFragment } from '../share/link';
import { storeWithHost, waitFor } from '../test/studioHarness';
import type { ShareDeps } from './shareController';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Copy embed code', () => {
  it('gives an <iframe> of embed.html carrying the trained model, with the allow list encoded; a typo is refused in words', async () => {
    const copied: string[] = [];
    const share: ShareDeps = {
      pageUrl: () => 'https://example.org/tensorscope/?worker=off',
      download: () => {},
      copyText: async (t) => (copied.push(t), true),
      replaceFragment: () => {},
      fetch: () => Promise.reject(new Error('no network in tests')),
    };
    const a = storeWithHost({ share });
    await a.getState().init();
    await waitFor(a, () => a.getState().dataset.status === 'ready');
    a.getState().setBackendChoice('cpu');
    a.getState().updateTraining({ epochs: 1, maxTrainSamples: 320 });
    a.getState().startTraining();
    await waitFor(a, () => a.getState().run.status === 'done', 60_000);

    await a.getState().makeEmbedCode('example.com');
    expect(a.getState().share.embed).toEqual({ error: expect.stringMatching(/“example\.com” is not a site's origin/) });

    await a.getState().makeEmbedCode(' https://a.example/page?x=1 , http://b.example:8080 ');
    const embed = a.getState().share.embed;
    if (!embed || !('code' in embed)) throw new Error('no embed code');
    expect(embed.copied).toBe(true);
    expect(copied.at(-1)).toBe(embed.code);
    expect(embed.src.startsWith('https://example.org/tensorscope/embed.html?allow=https%3A%2F%2Fa.example,http%3A%2F%2Fb.example%3A8080#d1.')).toBe(true);
    expect(embed.code).toBe(`<iframe src="${embed.src.replace(/&/g, '&amp;')}" width="320" height="480" title="Tensorscope model: Keras MLP"></iframe>`);
    // The fragment is a demo link of this model: the same one "Demo link with trained model" makes.
    const decoded = decodeFragment(embed.src.slice(embed.src.indexOf('#')));
    expect(decoded.kind).toBe('demo');
    if (decoded.kind === 'demo') expect(decoded.payload.spec.model).toEqual(a.getState().spec.model);

    // A new run makes the code stale: it is cleared.
    a.getState().startTraining();
    await waitFor(a, () => a.getState().share.embed == null, 30_000);
  });
});
