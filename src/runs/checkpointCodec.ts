/**
 * Pure conversions between what the engine hands over (named Float32Arrays) and what run history stores
 * (named ArrayBuffers), plus batch-metric chunks. No IndexedDB here, so all of it is testable in Node.
 */
import { TensorscopeError } from '../core/errors';
import type { BatchChunk, BatchRow, Checkpoint, CheckpointKind, NamedTensor, StoredTensor } from './types';

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function checkShape(name: string, shape: readonly number[], length: number): void {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0) || sizeOf(shape) !== length) {
    throw new TensorscopeError('storage', `Checkpoint tensor "${name}" has ${length} values, which does not fit its shape [${shape.join(', ')}].`);
  }
}

/** Copies each tensor's values into a buffer of its own (a Float32Array may be a view into a larger one). */
export function encodeTensors(tensors: readonly NamedTensor[]): StoredTensor[] {
  return tensors.map(({ name, shape, values }) => {
    checkShape(name, shape, values.length);
    return { name, shape: [...shape], data: values.slice().buffer };
  });
}

/** Float32Array views over the stored buffers (no copy). */
export function decodeTensors(stored: readonly StoredTensor[]): NamedTensor[] {
  return stored.map(({ name, shape, data }) => {
    if (data.byteLength % Float32Array.BYTES_PER_ELEMENT !== 0) {
      throw new TensorscopeError('storage', `Checkpoint tensor "${name}" is damaged: ${data.byteLength} bytes is not a whole number of float32 values.`);
    }
    const values = new Float32Array(data);
    checkShape(name, shape, values.length);
    return { name, shape: [...shape], values };
  });
}

export function makeCheckpoint(args: {
  runId: string;
  kind: CheckpointKind;
  epoch: number;
  weights: readonly NamedTensor[];
  optimizer?: readonly NamedTensor[] | null;
  savedAt?: number;
}): Checkpoint {
  return {
    runId: args.runId,
    kind: args.kind,
    epoch: args.epoch,
    weights: encodeTensors(args.weights),
    optimizer: args.optimizer ? encodeTensors(args.optimizer) : null,
    savedAt: args.savedAt ?? Date.now(),
  };
}

/** Bytes of tensor data in a checkpoint (weights + optimizer state). */
export function checkpointBytes(cp: Pick<Checkpoint, 'weights' | 'optimizer'>): number {
  let bytes = 0;
  for (const t of cp.weights) bytes += t.data.byteLength;
  for (const t of cp.optimizer ?? []) bytes += t.data.byteLength;
  return bytes;
}

/** "850 B", "12.3 kB", "1.2 MB", "3.4 GB" (decimal units, as browsers report storage). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** Rows → one column-wise chunk. */
export function encodeBatchChunk(runId: string, seq: number, rows: readonly BatchRow[]): BatchChunk {
  const n = rows.length;
  const chunk: BatchChunk = { runId, seq, steps: new Int32Array(n), epochs: new Int32Array(n), loss: new Float32Array(n), metric: new Float32Array(n) };
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    chunk.steps[i] = r.step;
    chunk.epochs[i] = r.epoch;
    chunk.loss[i] = r.loss;
    chunk.metric[i] = r.metric;
  }
  return chunk;
}

/** Chunks (in seq order) → rows, flattened. */
export function decodeBatchChunks(chunks: readonly BatchChunk[]): BatchRow[] {
  const rows: BatchRow[] = [];
  for (const c of chunks) {
    for (let i = 0; i < c.steps.length; i++) {
      rows.push({ step: c.steps[i], epoch: c.epochs[i], loss: c.loss[i], metric: c.metric[i] });
    }
  }
  return rows;
}
