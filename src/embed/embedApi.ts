import { MAX_QUEUED, MAX_REQUESTS_PER_SECOND, MESSAGE_SOURCE, PROTOCOL_VERSION, type EmbedErrorCode, type EmbedReply, type ModelDescription } from '../client/protocol';
import { originAllowed, type AllowList } from './allowList';
import { encodeInputs } from './embedInputs';
import type { EmbedModel } from './embedModel';
import { parseMessage } from './embedRequest';
import { createSerialQueue, type SerialQueue } from './embedQueue';
import { createRateLimiter, type RateLimiter } from './rateLimiter';
import { predictionResults } from './results';
import type { BatchAnswer } from './embedEngine';

/** A reply without the envelope fields every reply carries. */
type Body = EmbedReply extends infer R ? (R extends EmbedReply ? Omit<R, 'source' | 'protocol'> : never) : never;
export type Reply = (msg: EmbedReply) => void;

/** Where the model stands, as the API answers it: `not-ready` carries `reason` until it is ready. */
export type ModelStatus = { state: 'loading'; reason: string } | { state: 'failed'; reason: string } | { state: 'ready'; model: EmbedModel };

export interface EmbedApiDeps {
  allow: AllowList;
  status(): ModelStatus;
  predict(values: Float32Array, count: number, passes: number): Promise<BatchAnswer>;
  now(): number;
  limiter?: RateLimiter;
  /** The queue the view's own draw pad shares (one batch at a time to the engine); made here when absent. */
  queue?: SerialQueue<() => Promise<void>>;
}

export const envelope = (body: Body): EmbedReply => ({ source: MESSAGE_SOURCE, protocol: PROTOCOL_VERSION, ...body }) as EmbedReply;

/**
 * The postMessage API, free of the window: `handle(data, origin, reply)` answers one message — refused origins,
 * rate limits, envelope and input checks, then a queued engine call — and never throws. The bridge (bridge.ts) only
 * wires it to `message` events.
 */
export function createEmbedApi(deps: EmbedApiDeps) {
  const limiter = deps.limiter ?? createRateLimiter(MAX_REQUESTS_PER_SECOND);
  const queue = deps.queue ?? createSerialQueue<() => Promise<void>>(MAX_QUEUED, (job) => job());

  const error = (reply: Reply, id: string | number | null, code: EmbedErrorCode, message: string) => reply(envelope({ type: 'error', id, code, message }));

  const describe = (m: EmbedModel): ModelDescription => m.description;

  return {
    queue,
    /** Answers one message; returns false when it was not for us (ignored silently). */
    handle(data: unknown, origin: string, reply: Reply): boolean {
      const parsed = parseMessage(data);
      if (parsed.kind === 'ignore') return false;
      const id = parsed.kind === 'error' ? parsed.id : parsed.id;
      if (!originAllowed(deps.allow, origin)) {
        error(reply, id, 'origin-refused', `This embed answers only ${deps.allow.origins.length ? deps.allow.origins.join(', ') : 'no page (its allow list has no valid origin)'}; ${origin} is not on its allow list.`);
        return true;
      }
      if (!limiter.take(origin, deps.now())) {
        error(reply, id, 'rate-limited', `Too many requests from ${origin}: at most ${MAX_REQUESTS_PER_SECOND} a second; send fewer, or batch inputs (up to 256 per request).`);
        return true;
      }
      if (parsed.kind === 'error') {
        error(reply, parsed.id, parsed.code, parsed.message);
        return true;
      }
      const status = deps.status();
      if (status.state !== 'ready') {
        error(reply, parsed.id, 'not-ready', status.state === 'loading' ? `The model is still loading (${status.reason}); a "ready" message says when it can answer.` : `The model could not be loaded: ${status.reason}`);
        return true;
      }
      if (parsed.kind === 'describe') {
        reply(envelope({ type: 'description', id: parsed.id, model: describe(status.model) }));
        return true;
      }
      const model = status.model;
      const encoded = encodeInputs(model, parsed.inputs, parsed.single, parsed.scale);
      if (!encoded.ok) {
        error(reply, parsed.id, encoded.code, encoded.message);
        return true;
      }
      const { id: reqId, single, passes } = parsed;
      const taken = queue.push(async () => {
        const t0 = deps.now();
        try {
          const out = await deps.predict(encoded.values, encoded.count, passes);
          const results = predictionResults(model.description, out, encoded.count);
          const ms = Math.round((deps.now() - t0) * 10) / 10;
          if (single) reply(envelope({ type: 'prediction', id: reqId, passes: out.passes, ms, ...results[0] }));
          else reply(envelope({ type: 'predictions', id: reqId, passes: out.passes, ms, predictions: results }));
        } catch (err) {
          error(reply, reqId, 'predict-failed', `The prediction failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      });
      if (!taken) error(reply, reqId, 'busy', `${MAX_QUEUED} requests are already waiting; wait for their answers before sending more.`);
      return true;
    },
  };
}

export type EmbedApi = ReturnType<typeof createEmbedApi>;
