/// <reference lib="webworker" />
import { loseGpuContext, watchDeviceLoss } from '../training/deviceLoss';
import { TrainingHost } from '../training/host';
import type { FromEngine, ToEngine } from '../training/protocol';

// Thin entry: all logic lives in training/host.ts so the main-thread fallback runs the very same code.
const scope = self as unknown as DedicatedWorkerGlobalScope & { __tensorscopeFaults?: { loseGpuContext: () => string } };
let unwatch: () => void = () => {};
let runId: string | undefined;
const post = (msg: FromEngine, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);
const host = new TrainingHost((msg, transfer) => {
  if (msg.type === 'runStarted') runId = msg.runId;
  // Each backend the engine activates is watched for a lost GPU; the page restarts the engine when it happens.
  if (msg.type === 'backend') {
    unwatch();
    unwatch = watchDeviceLoss(msg.info.name, (why) =>
      post({ type: 'error', during: 'training', code: 'backend-lost', message: `The GPU stopped working: ${why}.`, backend: msg.info.name, ...(runId ? { runId } : {}) }),
    );
  }
  post(msg, transfer);
});
scope.onmessage = (e: MessageEvent<ToEngine>) => {
  void host.handle(e.data);
};
scope.__tensorscopeFaults = { loseGpuContext };
scope.postMessage({ type: 'ready' });
