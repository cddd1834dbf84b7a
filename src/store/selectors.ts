import { useMemo } from 'react';
import { inferShapes, type ModelSummary, type OutputTarget, type Shape } from '../models/shapes';
import { useStudio } from './context';
import type { StudioState } from './types';

const MNIST_SHAPE: Shape = [28, 28, 1];

/** The model's input shape: the loaded dataset's, or MNIST's until one has loaded. */
export function useInputShape(): Shape {
  const data = useStudio((s) => s.dataset.data);
  return useMemo(() => (data ? data.inputShape : MNIST_SHAPE), [data]);
}

/**
 * Live shape inference of the current spec, the output checked against the loaded data's task and class count
 * (outputError); recomputed only when the layers or the data change.
 */
export function useModelSummary(): ModelSummary {
  const layers = useStudio((s) => s.spec.model.layers);
  const shape = useInputShape();
  const data = useStudio((s) => s.dataset.data);
  const target = useMemo<OutputTarget | undefined>(() => (data ? { task: data.task, numClasses: data.numClasses } : undefined), [data]);
  return useMemo(() => inferShapes(layers, shape, target), [layers, shape, target]);
}

/**
 * Whether the studio has a model to predict with: a demo's, one training or trained (any finished epoch), or one
 * loaded whole (an import, a demo opened in the studio: a run with no epochs of its own).
 */
export function hasModel(s: StudioState): boolean {
  if (s.mode === 'demo') return s.demo?.status === 'ready';
  const r = s.run;
  return r.epochs.length > 0 || r.status === 'running' || r.status === 'paused' || (r.status === 'done' && (r.evaluation != null || r.info?.totalEpochs === 0));
}
