import { isBusy } from '../store/runLifecycle';
import { useMemo } from 'react';
import { estimateCost } from '../models/cost';
import { MNIST_CONTEXT, PRESETS, presetsFor, type PresetId } from '../models/presets';
import { useStudio } from '../store/context';
import { useModelSummary } from '../store/selectors';
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
  return (
    <div className="ts-totals" data-testid="model-totals">
      <span>Parameters</span>
      <strong data-testid="total-params">{num(summary.totalParams)}</strong>
      <span>Compute</span>
      <span>{flops(cost.flopsPerSample)} per example (forward)</span>
      <span>Memory</span>
      <span title="Weights with gradients and optimizer state; activations for one batch, kept for the backward pass">
        {bytes(cost.trainingBytes)} to train at batch {batchSize} ({bytes(cost.weightBytes)} weights, {bytes(cost.activationBytes)} activations)
      </span>
    </div>
  );
}

export function ModelPanel() {
  const presetId = useStudio((s) => s.presetId);
  const selectPreset = useStudio((s) => s.selectPreset);
  const busy = useStudio((s) => isBusy(s.run.status));
  const data = useStudio((s) => s.dataset.data);
  const options = useMemo(() => presetsFor(data ? { kind: data.kind, task: data.task, numClasses: data.numClasses } : MNIST_CONTEXT), [data]);
  const preset = PRESETS.find((p) => p.id === presetId);

  return (
    <Panel title="Model" testId="model-panel">
      <label className="ts-field">
        <span>Preset</span>
        <select data-testid="preset-select" value={presetId} disabled={busy} onChange={(e) => selectPreset(e.target.value as PresetId)}>
          {presetId === 'custom' ? <option value="custom">Custom (edited)</option> : null}
          {options.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {preset ? <p className="ts-muted ts-small">{preset.description}</p> : <p className="ts-muted ts-small">Your own architecture. Pick a preset to start over from one.</p>}
      <LayerEditor />
      <Totals />
      <SpecJsonPanel />
    </Panel>
  );
}
