import { useMemo } from 'react';
import { inferShapes, type ModelSummary, type Shape } from '../models/shapes';
import { useStudio } from './context';

const MNIST_SHAPE: Shape = [28, 28, 1];

/** The model's input shape: the loaded dataset's, or MNIST's until one has loaded. */
export function useInputShape(): Shape {
  const data = useStudio((s) => s.dataset.data);
  return useMemo(() => (data ? data.inputShape : MNIST_SHAPE), [data]);
}

/** Live shape inference of the current spec; recomputed only when the layers or the input change. */
export function useModelSummary(): ModelSummary {
  const layers = useStudio((s) => s.spec.model.layers);
  const shape = useInputShape();
  return useMemo(() => inferShapes(layers, shape), [layers, shape]);
}
