import { useMemo, useState } from 'react';
import { ConfusionMatrix } from '../charts/ConfusionMatrix';
import { useStudio } from '../store/context';
import { DigitImage } from './DigitImage';
import { Panel } from './Panel';
import { pct } from './format';

const GALLERY_SIZE = 60;

type GalleryFilter = 'all' | 'wrong' | 'right';

export function EvaluationPanel() {
  const evaluation = useStudio((s) => s.run.evaluation);
  const split = useStudio((s) => s.run.split);
  const data = useStudio((s) => s.dataset.data);
  const [normalize, setNormalize] = useState(false);
  const [filter, setFilter] = useState<GalleryFilter>('all');

  const items = useMemo(() => {
    if (!evaluation || !split || !data) return [];
    const size = data.height * data.width * data.channels;
    const out: { key: number; image: Uint8Array; label: number; predicted: number; confidence: number }[] = [];
    for (let i = 0; i < split.test.length && out.length < GALLERY_SIZE; i++) {
      const idx = split.test[i];
      const label = data.labels[idx];
      const predicted = evaluation.predicted[i];
      const right = label === predicted;
      if ((filter === 'wrong' && right) || (filter === 'right' && !right)) continue;
      out.push({ key: idx, image: data.images.subarray(idx * size, (idx + 1) * size), label, predicted, confidence: evaluation.confidence[i] });
    }
    return out;
  }, [evaluation, split, data, filter]);

  if (!evaluation || !data) {
    return (
      <Panel title="Test set evaluation" testId="evaluation-panel">
        <p className="ts-muted">After each epoch the model is scored on the 2,000 held-out test digits: accuracy, a confusion matrix and a gallery of its guesses appear here.</p>
      </Panel>
    );
  }
  const wrong = evaluation.predicted.reduce((n, p, i) => n + (split && p !== data.labels[split.test[i]] ? 1 : 0), 0);
  return (
    <Panel title={`Test set evaluation · epoch ${evaluation.epoch}`} testId="evaluation-panel">
      <p>
        Test accuracy <strong data-testid="eval-accuracy">{pct(evaluation.accuracy, 2)}</strong> · {wrong} of {evaluation.predicted.length} wrong
      </p>
      <div className="ts-eval-grid">
        <div>
          <h3 className="ts-subhead">Confusion matrix</h3>
          <ConfusionMatrix matrix={evaluation.confusion} classNames={data.classNames} normalize={normalize} onNormalizeChange={setNormalize} />
        </div>
        <div>
          <div className="ts-subhead-row">
            <h3 className="ts-subhead">Test digits</h3>
            <select value={filter} onChange={(e) => setFilter(e.target.value as GalleryFilter)} data-testid="gallery-filter" aria-label="Which test digits to show">
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
                  <DigitImage pixels={it.image} width={data.width} height={data.height} scale={2} />
                  <span className="ts-gallery-caption">
                    {right ? '' : '✗ '}
                    {data.classNames[it.predicted]} <small>{pct(it.confidence, 0)}</small>
                  </span>
                </li>
              );
            })}
          </ul>
          {items.length === 0 ? <p className="ts-muted">No digits match this filter.</p> : null}
        </div>
      </div>
    </Panel>
  );
}
