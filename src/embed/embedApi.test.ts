import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUEUED, type EmbedReply } from '../client/protocol';
import { buildModel } from '../models/buildModel';
import { specFromPreset } from '../models/presets';
import { encodeDemoLink } from '../share/link';
import { TrainingHost } from '../training/host';
import { modelTopology, readWeights } from '../training/modelTransfer';
import { toTfjsArtifacts } from '../share/tfjsArtifacts';
import type { EngineClient } from '../training/client';
import { mnistFixture } from '../test/mnistFixture';
import { parseAllowList } from './allowList';
import { createEmbedApi } from './embedApi';
import { createEmbedController } from './embedController';
import type { EmbedModel } from './embedModel';
import type { CreateClient } from './embedEngine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The real engine (TrainingHost) on this thread, as the app's main-thread fallback wires it. */
const hostClient: CreateClient = async (onMessage) => {
  const host = new TrainingHost((msg) => queueMicrotask(() => onMessage(msg)));
  const client: EngineClient = { mode: 'main-thread', fallbackReason: null, send: (m) => void host.handle(m), terminate: () => void host.handle({ type: 'reset' }) };
  return client;
};

async function demoFragment(): Promise<string> {
  const spec = specFromPreset('mlp-digits');
  const model = buildModel(spec, [28, 28, 1]);
  const weights = await readWeights(model);
  model.dispose();
  return encodeDemoLink({ spec, inputShape: [28, 28, 1], classNames: null, normalization: { kind: spec.dataset.normalization, mean: [0], std: [255] }, accuracy: 0.5, weights });
}

/** An embed on a real engine with a demo link's model; replies collected per origin. */
async function loadedEmbed(allow = '', now = () => performance.now()) {
  const controller = createEmbedController({ createClient: hostClient, fetch, backend: 'cpu', deadlineMs: 5000, now });
  const api = createEmbedApi({ allow: parseAllowList(allow), status: controller.status, predict: controller.predict, now, queue: controller.queue });
  let ready: EmbedModel | null = null;
  await controller.load(`#${await demoFragment()}`, (m) => (ready = m));
  const replies: EmbedReply[] = [];
  const ask = async (data: unknown, origin = 'https://parent.example') => {
    const before = replies.length;
    const handled = api.handle(data, origin, (r) => replies.push(r));
    await controller.queue.idle();
    return { handled, reply: replies[before] as EmbedReply | undefined };
  };
  return { controller, api, ready: ready as EmbedModel | null, replies, ask };
}

