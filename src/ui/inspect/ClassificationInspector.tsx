import { memo, useDeferredValue, useMemo, useState } from 'react';
import { ConfusionMatrix } from '../../charts/ConfusionMatrix';
import { ConfidenceHistogram } from '../../charts/inspect/ConfidenceHistogram';
import { confidenceHistogramCsv, metricHistoryCsv, perClassCsv, reliabilityCsv, weightHistogramsCsv } from '../../charts/inspect/inspectCsv';
import { toCsv } from '../../charts/inspect/exportChart';
import { MetricHistory } from '../../charts/inspect/MetricHistory';
import { PerClassBars } from '../../charts/inspect/PerClassBars';
import { ReliabilityDiagram } from '../../charts/inspect/ReliabilityDiagram';
import { WeightHistogram } from '../../charts/inspect/WeightHistogram';
import { exampleSize, type Dataset, type DatasetSplit } from '../../core/types';
import type { TestEvaluation } from '../../training/protocol';
import { useStudio } from '../../store/context';
import { DigitImage } from '../DigitImage';
import { pct } from '../format';
import { ExampleDetail } from './ExampleDetail';
import { ExportableCard } from './ExportableCard';
import { WeightHistograms } from './WeightHistograms';
import { Gallery } from './Gallery';
import { Tabs, type TabItem } from '../Tabs';
import type { GalleryFilter } from './galleryOrder';

type ClassEval = Extract<TestEvaluation, { task: 'classification' }>;
type Tab = 'overview' | 'calibration' | 'examples' | 'inside' | 'weights' | 'history';
const NO_FILTER: GalleryFilter = { trueClass: null, predicted: null, correctness: 'all' };

