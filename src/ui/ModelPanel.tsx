import { useMemo } from 'react';
import { PRESETS, presetsFor, MNIST_CONTEXT, type PresetId } from '../models/presets';
import { fmt } from '../models/shapes';
import { useStudio } from '../store/context';
import { useInputShape, useModelSummary } from '../store/selectors';
import { Panel } from './Panel';
import { num } from './format';

export function ModelPanel() {
  const presetId = useStudio((s) => s.presetId);
  const selectPreset = useStudio((s) => s.selectPreset);
  const busy = useStudio((s) => s.run.status === 'running' || s.run.status === 'paused' || s.run.status === 'starting');
  const shape = useInputShape();
  const data = useStudio((s) => s.dataset.data);
  const options = useMemo(() => presetsFor(data ? { kind: data.kind, task: data.task, numClasses: data.numClasses } : MNIST_CONTEXT), [data]);
  const summary = useModelSummary();
  const preset = PRESETS.find((p) => p.id === presetId);

  return (
    <Panel title="Model" testId="model-panel">
      <label className="ts-field">
        <span>Preset</span>
        <select data-testid="preset-select" value={presetId} disabled={busy} onChange={(e) => selectPreset(e.target.value as PresetId)}>
          {options.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {preset ? <p className="ts-muted ts-small">{preset.description}</p> : null}
      <table className="ts-table ts-summary" data-testid="model-summary">
        <thead>
          <tr>
            <th>Layer</th>
            <th>Output shape</th>
            <th className="num">Params</th>
          </tr>
        </thead>
        <tbody>
          <tr className="ts-muted">
            <td>input</td>
            <td>{fmt(shape)}</td>
            <td className="num">0</td>
          </tr>
          {summary.layers.map((l) => (
            <tr key={l.index} className={l.error ? 'ts-row-error' : undefined} title={l.error}>
              <td>{l.name}</td>
              <td>{fmt(l.outputShape)}</td>
              <td className="num">{num(l.params)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={2}>Total parameters</td>
            <td className="num" data-testid="total-params">
              {num(summary.totalParams)}
            </td>
          </tr>
        </tfoot>
      </table>
    </Panel>
  );
}
