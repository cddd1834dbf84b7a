import { isBusy } from '../../store/runLifecycle';
import { useState, type DragEvent } from 'react';
import { clampLayer, LAYER_GROUPS, LAYER_INFO, type ParamDef } from '../../models/layerInfo';
import { fmt } from '../../models/shapes';
import type { LayerSpec, LayerType } from '../../models/spec';
import { useStudio } from '../../store/context';
import { useInputShape, useModelSummary } from '../../store/selectors';
import { num } from '../format';

type Layer = LayerSpec & Record<string, unknown>;

function paramText(layer: LayerSpec): string {
  const info = LAYER_INFO[layer.type];
  return info.params
    .map((p) => {
      const v = (layer as Layer)[p.key];
      if (v === undefined) return null;
      if (Array.isArray(v)) return `${p.label} [${v.join('×')}]`;
      if (typeof v === 'boolean') return v ? p.label : null;
      return `${p.label} ${v}`;
    })
    .filter((s) => s)
    .join(', ');
}

function ParamInput({ def, value, onChange, testId }: { def: ParamDef; value: unknown; onChange: (v: unknown) => void; testId: string }) {
  if (def.kind === 'select') {
    return (
      <select value={String(value)} data-testid={testId} onChange={(e) => onChange(e.target.value)}>
        {(def.options ?? []).map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  }
  if (def.kind === 'bool') return <input type="checkbox" data-testid={testId} checked={Boolean(value)} onChange={(e) => onChange(e.target.checked)} />;
  if (def.kind === 'shape') {
    return (
      <input
        defaultValue={Array.isArray(value) ? value.join(', ') : ''}
        data-testid={testId}
        placeholder="e.g. 28, 28"
        onBlur={(e) => {
          const dims = e.target.value
            .split(/[\s,x×]+/)
            .filter((s) => s)
            .map(Number);
          if (dims.length >= 1 && dims.length <= 3 && dims.every((d) => Number.isInteger(d) && d > 0)) onChange(dims);
          else e.target.value = Array.isArray(value) ? value.join(', ') : '';
        }}
      />
    );
  }
  return (
    <input
      type="number"
      data-testid={testId}
      value={Number(value)}
      min={def.min}
      max={def.max}
      step={def.step ?? (def.kind === 'int' ? 1 : 'any')}
      onChange={(e) => {
        const v = Number(e.target.value);
        if (e.target.value.trim() !== '' && Number.isFinite(v)) onChange(def.kind === 'int' ? Math.round(v) : v);
      }}
    />
  );
}

/** Add, remove, reorder (drag or arrows) and edit layers; each row shows its live output shape, parameters and any shape error. */
export function LayerEditor() {
  const layers = useStudio((s) => s.spec.model.layers);
  const setLayers = useStudio((s) => s.setLayers);
  const busy = useStudio((s) => isBusy(s.run.status));
  const summary = useModelSummary();
  const inputShape = useInputShape();
  const [open, setOpen] = useState<number | null>(null);
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [adding, setAdding] = useState<LayerType | ''>('');

  const commit = (next: LayerSpec[]) => setLayers(next.map(clampLayer));
  const move = (from: number, to: number) => {
    if (to < 0 || to >= layers.length || from === to) return;
    const next = [...layers];
    const [l] = next.splice(from, 1);
    next.splice(to, 0, l);
    commit(next);
    setOpen(null);
  };
  const onDrop = (e: DragEvent, to: number) => {
    e.preventDefault();
    if (dragFrom != null) move(dragFrom, to);
    setDragFrom(null);
  };
  const add = (type: LayerType) => {
    // New layers go before the output layer, where a person usually wants them.
    const at = layers.length > 0 && layers[layers.length - 1].type === 'dense' ? layers.length - 1 : layers.length;
    const next = [...layers];
    next.splice(at, 0, { ...LAYER_INFO[type].defaults } as LayerSpec);
    commit(next);
    setOpen(at);
    setAdding('');
  };

  return (
    <div className="ts-layer-editor" data-testid="layer-editor">
      <ol className="ts-layers">
        <li className="ts-layer ts-layer-input">
          <span className="ts-layer-name">input</span>
          <span className="ts-layer-shape">{fmt(inputShape)}</span>
        </li>
        {layers.map((layer, i) => {
          const info = summary.layers[i];
          const isOpen = open === i;
          return (
            <li
              key={i}
              className={`ts-layer${info?.error ? ' ts-layer-error' : ''}${dragFrom === i ? ' dragging' : ''}`}
              data-testid={`layer-${i}`}
              draggable={!busy}
              onDragStart={() => setDragFrom(i)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => onDrop(e, i)}
              onDragEnd={() => setDragFrom(null)}
            >
              <div className="ts-layer-row">
                <span className="ts-drag" aria-hidden="true" title="Drag to reorder">
                  ⋮⋮
                </span>
                <button type="button" className="ts-layer-name ts-link" onClick={() => setOpen(isOpen ? null : i)} aria-expanded={isOpen} data-testid={`layer-edit-${i}`}>
                  {LAYER_INFO[layer.type].label}
                </button>
                <span className="ts-layer-params">{paramText(layer)}</span>
                <span className="ts-layer-shape" data-testid={`layer-shape-${i}`}>
                  {info ? fmt(info.outputShape) : ''}
                </span>
                <span className="ts-layer-count">{info ? num(info.params) : ''}</span>
                <span className="ts-layer-actions">
                  <button type="button" aria-label="Move up" disabled={busy || i === 0} onClick={() => move(i, i - 1)}>
                    ↑
                  </button>
                  <button type="button" aria-label="Move down" disabled={busy || i === layers.length - 1} onClick={() => move(i, i + 1)}>
                    ↓
                  </button>
                  <button type="button" aria-label="Remove layer" data-testid={`layer-remove-${i}`} disabled={busy || layers.length <= 1} onClick={() => commit(layers.filter((_, k) => k !== i))}>
                    ✕
                  </button>
                </span>
              </div>
              {info?.error ? (
                <div className="ts-layer-msg" role="alert" data-testid={`layer-error-${i}`}>
                  {info.error}
                </div>
              ) : null}
              {isOpen ? (
                <div className="ts-layer-form">
                  <p className="ts-small ts-muted">{LAYER_INFO[layer.type].description}</p>
                  {LAYER_INFO[layer.type].params.map((def) => (
                    <label key={def.key} className="ts-field ts-inline">
                      <span>{def.label}</span>
                      <ParamInput
                        def={def}
                        value={(layer as Layer)[def.key]}
                        testId={`layer-${i}-${def.key}`}
                        onChange={(v) => commit(layers.map((l, k) => (k === i ? ({ ...l, [def.key]: v } as LayerSpec) : l)))}
                      />
                    </label>
                  ))}
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      <div className="ts-buttons">
        <select value={adding} disabled={busy} data-testid="add-layer" aria-label="Add a layer" onChange={(e) => e.target.value && add(e.target.value as LayerType)}>
          <option value="">+ Add layer…</option>
          {LAYER_GROUPS.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.types.map((t) => (
                <option key={t} value={t}>
                  {LAYER_INFO[t].label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
    </div>
  );
}