function ClassificationInspectorImpl({ evaluation, split, data }: { evaluation: ClassEval; split: DatasetSplit; data: Dataset }) {
  const [tab, setTab] = useState<Tab>('overview');
  const [normalize, setNormalize] = useState(false);
  const [metric, setMetric] = useState<'precision' | 'recall' | 'f1'>('recall');
  const [filter, setFilter] = useState<GalleryFilter>(NO_FILTER);
  // Deferred like the evaluation itself (EvaluationPanel): a new epoch must not re-render this panel synchronously.
  const history = useDeferredValue(useStudio((s) => s.run.history));
  const select = useStudio((s) => s.selectExample);
  const wrong = evaluation.predicted.length - Math.round(evaluation.metric * evaluation.predicted.length);
  const size = exampleSize(data);
  const [h, w, c] = data.inputShape;
  const meanEntropy = useMemo(() => evaluation.entropy.reduce((a, b) => a + b, 0) / Math.max(1, evaluation.entropy.length), [evaluation]);

  const showCell = (trueClass: number, predicted: number) => {
    setFilter({ trueClass, predicted, correctness: 'all' });
    setTab('examples');
  };
  /** Up to four test positions (indices into split.test) of the pair. */
  const pairExamples = (t: number, p: number) => {
    const out: number[] = [];
    for (let i = 0; i < split.test.length && out.length < 4; i++) if (data.y[split.test[i]] === t && evaluation.predicted[i] === p) out.push(i);
    return out;
  };
  const openExample = (t: number, p: number, pos: number) => {
    showCell(t, p);
    select(pos);
    // The thumbnail leaves with the Overview tab: the focus goes to the same example in the gallery.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-testid="gallery-item"][data-pos="${pos}"]`)?.focus());
  };
  const tabs: TabItem<Tab>[] = (
    [
      ['overview', 'Overview'],
      ['calibration', 'Calibration'],
      ['examples', 'Examples'],
      ['inside', 'Inside the model'],
      ['weights', 'Weights & gradients'],
      ['history', 'History'],
    ] as const
  ).map(([key, label]) => ({ key, label, testId: `eval-tab-${key}` }));

  return (
    <>
      <p data-testid="eval-summary">
        Test accuracy <strong data-testid="eval-accuracy">{pct(evaluation.metric, 2)}</strong> · {wrong} of {evaluation.predicted.length} wrong · ECE{' '}
        <strong data-testid="eval-ece">{pct(evaluation.calibration.ece, 1)}</strong> · mean entropy {meanEntropy.toFixed(3)} nats
      </p>
      <Tabs label="Evaluation" items={tabs} selected={tab} onSelect={setTab} className="ts-insp-tabs">
      {tab === 'overview' ? (
        <div className="ts-insp-grid">
          <div>
            <h3 className="ts-subhead">Confusion matrix (click a cell to see its examples)</h3>
            <ConfusionMatrix matrix={evaluation.confusion} classNames={data.classNames} normalize={normalize} onNormalizeChange={setNormalize} onCellClick={showCell} />
            <h3 className="ts-subhead" style={{ marginTop: 12 }}>
              Most-confused pairs
            </h3>
            <ul className="ts-pairs" data-testid="confused-pairs">
              {evaluation.pairs.map((p) => (
                <li key={`${p.trueClass}-${p.predicted}`}>
                  <button type="button" onClick={() => showCell(p.trueClass, p.predicted)}>
                    {data.classNames[p.trueClass]} → {data.classNames[p.predicted]}: {p.count} ({pct(p.rateOfTrue, 1)})
                  </button>
                  {data.kind === 'image'
                    ? pairExamples(p.trueClass, p.predicted).map((pos) => {
                        const i = split.test[pos];
                        return (
                          <button
                            key={pos}
                            type="button"
                            className="ts-pair-thumb"
                            data-testid="pair-thumb"
                            data-pos={pos}
                            aria-label={`Test example #${pos + 1}: true ${data.classNames[p.trueClass]}, predicted ${data.classNames[p.predicted]}`}
                            onClick={() => openExample(p.trueClass, p.predicted, pos)}
                          >
                            <DigitImage pixels={(data.x as Uint8Array).subarray(i * size, (i + 1) * size)} width={w} height={h} channels={c} scale={1} />
                          </button>
                        );
                      })
                    : null}
                </li>
              ))}
              {evaluation.pairs.length === 0 ? <li className="ts-muted">No mistakes.</li> : null}
            </ul>
          </div>
          <ExportableCard
            title={`Per-class ${metric} with 95 % Wilson intervals`}
            fileName="per-class"
            csv={() => perClassCsv(data.classNames, evaluation.perClass.classes)}
            extra={
              <select value={metric} onChange={(e) => setMetric(e.target.value as typeof metric)} aria-label="Per-class metric" data-testid="per-class-metric">
                <option value="precision">precision</option>
                <option value="recall">recall</option>
                <option value="f1">F1</option>
              </select>
            }
          >
            <PerClassBars classNames={data.classNames} stats={evaluation.perClass.classes} metric={metric} testItems={evaluation.predicted.length} />
          </ExportableCard>
        </div>
      ) : null}
      {tab === 'calibration' ? (
        <div className="ts-insp-grid">
          <ExportableCard title="Reliability diagram" fileName="reliability" csv={() => reliabilityCsv(evaluation.calibration.bins, evaluation.calibration.ece)}>
            <ReliabilityDiagram bins={evaluation.calibration.bins} ece={evaluation.calibration.ece} />
          </ExportableCard>
          <ExportableCard title="Confidence: right vs wrong predictions" fileName="confidence" csv={() => confidenceHistogramCsv(evaluation.histogram.edges, evaluation.histogram.correct, evaluation.histogram.wrong)}>
            <ConfidenceHistogram edges={evaluation.histogram.edges} correct={evaluation.histogram.correct} wrong={evaluation.histogram.wrong} />
          </ExportableCard>
        </div>
      ) : null}
      {tab === 'examples' ? (
        <>
          {filter.trueClass != null && filter.predicted != null ? (
            <p className="ts-small">
              Showing true {data.classNames[filter.trueClass]} predicted as {data.classNames[filter.predicted]}.{' '}
              <button type="button" onClick={() => setFilter(NO_FILTER)}>
                Show all
              </button>
            </p>
          ) : null}
          {data.kind === 'image' ? <Gallery evaluation={evaluation} split={split} data={data} filter={filter} setFilter={setFilter} /> : <p className="ts-muted">The gallery shows image data.</p>}
          <ExampleDetail split={split} data={data} />
        </>
      ) : null}
      {tab === 'inside' ? (
        <>
          <ExportableCard title={`Weight histograms (epoch ${evaluation.epoch})`} fileName="weights" csv={() => weightHistogramsCsv(evaluation.weights)}>
            <WeightHistogram histograms={evaluation.weights} />
          </ExportableCard>
          <ExampleDetail split={split} data={data} />
        </>
      ) : null}
      {tab === 'weights' ? <WeightHistograms /> : null}
      {tab === 'history' ? (
        <ExportableCard title="Validation accuracy, calibration error and mean entropy per epoch" fileName="evaluation-history" csv={() => (history.length ? metricHistoryCsv(history) : toCsv(['epoch'], []))}>
          <MetricHistory epochs={history} />
        </ExportableCard>
      ) : null}
      </Tabs>
    </>
  );
}

/** Memoised: its parent defers the data (useDeferredValue), and the urgent re-render with the old value must bail out here. */
export const ClassificationInspector = memo(ClassificationInspectorImpl);
