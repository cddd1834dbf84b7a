import { TensorscopeError, type ErrorCode } from '../core/errors';
import type { FromEngine } from '../training/protocol';

type Answer = Extract<FromEngine, { type: 'weights' | 'weightsEvaluated' | 'modelLoaded' | 'pruneDone' | 'weightsSet' }>;

/**
 * Request/answer pairs over the engine's one-way messages: each request gets an id, and the answer (or a
 * requestError with that id) settles its promise. Answers to forgotten requests are ignored.
 */
export function createEngineRequests() {
  let seq = 1_000_000; // far from the inspect/predict counters, so ids never collide in logs
  const pending = new Map<number, { resolve: (m: Answer) => void; reject: (e: Error) => void }>();
  return {
    /** A fresh id and the promise of its answer. */
    open<T extends Answer['type']>(_type: T): { id: number; answer: Promise<Extract<Answer, { type: T }>> } {
      const id = ++seq;
      const answer = new Promise<Extract<Answer, { type: T }>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (m: Answer) => void, reject });
      });
      return { id, answer };
    },
    /** Routes an engine message; true when it answered a request. */
    handle(msg: FromEngine): boolean {
      if (msg.type !== 'weights' && msg.type !== 'weightsEvaluated' && msg.type !== 'modelLoaded' && msg.type !== 'pruneDone' && msg.type !== 'weightsSet' && msg.type !== 'requestError') return false;
      const p = pending.get(msg.requestId);
      if (!p) return true;
      // modelLoaded is followed by an evaluation, but the request itself is answered.
      pending.delete(msg.requestId);
      if (msg.type === 'requestError') p.reject(new TensorscopeError(msg.code as ErrorCode, msg.message));
      else p.resolve(msg);
      return true;
    },
    /** The engine went away: nothing pending will be answered. */
    failAll(message: string): void {
      for (const p of pending.values()) p.reject(new Error(message));
      pending.clear();
    },
  };
}

export type EngineRequests = ReturnType<typeof createEngineRequests>;
