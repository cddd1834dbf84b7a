/// <reference lib="webworker" />
import { TrainingHost } from '../training/host';
import type { ToEngine } from '../training/protocol';

// Thin entry: all logic lives in training/host.ts so the main-thread fallback runs the very same code.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = new TrainingHost((msg, transfer) => scope.postMessage(msg, transfer));
scope.onmessage = (e: MessageEvent<ToEngine>) => {
  void host.handle(e.data);
};
scope.postMessage({ type: 'ready' });
