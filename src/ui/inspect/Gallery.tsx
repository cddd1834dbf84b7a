import { useEffect, useMemo, useRef, useState } from 'react';
import { exampleSize, type Dataset, type DatasetSplit } from '../../core/types';
import type { TestEvaluation } from '../../training/protocol';
import { useStudio } from '../../store/context';
import { DigitImage } from '../DigitImage';
import { pct } from '../format';
import { galleryOrder, type GalleryFilter, type GallerySort } from './galleryOrder';

type ClassEval = Extract<TestEvaluation, { task: 'classification' }>;

const CELL_W = 76;
const CELL_H = 84;
const VIEW_H = 430;

/**
 * Every test example, virtualised: only the rows in view are in the DOM, so thousands scroll smoothly.
 * Sort by loss, confidence, entropy or MC-dropout spread; filter by class, prediction and right/wrong.
 */
export function Gallery({ evaluation, split, data, filter, setFilter }: { evaluation: ClassEval; split: DatasetSplit; data: Dataset; filter: GalleryFilter; setFilter: (f: GalleryFilter) => void }) {
  const mc = useStudio((s) => s.inspect.mcTest);
  const mcStatus = useStudio((s) => s.inspect.mcStatus);
  const passes = useStudio((s) => s.inspect.passes);
  const runMc = useStudio((s) => s.runMcOnTest);
  const selected = useStudio((s) => s.inspect.selected);
  const select = useStudio((s) => s.selectExample);
  const [sort, setSort] = useState<GallerySort>('index');
  const [scrollTop, setScrollTop] = useState(0);
  const [width, setWidth] = useState(600);
  const ref = useRef<HTMLDivElement>(null);
  const labels = useMemo(() => Array.from(split.test, (i) => data.y[i]), [split, data]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver((e) => setWidth(e[0].contentRect.width));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const order = useMemo(
    () =>
      galleryOrder(
        { labels, predicted: evaluation.predicted, loss: evaluation.loss, confidence: evaluation.confidence, entropy: evaluation.entropy, spread: mc?.summary.spread ?? null },
        filter,
        sort,
      ),
    [labels, evaluation, mc, filter, sort],
  );
  const cols = Math.max(1, Math.floor(width / CELL_W));
  const rows = Math.ceil(order.length / cols);
  const first = Math.max(0, Math.floor(scrollTop / CELL_H) - 2);
  const last = Math.min(rows, Math.ceil((scrollTop + VIEW_H) / CELL_H) + 2);
  const size = exampleSize(data);
  const [h, w, c] = data.inputShape;
  const classOptions = data.classNames.map((n, i) => (
    <option key={i} value={i}>
      {n}
    </option>
  ));

  return (
    <div className="ts-gallery-wrap">
      <div className="ts-gallery-controls">
        <label className="ts-field ts-inline">
          <span>Sort</span>
          <select value={sort} data-testid="gallery-sort" onChange={(e) => setSort(e.target.value as GallerySort)}>
            <option value="index">test order</option>
            <option value="loss">loss (highest first)</option>
            <option value="confidence">confidence (lowest first)</option>
            <option value="entropy">entropy (highest first)</option>
            <option value="spread" disabled={!mc}>
              MC-dropout spread (highest first){mc ? '' : ' — run MC dropout'}
            </option>
          </select>
        </label>
        <label className="ts-field ts-inline">
          <span>True</span>
          <select value={filter.trueClass ?? ''} data-testid="gallery-true" onChange={(e) => setFilter({ ...filter, trueClass: e.target.value === '' ? null : Number(e.target.value) })}>
            <option value="">any</option>
            {classOptions}
          </select>
        </label>
        <label className="ts-field ts-inline">
          <span>Predicted</span>
          <select value={filter.predicted ?? ''} data-testid="gallery-pred" onChange={(e) => setFilter({ ...filter, predicted: e.target.value === '' ? null : Number(e.target.value) })}>
            <option value="">any</option>
            {classOptions}
          </select>
        </label>
        <select value={filter.correctness} data-testid="gallery-filter" aria-label="Right or wrong" onChange={(e) => setFilter({ ...filter, correctness: e.target.value as GalleryFilter['correctness'] })}>
          <option value="all">all</option>
          <option value="wrong">wrong only</option>
          <option value="right">right only</option>
        </select>
        <button type="button" data-testid="run-mc" disabled={mcStatus === 'running'} onClick={runMc} title="T forward passes with dropout on, for every test example">
          {mcStatus === 'running' ? 'Running MC dropout…' : mc ? `MC dropout done (T = ${mc.passes})` : `Run MC dropout (T = ${passes})`}
        </button>
      </div>
      <p className="ts-small ts-muted" data-testid="gallery-count">
        {order.length.toLocaleString('en-US')} of {split.test.length.toLocaleString('en-US')} test examples
      </p>
      <div className="ts-gallery-view" ref={ref} style={{ height: VIEW_H }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid="gallery">
        <div style={{ height: rows * CELL_H, position: 'relative' }}>
          {Array.from({ length: Math.max(0, last - first) }, (_, r) => first + r).flatMap((row) =>
            Array.from({ length: cols }, (_, col) => {
              const k = row * cols + col;
              if (k >= order.length) return null;
              const pos = order[k];
              const idx = split.test[pos];
              const label = labels[pos];
              const pred = evaluation.predicted[pos];
              const right = label === pred;
              return (
                <button
                  type="button"
                  key={pos}
                  className={`ts-gallery-cell ${right ? 'right' : 'wrong'}${selected === pos ? ' selected' : ''}`}
                  style={{ top: row * CELL_H, left: col * CELL_W, width: CELL_W - 6, height: CELL_H - 6 }}
                  title={`true ${data.classNames[label]}, predicted ${data.classNames[pred]} (${pct(evaluation.confidence[pos])}), entropy ${evaluation.entropy[pos].toFixed(2)}${mc ? `, MC spread ${mc.summary.spread[pos].toFixed(3)}` : ''}`}
                  aria-label={`Test example #${pos + 1}: true ${data.classNames[label]}, predicted ${data.classNames[pred]}, ${pct(evaluation.confidence[pos], 0)} confident${right ? '' : ', wrong'}`}
                  aria-current={selected === pos ? 'true' : undefined}
                  onClick={() => select(pos)}
                  data-testid="gallery-item"
                  data-pos={pos}
                >
                  <DigitImage pixels={(data.x as Uint8Array).subarray(idx * size, (idx + 1) * size)} width={w} height={h} channels={c} scale={Math.max(1, Math.round(48 / Math.max(w, h)))} />
                  <span className="ts-gallery-caption">
                    {right ? '' : '✗ '}
                    {data.classNames[pred]} <small>{pct(evaluation.confidence[pos], 0)}</small>
                  </span>
                </button>
              );
            }),
          )}
        </div>
      </div>
    </div>
  );
}
