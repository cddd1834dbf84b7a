/**
 * The typed client for an embedded Tensorscope model: a page puts embed.html in an iframe (or lets `connect` do it)
 * and calls the model over postMessage, with timeouts and typed errors. Built as its own ES module
 * (dist/client/tensorscope-client.js); it imports nothing of the app's, only the message contract in ./protocol.
 *
 *   const model = await Tensorscope.connect(iframe, { timeoutMs: 30_000 });
 *   model.describe();                       // what the model takes and answers, from its `ready` message
 *   await model.predict(pixels, { passes: 20 });
 *   await model.predictBatch([row1, row2]);
 *   model.close();
 */
import { TensorscopeError } from './errors.js';
import { chunkBatch } from './batching.js';
import {
  MESSAGE_SOURCE,
  PROTOCOL_VERSION,
  embedUrl,
  isEmbedReply,
  type EmbedReply,
  type ModelDescription,
  type ModelInput,
  type PredictionResult,
  type PredictRequest,
} from './protocol.js';

export { TensorscopeError, type TensorscopeErrorCode } from './errors.js';
export { chunkBatch } from './batching.js';
export * from './protocol.js';

/** Where replies arrive: the page's window (tests pass a stand-in with the same two methods). */
export interface MessageHost {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface ConnectOptions {
  /** How long to wait for the model to load and say it is ready (default 30 s). */
  timeoutMs?: number;
  /** The default deadline for each later request (default 60 s; MC dropout on a slow backend takes a while). */
  requestTimeoutMs?: number;
  /** Where a URL's iframe goes (default document.body). */
  container?: HTMLElement;
  /** The created iframe's title, read by screen readers (default "Tensorscope model"). */
  title?: string;
  /** The window replies arrive at (default the page's). */
  window?: MessageHost;
}

export interface PredictOptions {
  /** Monte-Carlo dropout passes for the error bars (1–100; the embed's default is 20). */
  passes?: number;
  /** Image models: the pixel range of the input (default 'auto'). */
  scale?: PredictRequest['scale'];
  /** This request's deadline, instead of the connection's `requestTimeoutMs`. */
  timeoutMs?: number;
}

export interface TensorscopeModel {
  /** The iframe the model runs in. */
  readonly frame: HTMLIFrameElement;
  /** The embed's origin; messages go only there, and replies are read only from there. */
  readonly origin: string;
  /** What the model takes and answers (from its latest `ready` message). */
  describe(): ModelDescription;
  predict(input: ModelInput, options?: PredictOptions): Promise<PredictionResult>;
  /** Any number of inputs: sent in chunks that fit the model's limits, one after another; answers in input order. */
  predictBatch(inputs: readonly ModelInput[], options?: PredictOptions): Promise<PredictionResult[]>;
  /** Stops listening, fails whatever is still waiting with `closed`, and removes the iframe if `connect` made it. */
  close(): void;
}

const DEFAULT_CONNECT_MS = 30_000;
const DEFAULT_REQUEST_MS = 60_000;
/** An iframe already on the page may have sent `ready` before we listened, so we ask until it answers. */
const DESCRIBE_EVERY_MS = 250;

/** The part of an iframe the client uses. */
interface FrameLike {
  src: string;
  readonly contentWindow: { postMessage(message: unknown, targetOrigin: string): void } | null;
  remove?(): void;
}

type Pending = {
  expect: 'prediction' | 'predictions';
  resolve(reply: EmbedReply): void;
  reject(error: TensorscopeError): void;
  timer: ReturnType<typeof setTimeout>;
};

let connections = 0;

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function resolveFrame(target: HTMLIFrameElement | string, options: ConnectOptions): { frame: FrameLike; created: boolean } {
  if (typeof target !== 'string') return { frame: target, created: false };
  const frame = document.createElement('iframe');
  frame.title = options.title ?? 'Tensorscope model';
  frame.src = target;
  (options.container ?? document.body).appendChild(frame);
  return { frame, created: true };
}

function originOf(src: string): string {
  const base = typeof document !== 'undefined' ? document.baseURI : undefined;
  try {
    return new URL(src, base).origin;
  } catch {
    throw new TensorscopeError('bad-request', `The embed address "${src.slice(0, 200)}" is not a valid URL.`);
  }
}

/** The answer without the envelope (source, protocol, type, id, passes, ms). */
function resultOf(reply: Extract<EmbedReply, { type: 'prediction' }>): PredictionResult {
  const { source: _s, protocol: _p, type: _t, id: _i, passes: _n, ms: _m, ...result } = reply;
  return result as PredictionResult;
}

/**
 * Connects to an embedded model: an iframe already on the page, or an embed URL (an iframe is made for it).
 * Resolves once the model has loaded; rejects with TensorscopeError ('timeout', or the embed's 'not-ready' when it
 * says the model failed to load).
 */
export function connect(target: HTMLIFrameElement | string, options: ConnectOptions = {}): Promise<TensorscopeModel> {
  const host: MessageHost = options.window ?? window;
  const connectMs = options.timeoutMs ?? DEFAULT_CONNECT_MS;
  const requestMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_MS;
  // Ids carry a per-connection prefix, so two clients talking to one iframe never take each other's replies.
  const prefix = `tsc${++connections}-${Math.random().toString(36).slice(2, 8)}`;
  let seq = 0;
  const nextId = () => `${prefix}:${++seq}`;

  let frame: FrameLike;
  let created: boolean;
  let origin: string;
  try {
    ({ frame, created } = resolveFrame(target, options));
    origin = originOf(frame.src);
  } catch (e) {
    return Promise.reject(e instanceof TensorscopeError ? e : new TensorscopeError('bad-request', String(e)));
  }

  let description: ModelDescription | null = null;
  let closed = false;
  const pending = new Map<string | number, Pending>();
  let onReady: ((model: ModelDescription) => void) | null = null;
  let onLoadFailed: ((error: TensorscopeError) => void) | null = null;
  const describeIds = new Set<string>();
  let lastNotReady = '';

  const post = (message: object) => {
    // A frame still on about:blank has another origin: the browser drops the message, and we ask again.
    frame.contentWindow?.postMessage(message, origin);
  };

  const listener = (event: MessageEvent) => {
    if (event.source !== frame.contentWindow || event.origin !== origin || !isEmbedReply(event.data)) return;
    const reply = event.data;
    if (reply.type === 'ready') {
      description = reply.model;
      onReady?.(reply.model);
      return;
    }
    if (reply.id === null) {
      // Unasked-for: the model could not load (the message says why).
      if (reply.type === 'error' && reply.code === 'not-ready') onLoadFailed?.(new TensorscopeError(reply.code, reply.message));
      return;
    }
    if (typeof reply.id === 'string' && describeIds.has(reply.id)) {
      if (reply.type === 'description') {
        description = reply.model;
        onReady?.(reply.model);
      } else if (reply.type === 'error') {
        // Still loading: keep asking; the message is kept for the timeout's text.
        lastNotReady = reply.message;
        if (reply.code !== 'not-ready' && reply.code !== 'busy' && reply.code !== 'rate-limited') onLoadFailed?.(new TensorscopeError(reply.code, reply.message));
      }
      return;
    }
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    clearTimeout(waiting.timer);
    if (reply.type === 'error') waiting.reject(new TensorscopeError(reply.code, reply.message));
    else if (reply.type === waiting.expect) waiting.resolve(reply);
    else waiting.reject(new TensorscopeError('bad-request', `The embed answered with "${reply.type}" where "${waiting.expect}" was expected.`));
  };
  host.addEventListener('message', listener);

  const request = (message: PredictRequest, expect: Pending['expect'], timeoutMs: number): Promise<EmbedReply> => {
    if (closed) return Promise.reject(new TensorscopeError('closed', 'This connection to the model was closed.'));
    return new Promise<EmbedReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(message.id);
        reject(new TensorscopeError('timeout', `The model did not answer within ${seconds(timeoutMs)}.`));
      }, timeoutMs);
      pending.set(message.id, { expect, resolve, reject, timer });
      post(message);
    });
  };

  const predictMessage = (options: PredictOptions): Omit<PredictRequest, 'id'> => ({
    source: MESSAGE_SOURCE,
    type: 'predict',
    ...(options.passes !== undefined ? { passes: options.passes } : {}),
    ...(options.scale !== undefined ? { scale: options.scale } : {}),
  });

  const close = () => {
    if (closed) return;
    closed = true;
    host.removeEventListener('message', listener);
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(new TensorscopeError('closed', 'The connection to the model was closed before it answered.'));
    }
    pending.clear();
    if (created) frame.remove?.();
  };

  const model: TensorscopeModel = {
    // connect's caller handed in (or got) a real iframe; FrameLike is only the part this module touches.
    frame: frame as HTMLIFrameElement,
    origin,
    describe() {
      if (!description) throw new TensorscopeError('not-ready', 'The model has not said what it is yet.');
      return description;
    },
    async predict(input, options = {}) {
      const reply = await request({ ...predictMessage(options), id: nextId(), input }, 'prediction', options.timeoutMs ?? requestMs);
      return resultOf(reply as Extract<EmbedReply, { type: 'prediction' }>);
    },
    async predictBatch(inputs, options = {}) {
      const limits = description?.limits ?? { maxBatch: 256, maxRequestBytes: 1_000_000, maxRequestsPerSecond: 50 };
      const out: PredictionResult[] = [];
      for (const chunk of chunkBatch(inputs, limits)) {
        const reply = await request({ ...predictMessage(options), id: nextId(), inputs: chunk }, 'predictions', options.timeoutMs ?? requestMs);
        out.push(...(reply as Extract<EmbedReply, { type: 'predictions' }>).predictions);
      }
      return out;
    },
    close,
  };

  return new Promise<TensorscopeModel>((resolve, reject) => {
    let poll: ReturnType<typeof setInterval> | undefined;
    const finish = () => {
      clearTimeout(deadline);
      clearInterval(poll);
      onReady = null;
      onLoadFailed = null;
    };
    const deadline = setTimeout(() => {
      finish();
      close();
      const said = lastNotReady ? ` It last said: ${lastNotReady}` : '';
      reject(new TensorscopeError('timeout', `The embedded model was not ready within ${seconds(connectMs)}.${said}`));
    }, connectMs);
    onReady = () => {
      finish();
      resolve(model);
    };
    onLoadFailed = (error) => {
      finish();
      close();
      reject(error);
    };
    const ask = () => {
      const id = nextId();
      describeIds.add(id);
      post({ source: MESSAGE_SOURCE, type: 'describe', id });
    };
    ask();
    poll = setInterval(ask, DESCRIBE_EVERY_MS);
  });
}

/** Everything in one object, for `import { Tensorscope } from '…/tensorscope-client.js'`. */
export const Tensorscope = { connect, embedUrl, TensorscopeError, PROTOCOL_VERSION } as const;
