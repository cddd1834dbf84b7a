import { useStore } from 'zustand';
import { DrawCanvas } from '../ui/DrawCanvas';
import type { EmbedController } from './embedController';
import { EmbedTableForm } from './EmbedTableForm';
import { ErrorBars } from './ErrorBars';
import type { AllowList } from './allowList';

/** The pad's side in CSS pixels: with its 84 px preview and caption beside it, it fits a 280 px frame. */
const PAD = 128;

/** The embedded model: its input (draw pad or form of raw values), its prediction with error bars, and its state in words. */
export function EmbedView({ controller, allow }: { controller: EmbedController; allow: AllowList }) {
  const s = useStore(controller.store);
  const d = s.model?.description;
  return (
    <main className="ts-embed" data-testid="embed-view" data-status={s.status}>
      <header className="ts-embed-head">
        <h1 data-testid="embed-title">{d?.name ?? 'Tensorscope model'}</h1>
        {s.origin ? (
          <p className="ts-embed-caption" data-testid="embed-origin">
            Model from {s.origin}
          </p>
        ) : null}
      </header>
      {s.status === 'loading' ? (
        <p role="status" className="ts-embed-caption" data-testid="embed-loading">
          {s.message}
        </p>
      ) : null}
      {s.status === 'error' ? (
        <p role="alert" className="ts-embed-error" data-testid="embed-error">
          {s.message}
        </p>
      ) : null}
      {allow.rejected.length ? (
        <p role="alert" className="ts-embed-error" data-testid="embed-allow-error">
          Not origins, ignored: {allow.rejected.join(', ')}.{allow.origins.length ? '' : ' No page may ask this embed for predictions.'}
        </p>
      ) : null}
      {s.status === 'ready' && d ? (
        <>
          {d.input === 'image' ? <DrawCanvas size={PAD} onChange={(px) => controller.predictOwn(px ? px.map((v) => v * 255) : null)} /> : null}
          {d.input === 'table' && s.model?.table ? (
            <EmbedTableForm table={s.model.table} onPredict={(f) => controller.predictOwn(f)} onError={(m) => controller.store.setState({ resultError: m, result: null })} />
          ) : null}
          {d.input === 'vector' ? <p className="ts-embed-caption">This model takes {d.shape.join('×')} numbers: ask it through postMessage.</p> : null}
          <section className="ts-embed-result" aria-live="polite" aria-busy={s.pending} data-testid="embed-result" data-pending={s.pending ? 'true' : 'false'}>
            {s.resultError ? <p className="ts-embed-error">{s.resultError}</p> : null}
            {s.result ? <ErrorBars result={s.result} passes={s.resultPasses} /> : d.input !== 'vector' ? <p className="ts-embed-caption">{d.input === 'image' ? 'Draw a digit to see what the model predicts.' : 'Fill in values and press Predict.'}</p> : null}
          </section>
        </>
      ) : null}
      <footer className="ts-embed-caption ts-embed-foot">
        Tensorscope{d?.testMetric != null ? ` · test accuracy ${(d.testMetric * 100).toFixed(1)}%` : ''}
        {s.backend ? <span data-testid="embed-backend"> · {s.backend.name}</span> : null}
      </footer>
    </main>
  );
}
