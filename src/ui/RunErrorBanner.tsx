import type { BackendName } from '../core/types';
import { useStudio } from '../store/context';

const ALL: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** A failed run explained in plain words, with one-click retries on the other backends. */
export function RunErrorBanner() {
  const error = useStudio((s) => s.run.error);
  const active = useStudio((s) => s.engine.backend?.name ?? null);
  const retryOn = useStudio((s) => s.retryOn);
  if (!error) return null;
  const failed = error.backend ?? active;
  const others = ALL.filter((b) => b !== failed);
  return (
    <div className="ts-alert" role="alert" data-testid="run-error">
      <p>{error.message}</p>
      <div className="ts-buttons">
        <span className="ts-muted">Retry on:</span>
        {others.map((b) => (
          <button type="button" key={b} data-testid={`retry-${b}`} onClick={() => retryOn(b)}>
            {b}
          </button>
        ))}
      </div>
    </div>
  );
}
