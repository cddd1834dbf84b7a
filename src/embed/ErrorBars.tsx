import type { PredictionResult } from '../client/protocol';

/** The most classes listed: the likeliest, so a 100-class model still fits a small frame. */
const MAX_ROWS = 10;

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/**
 * A prediction as bars with whiskers: each class's mean probability, and mean ± 2σ over the MC-dropout passes
 * (clipped to 0–1); a regression value ± 2σ as a line of text. Widths are percentages, so the bars fit any frame.
 */
export function ErrorBars({ result, passes }: { result: PredictionResult; passes: number }) {
  if (result.task === 'regression') {
    return (
      <p className="ts-embed-value" data-testid="embed-value">
        Predicted: <strong>{result.value.toPrecision(4)}</strong>
        {result.sigma != null ? <> ± {(2 * result.sigma).toPrecision(2)}</> : null}
        <span className="ts-embed-caption">{result.sigma != null ? `±2σ over ${passes} MC-dropout passes` : 'This model has no dropout: no error bar.'}</span>
      </p>
    );
  }
  const order = result.probs.map((_, i) => i).sort((a, b) => result.probs[b] - result.probs[a]);
  const shown = result.classes.length > MAX_ROWS ? order.slice(0, MAX_ROWS) : result.classes.map((_, i) => i);
  return (
    <figure className="ts-embed-bars" data-testid="embed-bars">
      <figcaption className="ts-embed-label" data-testid="embed-label">
        Prediction: <strong>{result.label}</strong> ({pct(result.probs[order[0]])})
      </figcaption>
      <ul aria-label="Probability of each class">
        {shown.map((i) => {
          const p = result.probs[i];
          const iv = result.interval?.[i];
          return (
            <li key={i} className={i === order[0] ? 'top' : undefined}>
              <span className="name">{result.classes[i]}</span>
              <span className="track" aria-hidden="true">
                <span className="bar" style={{ width: pct(p) }} />
                {iv ? <span className="whisker" style={{ left: pct(iv[0]), width: pct(Math.max(0, iv[1] - iv[0])) }} /> : null}
              </span>
              <span className="num">
                {pct(p)}
                {result.sigma ? <span className="ts-embed-sr"> ± {pct(2 * result.sigma[i])}</span> : null}
              </span>
            </li>
          );
        })}
      </ul>
      <p className="ts-embed-caption" data-testid="embed-caption">
        {result.sigma ? `Whiskers: ±2σ over ${passes} MC-dropout passes` : 'This model has no dropout: the softmax alone, no error bars.'}
        {shown.length < result.classes.length ? ` · the ${shown.length} likeliest of ${result.classes.length} classes` : ''}
      </p>
    </figure>
  );
}
