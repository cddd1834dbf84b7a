/// <reference lib="webworker" />
import { loseGpuContext, watchDeviceLoss } from '../training/deviceLoss';
import { TrainingHost } from '../training/host';
import type { FromEngine, ToEngine } from '../training/protocol';
import { BUNDLED_MNIST_SHAPE } from '../data/bundledMnist';
import { DEFAULT_PRESET, specFromPreset } from '../models/presets';
import { validProbes } from '../training/knownProbes';
import { bootHint } from './bootHint';

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
// Started by the page's boot script for a page that opens with the bundled MNIST and the default model: prepare for
// them now (the page sends the same 'prepare' once its code runs, which then finds this one under way).
const hint = bootHint();
if (hint?.prepare === 'bundled') {
  void host.handle({ type: 'prepare', spec: specFromPreset(DEFAULT_PRESET), backend: 'auto', knownProbes: validProbes(hint.probes), data: BUNDLED_MNIST_SHAPE });
}
