import type { ModelDescription, ModelInput } from './protocol.js';

/** How many numbers an input holds (nested arrays and a table row's values), as the embed counts request bytes. */
export function numbersIn(input: unknown): number {
  if (typeof input === 'number') return 1;
  if (input === null || typeof input !== 'object') return 1;
  if (ArrayBuffer.isView(input)) return (input as unknown as ArrayLike<number>).length;
  if (Array.isArray(input)) {
    let n = 0;
    for (const v of input) n += numbersIn(v);
    return n;
  }
  // A table row: one number per value, a string as many 8-byte numbers as its length fills (as the embed counts).
  let n = 0;
  for (const v of Object.values(input)) n += typeof v === 'string' ? Math.max(1, Math.ceil(v.length / 8)) : 1;
  return n;
}

/**
 * Splits a batch into consecutive chunks the embed accepts: at most `maxBatch` inputs and at most `maxRequestBytes`
 * (8 bytes a number) each. A single input over the byte limit gets a chunk of its own, and the embed's `too-large`
 * reply then says so.
 */
export function chunkBatch(inputs: readonly ModelInput[], limits: ModelDescription['limits']): ModelInput[][] {
  const maxBatch = Math.max(1, Math.floor(limits.maxBatch));
  const chunks: ModelInput[][] = [];
  let current: ModelInput[] = [];
  let bytes = 0;
  for (const input of inputs) {
    const b = numbersIn(input) * 8;
    if (current.length > 0 && (current.length >= maxBatch || bytes + b > limits.maxRequestBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(input);
    bytes += b;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
