import { MAX_BATCH, MESSAGE_SOURCE, type EmbedErrorCode } from '../client/protocol';

/** A message checked for its envelope (type, id, options); the inputs are checked against the model later (embedInputs.ts). */
export type ParsedMessage =
  /** Not addressed to Tensorscope (other scripts post messages too), or one of our own replies: no answer. */
  | { kind: 'ignore' }
  | { kind: 'error'; id: string | number | null; code: EmbedErrorCode; message: string }
  | { kind: 'describe'; id: string | number }
  | { kind: 'predict'; id: string | number; inputs: unknown[]; single: boolean; scale: 'auto' | '0-1' | '0-255'; passes: number };

export const DEFAULT_PASSES = 20;
export const MAX_PASSES = 100;
const MAX_ID_CHARS = 200;
const REQUEST_TYPES = ['predict', 'describe'];
/** Our replies: never answered, so two frames that forward to each other cannot loop. */
const REPLY_TYPES = ['ready', 'description', 'prediction', 'predictions', 'error'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

/** A short, safe rendering of a value someone sent (never evaluated, shown as text). */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v == null) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  return `a ${typeof v}`;
}

function readId(v: unknown): string | number | null {
  if (typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_CHARS) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return null;
}

/** The envelope of one message: whether it is ours, its id and type, the batch size and the options. */
export function parseMessage(data: unknown): ParsedMessage {
  if (!isRecord(data)) return { kind: 'ignore' };
  const ours = data.source === MESSAGE_SOURCE;
  const type = data.type;
  if (typeof type === 'string' && REPLY_TYPES.includes(type) && ours) return { kind: 'ignore' };
  // Without a type, an object carrying `input`/`inputs` is a Tensorscope request that forgot it: answered, not ignored.
  const looksOurs = ours || (typeof type === 'string' ? REQUEST_TYPES.includes(type) : type === undefined && ('input' in data || 'inputs' in data));
  if (!looksOurs) return { kind: 'ignore' };
  const rawId = data.id;
  const id = readId(rawId);
  if (typeof type !== 'string') return { kind: 'error', id, code: 'bad-request', message: 'The message has no "type"; send {type: "predict", id, input} or {type: "describe", id}.' };
  if (!REQUEST_TYPES.includes(type)) return { kind: 'error', id, code: 'bad-request', message: `Unknown message type ${describeValue(type)}; this embed answers "predict" and "describe".` };
  if (id == null) {
    const why = rawId === undefined ? 'has no "id"' : `has an "id" that is ${describeValue(rawId)}`;
    return { kind: 'error', id: null, code: 'bad-request', message: `The ${type} request ${why}; give each request an id (a string of 1–${MAX_ID_CHARS} characters or a finite number) to match its reply.` };
  }
  if (type === 'describe') return { kind: 'describe', id };

  const hasOne = data.input !== undefined;
  const hasMany = data.inputs !== undefined;
  if (hasOne === hasMany) return { kind: 'error', id, code: 'bad-request', message: hasOne ? 'Send either "input" (one) or "inputs" (a batch), not both.' : 'The predict request has no "input" (one example) or "inputs" (a batch of examples).' };
  let inputs: unknown[];
  if (hasMany) {
    const many = data.inputs;
    if (!Array.isArray(many)) return { kind: 'error', id, code: 'bad-input', message: `"inputs" must be an array of examples; got ${describeValue(many)}.` };
    if (many.length === 0) return { kind: 'error', id, code: 'bad-input', message: '"inputs" is empty; send at least one example.' };
    if (many.length > MAX_BATCH) return { kind: 'error', id, code: 'too-large', message: `"inputs" has ${many.length} examples; one request carries at most ${MAX_BATCH}.` };
    inputs = many;
  } else inputs = [data.input];

  const scale = data.scale ?? 'auto';
  if (scale !== 'auto' && scale !== '0-1' && scale !== '0-255') return { kind: 'error', id, code: 'bad-request', message: `"scale" must be "auto", "0-1" or "0-255"; got ${describeValue(scale)}.` };
  const passes = data.passes ?? DEFAULT_PASSES;
  if (typeof passes !== 'number' || !Number.isInteger(passes) || passes < 1 || passes > MAX_PASSES) {
    return { kind: 'error', id, code: 'bad-request', message: `"passes" must be a whole number from 1 to ${MAX_PASSES}; got ${describeValue(passes)}.` };
  }
  return { kind: 'predict', id, inputs, single: !hasMany, scale, passes };
}
