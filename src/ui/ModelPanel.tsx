import { isBusy } from '../store/runLifecycle';
import { useMemo, useState } from 'react';
import { kerasSummary } from '../models/kerasSummary';
import { estimateCost } from '../models/cost';
import { MNIST_CONTEXT, PRESETS, presetsFor, type PresetId } from '../models/presets';
import { useStudio } from '../store/context';
import { useInputShape, useModelSummary } from '../store/selectors';
import { LayerEditor } from './builder/LayerEditor';
import { SpecJsonPanel } from './builder/SpecJsonPanel';
import { Panel } from './Panel';
import { num } from './format';

const bytes = (b: number) => (b >= 1e9 ? `${(b / 1e9).toFixed(2)} GB` : b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e3).toFixed(0)} KB`);
const flops = (f: number) => (f >= 1e9 ? `${(f / 1e9).toFixed(2)} GFLOP` : f >= 1e6 ? `${(f / 1e6).toFixed(2)} MFLOP` : `${(f / 1e3).toFixed(1)} kFLOP`);

function Totals() {
  const summary = useModelSummary();
  const layers = useStudio((s) => s.spec.model.layers);
  const batchSize = useStudio((s) => s.spec.training.batchSize);
  const cost = useMemo(() => estimateCost(summary, layers, batchSize), [summary, layers, batchSize]);
  const standardize = useStudio((s) => s.spec.dataset.standardizeTarget === true);
  const last = summary.layers[summary.layers.length - 1]?.outputShape;
  const targetScale = standardize && summary.valid && last?.length === 1 && last[0] === 1;
  return (
    <div className="ts-totals" data-testid="model-totals">
      <span>Parameters</span>
      <strong data-testid="total-params">{num(summary.totalParams)}</strong>
      {targetScale ? (
        <>
          <span>Output</span>
          <span data-testid="target-scale-note">
            in the target's own units: a fixed last layer multiplies by the train targets' standard deviation and adds their mean (2 more parameters,
            not trained), so the layers above learn values near 0 whatever the units; the loss is shown in standard deviations
          </span>
        </>
      ) : null}
      <span>Compute</span>
      <span>{flops(cost.flopsPerSample)} per example (forward)</span>
      <span>Memory</span>
      <span title="Weights with gradients and optimizer state; activations for one batch, kept for the backward pass">
        {bytes(cost.trainingBytes)} to train at batch {batchSize} ({bytes(cost.weightBytes)} weights, {bytes(cost.activationBytes)} activations)
      </span>
    </div>
  );
}

/** The model as Keras's model.summary() prints it, to read or copy. */
function KerasSummaryText() {
  const layers = useStudio((s) => s.spec.model.layers);
  const shape = useInputShape();
  const text = useMemo(() => kerasSummary(layers, shape).text, [layers, shape]);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'refused'>('idle');
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      setCopied('refused');
    }
  };
  return (
    <details className="ts-keras-summary" data-testid="keras-summary" onToggle={() => setCopied('idle')}>
      <summary>Summary (Keras style)</summary>
      <div className="ts-buttons">
        <button type="button" onClick={() => void copy()} data-testid="keras-summary-copy">
          Copy
        </button>
        {copied === 'copied' ? <span className="ts-small ts-muted" role="status">Copied to the clipboard.</span> : null}
        {copied === 'refused' ? (
          <span className="ts-small ts-warn-text" role="status" data-testid="keras-summary-refused">
            The browser refused clipboard access: select the text below and copy it.
          </span>
        ) : null}
      </div>
      <pre className="ts-small" data-testid="keras-summary-text" style={{ overflowX: 'auto', userSelect: 'all' }}>
        {text}
      </pre>
    </details>
  );
}

/** The imported model the spec now holds (or why its layers could not become the spec's). */
function ImportedNote() {
  const imported = useStudio((s) => s.importedModel);
  const weightsInUse = useStudio((s) => s.importedModel != null && s.run.id === s.importedModel.runId);
  if (!imported) return null;
  const params = num(imported.params);
  return (
    <p className="ts-notice ts-small" role="status" data-testid="imported-model-note">
      {imported.mapped ? (
        <>
          Imported model <strong>{imported.name}</strong> ({params} parameters): its layers are below.{' '}
          {weightsInUse
            ? 'Its imported weights are the model in use; Train trains this architecture again from fresh weights (the imported weights are replaced).'
            : 'Trained from fresh weights with this imported architecture.'}
        </>
      ) : (
        <>
          Imported model <strong>{imported.name}</strong> ({params} parameters) is in use for evaluation and predictions, but its layers cannot be edited or trained here ({imported.unsupported.join('; ')}). Train trains the model below instead.
        </>
      )}
    </p>
  );
}

export function ModelPanel() {
  const presetId = useStudio((s) => s.presetId);
  const selectPreset = useStudio((s) => s.selectPreset);
  const busy = useStudio((s) => isBusy(s.run.status));
  const data = useStudio((s) => s.dataset.data);
  const options = useMemo(() => presetsFor(data ? { kind: data.kind, task: data.task, numClasses: data.numClasses } : MNIST_CONTEXT), [data]);
  const preset = PRESETS.find((p) => p.id === presetId);
  const imported = useStudio((s) => (s.importedModel?.mapped ? s.importedModel.name : null));

  return (
    <Panel title="Model" testId="model-panel">
      <label className="ts-field">
        <span>Preset</span>
        <select data-testid="preset-select" value={presetId} disabled={busy} onChange={(e) => selectPreset(e.target.value as PresetId)}>
          {presetId === 'custom' ? <option value="custom">{imported ? `Imported: ${imported}` : 'Custom (edited)'}</option> : null}
          {options.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {preset ? <p className="ts-muted ts-small">{preset.description}</p> : <p className="ts-muted ts-small">Your own architecture. Pick a preset to start over from one.</p>}
      <ImportedNote />
      <LayerEditor />
      <Totals />
      <KerasSummaryText />
      <SpecJsonPanel />
    </Panel>
  );
}
