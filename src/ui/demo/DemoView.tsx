import { useStudio } from '../../store/context';
import { DrawPanel } from '../DrawPanel';
import { TablePredictPanel } from '../TablePredictPanel';
import { formatTaskMetric } from '../taskMetric';

/** The clean view a demo link opens: the trained model, a pad to draw on, and its predictions with error ranges. */
export function DemoView() {
  const demo = useStudio((s) => s.demo);
  const engine = useStudio((s) => s.engine.backend);
  const confirm = useStudio((s) => s.confirmRemoteModel);
  const openStudio = useStudio((s) => s.openDemoInStudio);
  const payloadTable = useStudio((s) => s.share.demoPayload?.table);
  if (!demo) return null;
  const drawable = demo.inputShape?.join('x') === '28x28x1';
  const tableModel = !!payloadTable;
  return (
    <main className="ts-demo" data-testid="demo-view" data-status={demo.status}>
      <section className="ts-panel ts-demo-head">
        <h2 data-testid="demo-title">{demo.name}</h2>
        <p className="ts-muted">
          {demo.accuracy != null ? `Test accuracy when shared: ${formatTaskMetric('classification', demo.accuracy)}. ` : ''}
          {engine ? `Running on ${engine.name}${engine.software ? ' (software)' : ''}.` : ''}
        </p>
        <div className="ts-buttons">
          <button type="button" className="primary" onClick={() => void openStudio()} data-testid="open-in-studio">
            Open in studio
          </button>
        </div>
      </section>
      {demo.status === 'confirm' && demo.remote ? (
        <section className="ts-panel" data-testid="remote-confirm">
          <h2>Load a model from another site?</h2>
          <p>
            This link points to a model hosted at <strong data-testid="remote-origin">{demo.remote.origin}</strong>. Nothing has been fetched yet.
          </p>
          <p className="ts-muted ts-small ts-break">{demo.remote.url}</p>
          <div className="ts-buttons">
            <button type="button" className="primary" onClick={() => void confirm()} data-testid="remote-load">
              Fetch and load the model
            </button>
          </div>
        </section>
      ) : null}
      {demo.status === 'loading' ? <p className="ts-panel ts-muted">Loading the model…</p> : null}
      {demo.status === 'error' ? (
        <div className="ts-alert" role="alert" data-testid="demo-error">
          <p>{demo.message}</p>
        </div>
      ) : null}
      {demo.status === 'ready' && !drawable && !tableModel ? <p className="ts-panel ts-muted">This model takes inputs of shape [{demo.inputShape?.join(', ')}]; the draw pad makes 28×28 digits. Open it in the studio to evaluate it on data.</p> : null}
      <DrawPanel />
      <TablePredictPanel />
    </main>
  );
}
