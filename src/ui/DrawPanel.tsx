import { ProbabilityBars } from '../charts/ProbabilityBars';
import { useStudio } from '../store/context';
import { DrawCanvas } from './DrawCanvas';
import { Panel } from './Panel';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function DrawPanel() {
  const predict = useStudio((s) => s.predictDrawing);
  const probabilities = useStudio((s) => s.draw.probabilities);
  const message = useStudio((s) => s.draw.message);
  const classNames = useStudio((s) => s.dataset.data?.classNames ?? DIGITS);
  // The pad makes 28×28 grey digits: it fits MNIST-shaped data only.
  const fits = useStudio((s) => s.dataset.data?.inputShape.join('x') === '28x28x1');
  const hasModel = useStudio((s) => s.run.epochs.length > 0 || s.run.status === 'running' || s.run.status === 'paused');
  if (!fits) return null;
  return (
    <Panel title="Draw a digit" testId="draw-panel">
      <div className="ts-draw-layout">
        <DrawCanvas onChange={predict} />
        <div className="ts-draw-result">
          <ProbabilityBars probabilities={probabilities} classNames={classNames} />
          {message ? <p className="ts-muted ts-small">{message}</p> : null}
          {!hasModel && !message ? <p className="ts-muted ts-small">Train a model, then draw: its class probabilities update live as you draw and after every epoch.</p> : null}
        </div>
      </div>
    </Panel>
  );
}
