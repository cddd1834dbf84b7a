import { useMemo, useState } from 'react';
import { ConfusionMatrix } from '../charts/ConfusionMatrix';
import { exampleSize, type Dataset, type DatasetSplit } from '../core/types';
import type { TestEvaluation } from '../training/protocol';
import { useStudio } from '../store/context';
import { DigitImage } from './DigitImage';
import { Panel } from './Panel';
import { pct } from './format';

const GALLERY_SIZE = 60;

type GalleryFilter = 'all' | 'wrong' | 'right';
type ClassEval = Extract<TestEvaluation, { task: 'classification' }>;
type RegEval = Extract<TestEvaluation, { task: 'regression' }>;

function Gallery({ evaluation, split, data }: { evaluation: ClassEval; split: DatasetSplit; data: Dataset }) {
  const [filter, setFilter] = useState<GalleryFilter>('all');
  const [h, w, c] = data.inputShape;
  const items = useMemo(() => {
    const size = exampleSize(data);
    const out: { key: number; image: Uint8Array; label: number; predicted: number; confidence: number }[] = [];
    for (let i = 0; i < split.test.length && out.length < GALLERY_SIZE; i++) {
      const idx = split.test[i];
      const label = data.y[idx];
      const predicted = evaluation.predicted[i];
      const right = label === predicted;
      if ((filter === 'wrong' && right) || (filter === 'right' && !right)) continue;
      out.push({ key: idx, image: (data.x as Uint8Array).subarray(idx * size, (idx + 1) * size), label, predicted, confidence: evaluation.confidence[i] });
    }
    return out;
  }, [evaluation, split, data, filter]);
  return (
    <div>
      <div className="ts-subhead-row">
        <h3 className="ts-subhead">Test examples</h3>
        <select value={filter} onChange={(e) => setFilter(e.target.value as GalleryFilter)} data-testid="gallery-filter" aria-label="Which test examples to show">
          <option value="all">all</option>
          <option value="wrong">wrong only</option>
          <option value="right">right only</option>
        </select>
      </div>
      <ul className="ts-gallery" data-testid="gallery">
        {items.map((it) => {
          const right = it.label === it.predicted;
          return (
            <li key={it.key} className={right ? 'right' : 'wrong'} title={`true ${data.classNames[it.label]}, predicted ${data.classNames[it.predicted]} (${pct(it.confidence)})`}>
              <DigitImage pixels={it.image} width={w} height={h} channels={c} scale={Math.max(1, Math.round(56 / Math.max(w, h)))} />
              <span className="ts-gallery-caption">
                {right ? '' : '✗ '}
                {data.classNames[it.predicted]} <small>{pct(it.confidence, 0)}</small>
              </span>
            </li>
          );
        })}
      </ul>
      {items.length === 0 ? <p className="ts-muted">No examples match this filter.</p> : null}
    </div>
  );
}

function ClassificationView({ evaluation, split, data }: { evaluation: ClassEval; split: DatasetSplit; data: Dataset }) {
  const [normalize, setNormalize] = useState(false);
  const wrong = evaluation.predicted.reduce((n, p, i) => n + (p !== data.y[split.test[i]] ? 1 : 0), 0);
  return (
    <>
      <p>
        Test accuracy <strong data-testid="eval-accuracy">{pct(evaluation.metric, 2)}</strong> · {wrong} of {evaluation.predicted.length} wrong
      </p>
      <div className="ts-eval-grid">
        <div>
          <h3 className="ts-subhead">Confusion matrix</h3>
          <ConfusionMatrix matrix={evaluation.confusion} classNames={data.classNames} normalize={normalize} onNormalizeChange={setNormalize} />
        </div>
        {data.kind === 'image' ? <Gallery evaluation={evaluation} split={split} data={data} /> : null}
      </div>
    </>
  );
}

function RegressionView({ evaluation }: { evaluation: RegEval }) {
  return (
    <div className="ts-kv">
      <span>Test mean absolute error</span>
      <strong data-testid="eval-mae">{evaluation.metric.toFixed(4)}</strong>
      <span>Test RMSE</span>
      <span>{evaluation.rmse.toFixed(4)}</span>
      <span>Test examples</span>
      <span>{evaluation.predictions.length}</span>
    </div>
  );
}

export function EvaluationPanel() {
  const evaluation = useStudio((s) => s.run.evaluation);
  const split = useStudio((s) => s.run.split);
  const data = useStudio((s) => s.dataset.data);
  if (!evaluation || !data || !split) {
    return (
      <Panel title="Test set evaluation" testId="evaluation-panel">
        <p className="ts-muted">After each epoch the model is scored on the held-out test set: its score, a confusion matrix and a gallery of its guesses appear here.</p>
      </Panel>
    );
  }
  return (
    <Panel title={`Test set evaluation · epoch ${evaluation.epoch}`} testId="evaluation-panel">
      {evaluation.task === 'classification' ? <ClassificationView evaluation={evaluation} split={split} data={data} /> : <RegressionView evaluation={evaluation} />}
    </Panel>
  );
}
