import { useCallback, useEffect, useRef } from 'react';
import { ConvFilters } from '../../charts/inspect/ConvFilters';
import { DenseActivations } from '../../charts/inspect/DenseActivations';
import { FeatureMaps } from '../../charts/inspect/FeatureMaps';
import { ProbabilityErrorBars } from '../../charts/inspect/ProbabilityErrorBars';
import { probabilityCsv } from '../../charts/inspect/inspectCsv';
import { exampleSize, type Dataset, type DatasetSplit } from '../../core/types';
import { useStudio } from '../../store/context';
import { DigitImage } from '../DigitImage';
import { AttentionMaps } from './AttentionMaps';
import { ExportableCard } from './ExportableCard';

/** One test example: the image, the class probabilities with MC-dropout error bars, and what every layer made of it. */
export function ExampleDetail({ split, data }: { split: DatasetSplit; data: Dataset }) {
  const selected = useStudio((s) => s.inspect.selected);
  const example = useStudio((s) => s.inspect.example);
  const status = useStudio((s) => s.inspect.exampleStatus);
  const error = useStudio((s) => s.inspect.error);
  const select = useStudio((s) => s.selectExample);
  // The control that opened this example (a gallery item, a confused pair's thumbnail): focus returns to it on close.
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (selected == null) return;
    const a = document.activeElement;
    if (a instanceof HTMLElement && a !== document.body && !a.closest('[data-testid="example-detail"]')) opener.current = a;
  }, [selected]);
  const close = useCallback(() => {
    const back = opener.current;
    const pos = selected;
    opener.current = null;
    select(null);
    requestAnimationFrame(() => {
      if (back?.isConnected) back.focus();
      else document.querySelector<HTMLElement>(`[data-testid="gallery-item"][data-pos="${pos}"]`)?.focus();
    });
  }, [select, selected]);
  // Esc closes the example while the focus is in the evaluation panel (a modal dialog handles its own Esc).
  useEffect(() => {
    if (selected == null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('dialog[open]')) return;
      const t = e.target;
      if (t instanceof Element && t !== document.body && !t.closest('[data-testid="evaluation-panel"]')) return;
      e.preventDefault();
      close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [selected, close]);
  if (selected == null) return <p className="ts-small ts-muted">Click an example (or press Enter on it) to see its probabilities with error ranges and its activations.</p>;
  const idx = split.test[selected];
  const size = exampleSize(data);
  const [h, w, c] = data.inputShape;
  const label = data.y[idx];
  return (
    <div className="ts-detail" data-testid="example-detail">
      <div className="ts-subhead-row">
        <h3 className="ts-subhead">
          Test example #{selected + 1} · true class {data.classNames[label]}
        </h3>
        <button type="button" onClick={close} aria-label="Close the example (Esc)">
          Close
        </button>
      </div>
      <div className="ts-detail-head">
        <DigitImage pixels={(data.x as Uint8Array).subarray(idx * size, (idx + 1) * size)} width={w} height={h} channels={c} scale={Math.max(2, Math.round(112 / Math.max(w, h)))} title={`true class ${data.classNames[label]}`} />
        <div style={{ flex: 1, minWidth: 260 }}>
          {status === 'running' && !example ? <p className="ts-muted">Asking the model…</p> : null}
          {status === 'error' ? <p className="ts-field-error">{error}</p> : null}
          {example ? (
            <ExportableCard
              title={example.hasDropout ? `Probabilities, MC dropout (T = ${example.passes}): mean ± 1 σ, 5–95 % range` : 'Probabilities (no dropout in this model: no MC spread)'}
              fileName={`example-${selected + 1}-probabilities`}
              csv={() => probabilityCsv(data.classNames, example.mc.mean, example.mc.std, example.mc.q05, example.mc.q95)}
            >
              <ProbabilityErrorBars
                classNames={data.classNames}
                mean={example.mc.mean}
                std={example.hasDropout ? example.mc.std : undefined}
                q05={example.hasDropout ? example.mc.q05 : undefined}
                q95={example.hasDropout ? example.mc.q95 : undefined}
                trueClass={label}
                entropy={example.mc.predictiveEntropy[0]}
                passes={example.hasDropout ? example.passes : undefined}
              />
            </ExportableCard>
          ) : null}
        </div>
      </div>
      {example?.attention ? <AttentionMaps maps={example.attention} pixels={(data.x as Uint8Array).subarray(idx * size, (idx + 1) * size)} width={w} height={h} channels={c} /> : null}
      {example ? (
        <div className="ts-activations" data-testid="activations">
          <h3 className="ts-subhead">Activations, layer by layer</h3>
          {example.activations.map((a) =>
            a.shape.length === 3 ? (
              <FeatureMaps key={a.name} name={`${a.name} ${JSON.stringify(a.shape)}`} shape={a.shape} values={a.values} />
            ) : a.shape.length === 1 ? (
              <DenseActivations key={a.name} name={`${a.name} [${a.shape[0]}]`} values={a.values} />
            ) : (
              <p key={a.name} className="ts-small ts-muted">
                {a.name} {JSON.stringify(a.shape)}
              </p>
            ),
          )}
          {example.filters ? (
            <>
              <h3 className="ts-subhead">First convolution's filters ({example.filters.name})</h3>
              <ConvFilters kernel={example.filters.kernel} size={example.filters.size} />
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
