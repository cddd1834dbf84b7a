import type { BackendChoice } from '../core/types';
import { useStudio, useStudioShallow } from '../store/context';

const LABELS: Record<BackendChoice, string> = {
  auto: 'Auto (WebGPU → WebGL → WASM → CPU)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU',
};

export function BackendPicker() {
  const choice = useStudio((s) => s.engine.backendChoice);
  const setChoice = useStudio((s) => s.setBackendChoice);
  const busy = useStudio((s) => s.run.status === 'running' || s.run.status === 'paused' || s.run.status === 'starting');
  return (
    <label className="ts-field ts-inline">
      <span>Backend</span>
      <select data-testid="backend-select" value={choice} disabled={busy} onChange={(e) => setChoice(e.target.value as BackendChoice)}>
        {(Object.keys(LABELS) as BackendChoice[]).map((b) => (
          <option key={b} value={b}>
            {LABELS[b]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function BackendStatus() {
  const { backend, mode, fallbackReason, engineStatus } = useStudioShallow((s) => ({
    backend: s.engine.backend,
    mode: s.engine.mode,
    fallbackReason: s.engine.fallbackReason,
    engineStatus: s.engine.status,
  }));
  const skipped = backend?.attempts.filter((a) => !a.ok) ?? [];
  return (
    <div className="ts-status-chips">
      <span className={`ts-chip ${mode === 'main-thread' ? 'warn' : ''}`} title={fallbackReason ?? 'Training runs in a dedicated Web Worker, so the page stays responsive.'} data-testid="engine-mode">
        {engineStatus === 'starting' ? 'engine starting…' : mode === 'worker' ? 'worker' : mode === 'main-thread' ? 'main thread (fallback)' : 'engine failed'}
      </span>
      <span className="ts-chip" data-testid="active-backend" title={skipped.map((a) => `${a.backend} skipped: ${a.reason}`).join('\n') || undefined}>
        {backend ? `${backend.name}${backend.software ? ' (software)' : ''}` : 'backend: not started'}
      </span>
      {backend?.adapter ? (
        <span className="ts-chip muted ts-adapter" title={backend.adapter} data-testid="adapter">
          {backend.adapter}
        </span>
      ) : null}
    </div>
  );
}
