import { useMemo } from 'react';
import { splitFor } from '../data/split';
import { useStudio, useStudioShallow } from '../store/context';
import { Panel } from './Panel';
import { ProgressBar } from './ProgressBar';
import { mb, num } from './format';

export function DatasetPanel() {
  const { status, loaded, total, error } = useStudioShallow((s) => ({
    status: s.dataset.status,
    loaded: s.dataset.loaded,
    total: s.dataset.total,
    error: s.dataset.error,
  }));
  const data = useStudio((s) => s.dataset.data);
  const valFraction = useStudio((s) => s.spec.training.validationFraction);
  const split = useMemo(() => (data ? splitFor(data, valFraction) : null), [data, valFraction]);

  return (
    <Panel title="Dataset" testId="dataset-panel">
      {status === 'loading' || status === 'idle' ? (
        <ProgressBar
          testId="dataset-progress"
          value={total ? loaded / total : null}
          label={loaded ? `Downloading MNIST… ${mb(loaded)}${total ? ` of ${mb(total)}` : ''}` : 'Starting…'}
        />
      ) : null}
      {status === 'error' ? (
        <div className="ts-alert" role="alert">
          <p>{error}</p>
          <button type="button" onClick={() => location.reload()}>
            Reload
          </button>
        </div>
      ) : null}
      {data && split ? (
        <div data-testid="dataset-ready">
          <div className="ts-kv">
            <span>Name</span>
            <strong>{data.name}</strong>
            <span>Images</span>
            <span>
              {num(data.count)} × {data.height}×{data.width}
              {data.channels > 1 ? `×${data.channels}` : ''}, {data.numClasses} classes
            </span>
            <span>Split</span>
            <span data-testid="split-summary">
              {num(split.train.length)} train · {num(split.validation.length)} validation · {num(split.test.length)} test
            </span>
            <span>Fingerprint</span>
            <code title="A hash of every pixel and label: results record it so they can be traced to this exact data.">{data.fingerprint}</code>
          </div>
        </div>
      ) : null}
    </Panel>
  );
}
