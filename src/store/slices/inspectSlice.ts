import { describeError } from '../../core/errors';
import { encodeRecord } from '../../data/table/encodeRecord';
import type { FromEngine } from '../../training/protocol';
import type { StudioState } from '../types';
import type { StoreCore } from './core';

/** Inspection: the drawing (or typed row) and its prediction, MC dropout over the test split, one example, a curve. */
export type InspectState = Pick<StudioState, 'draw' | 'inspect' | 'setPasses' | 'runMcOnTest' | 'selectExample' | 'computeCurve' | 'predictDrawing' | 'predictRecord' | 'setBoundaryFeatures'>;

export interface InspectInternals {
  /** Asks the engine about the example at this position of the test split (the detail view). */
  requestInspection(position: number): void;
  /** Predicts the drawing (or typed row) with the current model; one request in flight, the latest waits. */
  sendPrediction(): void;
  /** Handles the engine's answers about inspection and predictions; true when the message was one of them. */
  onMessage(msg: FromEngine): boolean;
}

export function createInspectSlice(core: StoreCore): { state: InspectState; internals: InspectInternals } {
  const { get, set } = core;
  let predictSeq = 0;
  let predictInFlight = false;
  let predictQueued = false;
  let predictModelSeq = 0;
  let inspectSeq = 0;
  let curveSeq = 0;
  let mcSeq = 0;

  const requestInspection = (position: number) => {
    const split = get().run.split;
    if (!split || position < 0 || position >= split.test.length) return;
    inspectSeq++;
    set((s) => ({ inspect: { ...s.inspect, exampleStatus: 'running' } }));
    core.send({ type: 'inspect', requestId: inspectSeq, index: split.test[position], passes: get().inspect.passes });
  };

  const sendPrediction = () => {
    const { pixels } = get().draw;
    if (!pixels || !core.client) {
      if (get().draw.pending) set((s) => ({ draw: { ...s.draw, pending: false } }));
      return;
    }
    if (!get().draw.pending) set((s) => ({ draw: { ...s.draw, pending: true } }));
    if (predictInFlight) {
      predictQueued = true;
      return;
    }
    predictInFlight = true;
    predictModelSeq = core.modelSeq;
    // The pad gives 0..1; the engine wants the dataset's raw units (0..255 pixels) and normalises like training.
    const inputs = get().draw.features ? pixels.slice() : pixels.map((v) => v * 255);
    core.send({ type: 'predict', requestId: ++predictSeq, inputs, passes: get().inspect.passes });
  };

  const onMessage = (msg: FromEngine): boolean => {
    const runId = get().run.id;
    switch (msg.type) {
      case 'mcTestResult':
        if (msg.runId === runId) set((s) => ({ inspect: { ...s.inspect, mcStatus: 'idle', mcTest: { runId: msg.runId, passes: msg.passes, summary: msg.summary } } }));
        return true;
      case 'inspection':
        if (msg.requestId === inspectSeq) set((s) => ({ inspect: { ...s.inspect, exampleStatus: 'idle', example: msg.result, error: null } }));
        return true;
      case 'curveResult':
        if (msg.requestId === curveSeq) set((s) => ({ inspect: { ...s.inspect, curve: s.inspect.curve ? { ...s.inspect.curve, mean: msg.mean, std: msg.std } : null } }));
        return true;
      case 'inspectError':
        set((s) => ({ inspect: { ...s.inspect, mcStatus: s.inspect.mcStatus === 'running' ? 'error' : s.inspect.mcStatus, exampleStatus: msg.requestId === inspectSeq ? 'error' : s.inspect.exampleStatus, error: msg.message } }));
        return true;
      case 'prediction':
        predictInFlight = false;
        if (predictModelSeq !== core.modelSeq) {
          // An answer from the model before this one: never shown; the drawing is asked of the current model.
          predictQueued = false;
          if (get().draw.pending) sendPrediction();
          return true;
        }
        set((s) => ({ draw: { ...s.draw, probabilities: s.draw.pixels ? msg.probabilities : null, mc: s.draw.pixels ? (msg.mc ?? null) : null, hasDropout: !!msg.hasDropout, message: null, pending: predictQueued } }));
        if (predictQueued) {
          predictQueued = false;
          sendPrediction();
        }
        return true;
      case 'error':
        if (msg.during !== 'predict') return false;
        predictInFlight = false;
        predictQueued = false;
        set((s) => ({ draw: { ...s.draw, probabilities: null, message: msg.message, pending: false } }));
        return true;
      default:
        return false;
    }
  };

  const state: InspectState = {
    draw: { pixels: null, probabilities: null, mc: null, hasDropout: false, message: null, pending: false },
    inspect: { passes: 20, mcTest: null, mcStatus: 'idle', selected: null, example: null, exampleStatus: 'idle', curve: null, error: null },

    setPasses(passes) {
      set((s) => ({ inspect: { ...s.inspect, passes: Math.max(2, Math.min(100, Math.round(passes))) } }));
      // A drawing's MC error bars are shown with their T: predict it again with the new number of passes.
      if (get().draw.mc) sendPrediction();
    },
    runMcOnTest() {
      if (!get().run.evaluation) return;
      mcSeq++;
      set((s) => ({ inspect: { ...s.inspect, mcStatus: 'running', error: null } }));
      core.send({ type: 'mcTest', requestId: mcSeq, passes: get().inspect.passes });
    },
    selectExample(position) {
      set((s) => ({ inspect: { ...s.inspect, selected: position, example: null } }));
      if (position != null) requestInspection(position);
    },
    computeCurve(xs) {
      curveSeq++;
      set((s) => ({ inspect: { ...s.inspect, curve: { xs, mean: new Float32Array(0), std: new Float32Array(0) } } }));
      core.send({ type: 'curve', requestId: curveSeq, inputs: xs.slice(), passes: get().inspect.passes });
    },
    setBoundaryFeatures(features) {
      core.send({ type: 'setBoundaryFeatures', features });
    },
    predictRecord(raw) {
      const table = get().mode === 'demo' ? get().share.demoPayload?.table : get().dataset.data?.table;
      if (!table) return;
      let features: Float32Array;
      try {
        features = encodeRecord(table, raw);
      } catch (err) {
        set((s) => ({ draw: { ...s.draw, pixels: null, probabilities: null, mc: null, message: describeError(err), pending: false } }));
        return;
      }
      set((s) => ({ draw: { ...s.draw, pixels: features, features: true, message: null } }));
      sendPrediction();
    },
    predictDrawing(pixels) {
      set((s) => ({ draw: { ...s.draw, pixels, features: false, probabilities: pixels ? s.draw.probabilities : null, mc: pixels ? s.draw.mc : null, message: pixels ? s.draw.message : null, pending: pixels ? s.draw.pending : false } }));
      if (pixels) sendPrediction();
    },
  };
  return { state, internals: { requestInspection, sendPrediction, onMessage } };
}
