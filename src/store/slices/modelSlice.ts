import { DEFAULT_PRESET, specFromPreset } from '../../models/presets';
import { presetFor } from '../shareController';
import type { StudioState } from '../types';
import { dataContext, type StoreCore } from './core';

/** The model: the preset or custom spec (layers, training settings, seed), and an imported model's architecture. */
export type ModelState = Pick<StudioState, 'presetId' | 'spec' | 'importedModel' | 'selectPreset' | 'applySpec' | 'setLayers' | 'updateTraining' | 'setSeed'>;

export function createModelSlice(core: StoreCore): ModelState {
  const { get, set } = core;
  return {
    presetId: DEFAULT_PRESET,
    spec: specFromPreset(DEFAULT_PRESET),
    importedModel: null,

    selectPreset(id) {
      const cur = get().spec;
      const ds = get().dataset.data;
      const next = specFromPreset(id, ds ? dataContext(ds) : undefined, cur.seed);
      next.dataset = cur.dataset;
      // Keep the person's choices of how long and on how much to train when switching models.
      next.training = { ...next.training, maxTrainSamples: cur.training.maxTrainSamples };
      set({ presetId: id, spec: next, importedModel: null });
    },

    applySpec(spec) {
      const cur = get().spec;
      // The loaded data stays: a spec made for other data keeps its model and training, on this data.
      set({ spec: { ...spec, dataset: { ...spec.dataset, id: cur.dataset.id, fingerprint: cur.dataset.fingerprint } }, presetId: presetFor(spec, get().dataset.data), importedModel: null });
    },

    setLayers(layers) {
      set((s) => ({ spec: { ...s.spec, name: 'Custom', model: { layers } }, presetId: 'custom', importedModel: null }));
    },

    updateTraining(patch) {
      set((s) => ({ spec: { ...s.spec, training: { ...s.spec.training, ...patch } } }));
      if (patch.validationFraction != null) core.data.refitIfStale();
    },

    setSeed(seed) {
      set((s) => ({ spec: { ...s.spec, seed } }));
    },
  };
}
