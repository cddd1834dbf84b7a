import { ProbabilityBars } from '../charts/ProbabilityBars';
import { ProbabilityErrorBars } from '../charts/inspect/ProbabilityErrorBars';
import { useStudio } from '../store/context';
import { hasModel as studioHasModel } from '../store/selectors';
import { DrawCanvas } from './DrawCanvas';
import { Panel } from './Panel';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function DrawPanel() {
  const predict = useStudio((s) => s.predictDrawing);
  const probabilities = useStudio((s) => s.draw.probabilities);
  const mc = useStudio((s) => s.draw.mc);
  const hasDropout = useStudio((s) => s.draw.hasDropout);
  const message = useStudio((s) => s.draw.message);
  const pending = useStudio((s) => s.draw.pending);
  const passes = useStudio((s) => s.inspect.passes);
  const setPasses = useStudio((s) => s.setPasses);
  const classNames = useStudio((s) => (s.mode === 'demo' ? s.demo?.classNames : s.dataset.data?.classNames) ?? DIGITS);
  // The pad makes 28×28 grey digits: it fits MNIST-shaped data (or demo models) only.
  const fits = useStudio((s) => (s.mode === 'demo' ? s.demo?.inputShape?.join('x') : s.dataset.data?.inputShape.join('x')) === '28x28x1');
  const hasModel = useStudio(studioHasModel);
  const drawn = useStudio((s) => s.draw.pixels != null);
  if (!fits) return null;
  return (
    <Panel title="Draw a digit" testId="draw-panel">
      <div className="ts-draw-layout">
        <DrawCanvas onChange={predict} />
        <div className="ts-draw-result" data-testid="draw-result" data-pending={pending ? 'true' : 'false'} aria-busy={pending}>
          {/* What is shown belongs to the drawing on the pad and the model in use: an earlier stroke's answer is marked as such. */}
          {pending && drawn ? (
            <p className="ts-small ts-muted" role="status" data-testid="draw-pending">
              {probabilities ? 'Updating for your latest stroke…' : 'Predicting…'}
            </p>
          ) : null}
          <div style={pending && probabilities ? { opacity: 0.45 } : undefined} data-testid="draw-bars">
            {mc && probabilities ? (
              <ProbabilityErrorBars classNames={classNames} mean={mc.mean} std={mc.std} q05={mc.q05} q95={mc.q95} entropy={mc.predictiveEntropy[0]} passes={passes} />
            ) : (
              <ProbabilityBars probabilities={probabilities} classNames={classNames} />
            )}
          </div>
          {probabilities && !hasDropout ? <p className="ts-muted ts-small">This model has no dropout: the softmax alone is shown, with no MC-dropout spread.</p> : null}
          <label className="ts-field ts-inline ts-small" title="Monte-Carlo dropout: forward passes with dropout kept on">
            <span>MC passes (T)</span>
            <input type="number" min={2} max={100} value={passes} onChange={(e) => setPasses(Number(e.target.value))} style={{ width: 64 }} data-testid="mc-passes" />
          </label>
          {message ? (
            <p className="ts-muted ts-small" data-testid="draw-message">
              {message}
            </p>
          ) : null}
          {!hasModel && !message ? <p className="ts-muted ts-small" data-testid="draw-no-model">Train a model, then draw: its class probabilities, with error bars from MC dropout, update live as you draw and after every epoch.</p> : null}
        </div>
      </div>
    </Panel>
  );
}
