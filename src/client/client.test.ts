import { afterEach, describe, expect, it } from 'vitest';
import { Tensorscope, TensorscopeError, chunkBatch, connect, type TensorscopeModel } from './index';
import { fakeFramePair, type FakeEmbedWindow } from './fakeFrame';
import type { ModelDescription, PredictRequest } from './protocol';

const DESCRIPTION: ModelDescription = {
  name: 'Keras MLP',
  input: 'image',
  shape: [28, 28, 1],
  task: 'classification',
  classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  columns: null,
  target: null,
  uncertainty: true,
  testMetric: 0.9,
  limits: { maxBatch: 256, maxRequestBytes: 1_000_000, maxRequestsPerSecond: 50 },
};

const envelope = { source: 'tensorscope', protocol: 1 } as const;

/** The answer a digit model gives: the class named by the input's first number, certain. */
function answerFor(input: unknown) {
  const k = Array.isArray(input) ? Number(input[0]) : 0;
  const probs = DESCRIPTION.classes!.map((_, i) => (i === k ? 1 : 0));
  return { task: 'classification', label: String(k), classes: DESCRIPTION.classes, probs, sigma: probs.map(() => 0), interval: probs.map((p) => [p, p]) };
}

/** An embed that answers describe and predict requests the way embed.html does. */
function answering(embed: FakeEmbedWindow, opts: { ready?: boolean } = {}) {
  embed.onMessage = (data) => {
    const m = data as PredictRequest | { type: 'describe'; id: string };
    if (m.type === 'describe') {
      if (opts.ready === false) embed.reply({ ...envelope, type: 'error', id: m.id, code: 'not-ready', message: 'Loading the model…' });
      else embed.reply({ ...envelope, type: 'description', id: m.id, model: DESCRIPTION });
    } else if (m.type === 'predict' && m.inputs) {
      embed.reply({ ...envelope, type: 'predictions', id: m.id, passes: 20, ms: 1, predictions: m.inputs.map(answerFor) });
    } else if (m.type === 'predict') {
      embed.reply({ ...envelope, type: 'prediction', id: m.id, passes: 20, ms: 1, ...answerFor(m.input) });
    }
  };
}

const open: TensorscopeModel[] = [];
afterEach(() => {
  for (const m of open.splice(0)) m.close();
});

async function connected(opts: Parameters<typeof connect>[1] = {}) {
  const pair = fakeFramePair();
  answering(pair.embed);
  // The fake frame has the two fields connect reads; a real HTMLIFrameElement needs a DOM.
  const model = await connect(pair.frame as unknown as HTMLIFrameElement, { window: pair.page, ...opts });
  open.push(model);
  return { ...pair, model };
}

