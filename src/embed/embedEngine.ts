import type { EngineClient } from '../training/client';
import type { FromEngine, ModelArtifactsLite, NamedWeights, NormArrays, LoadedModelInfo, ToEngine } from '../training/protocol';
import type { BackendChoice, BackendInfo } from './engineTypes';
import type { ExperimentSpec } from '../models/spec';
import type { BatchOutputs } from './results';

export type CreateClient = (onMessage: (msg: FromEngine) => void) => Promise<EngineClient>;

export interface BatchAnswer extends BatchOutputs {
  hasDropout: boolean;
  passes: number;
}

/** How long the engine may take to build a model before the embed gives up and says so. */
export const LOAD_TIMEOUT_MS = 60_000;
/** How long one batch may take (256 inputs × 100 passes on a slow backend stays well inside). */
export const PREDICT_TIMEOUT_MS = 60_000;

/**
 * The embed's side of the training engine: request/answer pairs by requestId, each with a deadline, and the backend
 * the engine reports. A crashed worker fails every request in flight with its reason.
 */
export function createEmbedEngine(createClient: CreateClient, onBackend: (info: BackendInfo) => void) {
  let client: EngineClient | null = null;
  let seq = 0;
  let crashed: string | null = null;
  const pending = new Map<number, { resolve: (m: FromEngine) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();

  const settle = (id: number, fn: (p: { resolve: (m: FromEngine) => void; reject: (e: Error) => void }) => void) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    fn(p);
  };

  const onMessage = (msg: FromEngine) => {
    switch (msg.type) {
      case 'backend':
        onBackend(msg.info);
        return;
      case 'modelLoaded':
      case 'predictionBatch':
        settle(msg.requestId, (p) => p.resolve(msg));
        return;
      case 'requestError':
        settle(msg.requestId, (p) => p.reject(new Error(msg.message)));
        return;
      case 'error':
        if (msg.code === 'worker-failed' || msg.during === 'backend') {
          crashed = msg.message;
          for (const id of [...pending.keys()]) settle(id, (p) => p.reject(new Error(msg.message)));
        }
        return;
      default:
        return;
    }
  };

  const started = createClient(onMessage).then((c) => (client = c));

  const ask = async <T extends FromEngine>(make: (requestId: number) => ToEngine, timeoutMs: number, what: string): Promise<T> => {
    await started;
    if (crashed) throw new Error(crashed);
    const requestId = ++seq;
    const answer = new Promise<FromEngine>((resolve, reject) => {
      const timer = setTimeout(() => settle(requestId, (p) => p.reject(new Error(`${what} took longer than ${Math.round(timeoutMs / 1000)} s; the engine gave no answer.`))), timeoutMs);
      pending.set(requestId, { resolve, reject, timer });
    });
    client!.send(make(requestId));
    return (await answer) as T;
  };

  return {
    started,
    loadWeights(spec: ExperimentSpec, inputShape: number[], weights: NamedWeights[], norm: NormArrays, backend: BackendChoice): Promise<LoadedModelInfo> {
      return ask<Extract<FromEngine, { type: 'modelLoaded' }>>((requestId) => ({ type: 'loadWeights', requestId, runId: 'embed', spec, inputShape, weights, norm, backend, evaluate: false }), LOAD_TIMEOUT_MS, 'Loading the model').then((m) => m.info);
    },
    importModel(name: string, artifacts: ModelArtifactsLite, spec: ExperimentSpec, backend: BackendChoice, timeoutMs: number): Promise<LoadedModelInfo> {
      return ask<Extract<FromEngine, { type: 'modelLoaded' }>>((requestId) => ({ type: 'importModel', requestId, runId: 'embed', name, artifacts, spec, backend, timeoutMs }), LOAD_TIMEOUT_MS, 'Loading the model').then((m) => m.info);
    },
    async predictBatch(inputs: Float32Array, count: number, passes: number): Promise<BatchAnswer> {
      const m = await ask<Extract<FromEngine, { type: 'predictionBatch' }>>((requestId) => ({ type: 'predictBatch', requestId, inputs, count, passes }), PREDICT_TIMEOUT_MS, 'The prediction');
      return { mean: m.mean, std: m.std, outputs: m.outputs, hasDropout: m.hasDropout, passes: m.passes };
    },
    terminate() {
      client?.terminate();
    },
  };
}

export type EmbedEngine = ReturnType<typeof createEmbedEngine>;
