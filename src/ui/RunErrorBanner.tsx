import { offersBackendRetry } from '../core/errors';
import type { BackendName } from '../core/types';
import { useStudio } from '../store/context';
import { divergenceAdvice, divergenceWhat, suggestedLearningRate } from '../training/divergence';

const ALL: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** A failed run explained in plain words, with one-click retries on the other backends; a diverged one, with fixes. */
export function RunErrorBanner() {
  const error = useStudio((s) => s.run.error);
  const active = useStudio((s) => s.engine.backend?.name ?? null);
  const retryOn = useStudio((s) => s.retryOn);
  const diverged = useStudio((s) => s.run.status === 'diverged');
  if (diverged) return <DivergedBanner />;
  if (!error) return null;
  const failed = error.backend ?? active;
  const others = ALL.filter((b) => b !== failed);
  // A model or data error fails the same way on every backend: no retry buttons, and say where the fix is.
  if (!offersBackendRetry(error.code)) {
    return (
      <div className="ts-alert" role="alert" data-testid="run-error" data-code={error.code}>
        <p>{error.message}</p>
        {error.code === 'invalid-spec' ? (
          <p className="ts-muted" data-testid="run-error-fix">
            This is a problem with the model, not with the backend: change it in the Model panel, then train again.
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <div className="ts-alert" role="alert" data-testid="run-error" data-code={error.code}>
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

/** The run's loss or weights became NaN/Infinity: where, what is kept, and the two usual fixes as buttons. */
function DivergedBanner() {
  // The engine's report, from the run (once the store keeps it) or from the run's history record.
  const divergence = useStudio((s) => s.run.divergence ?? s.history.runs.find((r) => r.id === s.run.id)?.divergence ?? null);
  const training = useStudio((s) => s.spec.training);
  const update = useStudio((s) => s.updateTraining);
  const learningRate = divergence?.learningRate ?? training.learningRate;
  const clipNorm = divergence ? divergence.clipNorm : (training.clipNorm ?? null);
  const lower = suggestedLearningRate(learningRate);
  return (
    <div className="ts-alert" role="alert" data-testid="run-diverged">
      <p data-testid="run-diverged-what">{divergence ? divergenceWhat(divergence) : 'Training diverged: the loss is no longer a finite number (NaN or infinity). The run stopped; the model in memory is not usable.'}</p>
      <p data-testid="run-diverged-advice">{divergenceAdvice({ learningRate, clipNorm })}</p>
      <div className="ts-buttons">
        <button type="button" data-testid="diverged-lower-lr" disabled={training.learningRate === lower} onClick={() => update({ learningRate: lower })}>
          Use learning rate {lower}
        </button>
        {clipNorm == null ? (
          <button type="button" data-testid="diverged-clip" disabled={(training.clipNorm ?? null) !== null} onClick={() => update({ clipNorm: 1 })}>
            Clip gradients (global norm 1)
          </button>
        ) : null}
      </div>
    </div>
  );
}