describe('connect', () => {
  it('resolves with the description when an iframe already on the page answers', async () => {
    const { model, embed } = await connected();
    expect(model.describe()).toEqual(DESCRIPTION);
    expect(model.origin).toBe('https://models.example');
    // Messages go only to the embed's origin and say who they are from.
    expect(embed.received[0]).toMatchObject({ source: 'tensorscope', type: 'describe' });
  });

  it('waits through "still loading" answers and resolves on the model\'s ready message', async () => {
    const { page, embed, frame } = fakeFramePair();
    answering(embed, { ready: false });
    const pending = connect(frame as unknown as HTMLIFrameElement, { window: page, timeoutMs: 5000 });
    await new Promise((r) => setTimeout(r, 600));
    expect(embed.received.length).toBeGreaterThan(1);
    embed.reply({ ...envelope, type: 'ready', model: { ...DESCRIPTION, name: 'Loaded' } });
    const model = await pending;
    open.push(model);
    expect(model.describe().name).toBe('Loaded');
  });

  it('times out with code "timeout" and the embed\'s last word when the model never gets ready', async () => {
    const { page, embed, frame } = fakeFramePair();
    answering(embed, { ready: false });
    const err = await connect(frame as unknown as HTMLIFrameElement, { window: page, timeoutMs: 400 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TensorscopeError);
    expect((err as TensorscopeError).code).toBe('timeout');
    expect((err as TensorscopeError).message).toContain('Loading the model');
    // It stops listening once it gives up.
    expect(page.listenerCount).toBe(0);
  });

  it('fails at once with the embed\'s code when it refuses the page (e.g. origin-refused)', async () => {
    const { page, embed, frame } = fakeFramePair();
    embed.onMessage = (d) => embed.reply({ ...envelope, type: 'error', id: (d as { id: string }).id, code: 'origin-refused', message: 'https://page.example is not allowed.' });
    const started = Date.now();
    const err = await connect(frame as unknown as HTMLIFrameElement, { window: page, timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect((err as TensorscopeError).code).toBe('origin-refused');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fails at once when the embed says, unasked, that the model could not load', async () => {
    const { page, embed, frame } = fakeFramePair();
    embed.onMessage = () => embed.reply({ ...envelope, type: 'error', id: null, code: 'not-ready', message: 'The link is damaged.' });
    const err = await connect(frame as unknown as HTMLIFrameElement, { window: page, timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'not-ready', message: 'The link is damaged.' });
  });
});

describe('requests', () => {
  it('predict returns the answer without the envelope', async () => {
    const { model } = await connected();
    const r = await model.predict([3, 0, 0], { passes: 10, scale: '0-1' });
    expect(r).toEqual(answerFor([3]));
    expect(r).not.toHaveProperty('id');
  });

  it('passes and scale reach the embed', async () => {
    const { model, embed } = await connected();
    await model.predict([1], { passes: 7, scale: '0-255' });
    expect(embed.received.at(-1)).toMatchObject({ type: 'predict', passes: 7, scale: '0-255', input: [1] });
  });

  it('matches answers to requests by id, whatever order they come back in', async () => {
    const { model, embed } = await connected();
    const held: PredictRequest[] = [];
    embed.onMessage = (d) => {
      held.push(d as PredictRequest);
      if (held.length === 3) for (const m of held.reverse()) embed.reply({ ...envelope, type: 'prediction', id: m.id, passes: 1, ms: 1, ...answerFor(m.input) });
    };
    const labels = await Promise.all([model.predict([4]), model.predict([5]), model.predict([6])]);
    expect(labels.map((r) => (r.task === 'classification' ? r.label : null))).toEqual(['4', '5', '6']);
  });

  it('an error reply rejects that request with the embed\'s code and message', async () => {
    const { model, embed } = await connected();
    embed.onMessage = (d) => embed.reply({ ...envelope, type: 'error', id: (d as PredictRequest).id, code: 'bad-input', message: 'Expected 784 numbers, got 3.' });
    const err = await model.predict([1, 2, 3]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TensorscopeError);
    expect(err).toMatchObject({ code: 'bad-input', message: 'Expected 784 numbers, got 3.' });
  });

  it('a request nobody answers times out; a late answer afterwards is ignored', async () => {
    const { model, embed } = await connected();
    let late: PredictRequest | null = null;
    embed.onMessage = (d) => {
      late = d as PredictRequest;
    };
    const err = await model.predict([1], { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'timeout' });
    answering(embed);
    embed.reply({ ...envelope, type: 'prediction', id: late!.id, passes: 1, ms: 1, ...answerFor([9]) });
    // The connection still works after the late answer.
    expect(await model.predict([2])).toMatchObject({ label: '2' });
  });

  it('ignores messages from other windows, other origins, other senders and unknown ids', async () => {
    const { model, embed, page } = await connected();
    let id = '';
    embed.onMessage = (d) => {
      id = (d as PredictRequest).id as string;
      const forged = { ...envelope, type: 'prediction', id, passes: 1, ms: 1, ...answerFor([7]) };
      page.deliver(forged, { origin: 'https://models.example', window: {} }); // another frame of the same origin
      page.deliver(forged, { origin: 'https://evil.example', window: embed }); // the frame, navigated elsewhere
      embed.reply({ ...forged, source: 'someone-else' });
      embed.reply({ ...forged, id: 'not-ours' });
      embed.reply('a string');
      setTimeout(() => embed.reply({ ...envelope, type: 'prediction', id, passes: 1, ms: 1, ...answerFor([1]) }), 30);
    };
    expect(await model.predict([1])).toMatchObject({ label: '1' });
  });

  it('predictBatch splits a batch over the model\'s limits and keeps the order', async () => {
    const { model, embed } = await connected();
    const xs = Array.from({ length: 600 }, (_, i) => [i % 10]);
    const out = await model.predictBatch(xs);
    expect(out.map((r) => (r.task === 'classification' ? r.label : ''))).toEqual(xs.map((x) => String(x[0])));
    const batches = embed.received.filter((m) => (m as PredictRequest).inputs).map((m) => (m as PredictRequest).inputs!.length);
    expect(batches).toEqual([256, 256, 88]);
  });

  it('close fails waiting requests with "closed", and later ones too', async () => {
    const { model, embed, page } = await connected();
    embed.onMessage = () => {};
    const waiting = model.predict([1]).catch((e: unknown) => e);
    model.close();
    expect(await waiting).toMatchObject({ code: 'closed' });
    expect(await model.predict([1]).catch((e: unknown) => e)).toMatchObject({ code: 'closed' });
    expect(page.listenerCount).toBe(0);
  });
});

describe('chunkBatch', () => {
  it('keeps each chunk under the byte limit (8 bytes a number)', () => {
    const image = new Array(784).fill(0);
    const chunks = chunkBatch(new Array(300).fill(image), { maxBatch: 256, maxRequestBytes: 1_000_000, maxRequestsPerSecond: 50 });
    expect(chunks.map((c) => c.length)).toEqual([159, 141]);
  });
});

it('the Tensorscope namespace holds the same connect and error class as the named exports', () => {
  expect(Tensorscope.connect).toBe(connect);
  expect(Tensorscope.TensorscopeError).toBe(TensorscopeError);
  expect(Tensorscope.embedUrl('embed.html', '#d1.abc', ['https://a.example'])).toBe('embed.html?allow=https%3A%2F%2Fa.example#d1.abc');
});