describe('the embed API on a real engine', () => {
  it('describes the model and answers single and batch predictions with MC-dropout error bars', async () => {
    const e = await loadedEmbed();
    expect(e.ready?.description).toMatchObject({ input: 'image', shape: [28, 28, 1], task: 'classification', uncertainty: true, testMetric: 0.5, classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] });
    const ds = await mnistFixture(7);
    const digit = Array.from(ds.x.subarray(0, 784));
    const one = await e.ask({ type: 'predict', id: 'a', input: digit });
    expect(one.reply).toMatchObject({ source: 'tensorscope', protocol: 1, type: 'prediction', id: 'a', passes: 20, task: 'classification' });
    const p = one.reply as Extract<EmbedReply, { type: 'prediction' }> & { task: 'classification' };
    expect(p.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(p.sigma).toHaveLength(10);
    p.interval!.forEach(([lo, hi], k) => {
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      expect(lo).toBeLessThanOrEqual(p.probs[k] + 1e-6);
    });
    const batch = await e.ask({ type: 'predict', id: 2, inputs: Array.from({ length: 64 }, (_, i) => ds.x.subarray(i * 784, (i + 1) * 784)), passes: 5 });
    expect(batch.reply).toMatchObject({ type: 'predictions', id: 2, passes: 5 });
    expect((batch.reply as Extract<EmbedReply, { type: 'predictions' }>).predictions).toHaveLength(64);
    const d = await e.ask({ type: 'describe', id: 'd' });
    expect(d.reply).toMatchObject({ type: 'description', id: 'd', model: { name: 'Small MLP (digits)' } });
  });

  it('answers each bad input with its code and keeps answering good ones', async () => {
    const e = await loadedEmbed();
    const good = { type: 'predict', id: 'ok', input: new Array(784).fill(0) };
    const cases: [unknown, string][] = [
      [{ type: 'predict', id: 1, input: new Array(783).fill(0) }, 'bad-input'],
      [{ type: 'predict', id: 2, input: Object.assign(new Array(784).fill(0), { 3: NaN }) }, 'not-finite'],
      [{ type: 'predict', id: 3, input: new Float64Array(12_500_000) }, 'too-large'],
      [{ source: 'tensorscope', type: 'fly', id: 4 }, 'bad-request'],
      [{ type: 'predict', input: new Array(784).fill(0) }, 'bad-request'],
    ];
    for (const [msg, code] of cases) {
      expect((await e.ask(msg)).reply).toMatchObject({ type: 'error', code });
      expect((await e.ask(good)).reply).toMatchObject({ type: 'prediction', id: 'ok' });
    }
  });

  it('refuses origins off the allow list, and only those', async () => {
    const e = await loadedEmbed('https://parent.example');
    expect((await e.ask({ type: 'describe', id: 1 }, 'https://other.example')).reply).toMatchObject({ type: 'error', code: 'origin-refused', id: 1, message: expect.stringMatching(/https:\/\/other\.example is not on its allow list/) });
    expect((await e.ask({ type: 'describe', id: 2 }, 'https://parent.example')).reply).toMatchObject({ type: 'description' });
  });

  it('rate-limits per origin and refuses beyond the queue with busy', async () => {
    let t = 0;
    const e = await loadedEmbed('', () => t);
    const codes: string[] = [];
    for (let i = 0; i < 55; i++) e.api.handle({ type: 'describe', id: i }, 'https://a.example', (r) => codes.push(r.type === 'error' ? r.code : r.type));
    expect(codes.filter((c) => c === 'description')).toHaveLength(50);
    expect(codes.filter((c) => c === 'rate-limited')).toHaveLength(5);
    t += 1000;
    const queued: string[] = [];
    for (let i = 0; i < MAX_QUEUED + 3; i++) e.api.handle({ type: 'predict', id: i, input: new Array(784).fill(0), passes: 1 }, 'https://a.example', (r) => queued.push(r.type === 'error' ? r.code : r.type));
    await e.controller.queue.idle();
    // One runs at once, MAX_QUEUED wait, the rest are busy.
    expect(queued.filter((c) => c === 'busy')).toHaveLength(2);
    expect(queued.filter((c) => c === 'prediction')).toHaveLength(MAX_QUEUED + 1);
  });

  it('a link that is no model: the frame says why, and requests get not-ready with that reason', async () => {
    const controller = createEmbedController({ createClient: hostClient, fetch, backend: 'cpu', deadlineMs: 5000, now: () => 0 });
    const api = createEmbedApi({ allow: parseAllowList(null), status: controller.status, predict: controller.predict, now: () => 0, queue: controller.queue });
    await controller.load('#d1.broken', () => {});
    expect(controller.store.getState().status).toBe('error');
    const replies: EmbedReply[] = [];
    api.handle({ type: 'predict', id: 9, input: [1] }, 'https://p.example', (r) => replies.push(r));
    expect(replies[0]).toMatchObject({ type: 'error', id: 9, code: 'not-ready', message: expect.stringContaining(controller.store.getState().message) });
  });

  it('a model URL that answers 404 fails with the address and status', async () => {
    const fake404: typeof fetch = async () => new Response('nope', { status: 404, statusText: 'Not Found' });
    const controller = createEmbedController({ createClient: hostClient, fetch: fake404, backend: 'cpu', deadlineMs: 5000, now: () => 0 });
    const url = 'https://models.example/m/model.json';
    await controller.load(`#m1.${Buffer.from(url).toString('base64url')}`, () => {});
    const s = controller.store.getState();
    expect(s.origin).toBe('https://models.example');
    expect(s.status).toBe('error');
    expect(s.message).toMatch(/404/);
  });

  it('a model link (model.json URL) is fetched without a confirm step and answers like a demo model', async () => {
    const spec = specFromPreset('mlp-digits');
    const model = buildModel(spec, [28, 28, 1]);
    const art = toTfjsArtifacts(await modelTopology(model), await readWeights(model), 'float32');
    model.dispose();
    const asked: string[] = [];
    const serve: typeof fetch = async (input) => {
      const url = String(input instanceof Request ? input.url : input);
      asked.push(url);
      if (url.endsWith('/model.json')) return new Response(JSON.stringify(art.modelJson), { status: 200, headers: { 'content-type': 'application/json' } });
      return new Response(art.weightData, { status: 200 });
    };
    const controller = createEmbedController({ createClient: hostClient, fetch: serve, backend: 'cpu', deadlineMs: 5000, now: () => performance.now() });
    let ready: EmbedModel | null = null;
    await controller.load(`#m1.${Buffer.from('https://models.example/digits/model.json').toString('base64url')}`, (m) => (ready = m));
    expect(controller.store.getState()).toMatchObject({ status: 'ready', origin: 'https://models.example' });
    expect(asked[0]).toBe('https://models.example/digits/model.json');
    expect((ready as EmbedModel | null)?.description).toMatchObject({ name: 'model.json', input: 'image', task: 'classification', uncertainty: true, testMetric: null });
    const api = createEmbedApi({ allow: parseAllowList(null), status: controller.status, predict: controller.predict, now: () => performance.now(), queue: controller.queue });
    const replies: EmbedReply[] = [];
    api.handle({ type: 'predict', id: 1, input: new Array(784).fill(0.5) }, 'https://p.example', (r) => replies.push(r));
    await controller.queue.idle();
    expect(replies[0]).toMatchObject({ type: 'prediction', id: 1, passes: 20 });
  });
});
