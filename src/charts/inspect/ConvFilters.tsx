import { useMemo, useState } from 'react';
import { PALETTE } from '../../core/palette';
import { ChartEmpty } from '../ChartEmpty';
import { formatValue, kernelIndex, kernelRgba, maxAbs, tileScale } from './inspectMath';
import { PixelCanvas } from './inspectParts';
import './inspect.css';

export interface ConvFiltersProps {
  /** A conv2d kernel in tfjs layout [kh, kw, inChannels, outChannels], flattened. */
  kernel: Float32Array;
  size: [number, number, number, number];
  /** Filters drawn at most; default 64. */
  maxFilters?: number;
  /** Input channels drawn per filter at most; default 3. */
  maxInputs?: number;
}

const EMPTY_HEIGHT = 140;

interface Hover {
  output: number;
  input: number;
  row: number;
  col: number;
}

/**
 * A conv layer's filters as small images on a diverging scale shared by all filters:
 * negative weights orange, zero white, positive blue. Multi-channel inputs show one image per
 * input channel.
 */
export function ConvFilters({ kernel, size, maxFilters = 64, maxInputs = 3 }: ConvFiltersProps) {
  const [kh, kw, inC, outC] = size;
  const valid = size.length === 4 && size.every((d) => Number.isInteger(d) && d > 0) && kernel.length >= kh * kw * inC * outC;
  const scale = useMemo(() => (valid ? maxAbs(kernel) : 0), [valid, kernel]);
  const nOut = valid ? Math.min(outC, Math.max(0, Math.floor(maxFilters))) : 0;
  const nIn = valid ? Math.min(inC, Math.max(1, Math.floor(maxInputs))) : 0;
  const tiles = useMemo(() => {
    if (!valid) return [];
    return Array.from({ length: nOut }, (_, o) => ({
      output: o,
      inputs: Array.from({ length: nIn }, (_, i) => kernelRgba(kernel, size, o, i, scale)),
    }));
    // size is keyed by its four numbers, so an inline array literal does not recompute every render.
  }, [valid, kernel, kh, kw, inC, outC, nOut, nIn, scale]);
  const [hover, setHover] = useState<Hover | null>(null);

  if (!valid || tiles.length === 0) {
    return (
      <div className="ts-insp" data-testid="conv-filters">
        <ChartEmpty message="No convolution filters to show" height={EMPTY_HEIGHT} />
      </div>
    );
  }

  const px = tileScale(kh, kw, 48);
  const cssW = Math.round(kw * px);
  const cssH = Math.round(kh * px);
  const hoverValue = hover ? kernel[kernelIndex(size, hover.row, hover.col, hover.input, hover.output)] : null;

  return (
    <div className="ts-insp" data-testid="conv-filters" data-filters={tiles.length}>
      <div className="ts-insp-title">
        <span>
          Filters <span className="ts-insp-muted">
            {kh}×{kw}, {inC} input channel{inC === 1 ? '' : 's'}
          </span>
        </span>
        <span className="ts-insp-muted">
          {nOut < outC ? `first ${nOut} of ${outC}` : `${outC}`} filters{nIn < inC ? ` · first ${nIn} of ${inC} inputs` : ''}
        </span>
      </div>
      <div className="ts-insp-colorbar" aria-label="colour scale">
        <span>{formatValue(-scale)}</span>
        <span
          className="ts-insp-colorbar-ramp"
          style={{ background: `linear-gradient(to right, ${PALETTE.orange}, #ffffff, ${PALETTE.blue})` }}
        />
        <span>+{formatValue(scale)}</span>
        <span className="ts-insp-muted">weight (orange negative · white 0 · blue positive)</span>
      </div>
      <div className="ts-insp-grid" style={{ gridTemplateColumns: `repeat(auto-fill, minmax(${nIn * (cssW + 2) + 8}px, 1fr))` }}>
        {tiles.map((t) => (
          <figure className="ts-insp-tile" key={t.output}>
            <div className="ts-insp-tile-row">
              {t.inputs.map((rgba, i) => (
                <PixelCanvas
                  key={i}
                  rgba={rgba}
                  width={kw}
                  height={kh}
                  cssWidth={cssW}
                  cssHeight={cssH}
                  label={`filter ${t.output}${nIn > 1 ? `, input ${i}` : ''}`}
                  onHover={(p) => setHover(p ? { output: t.output, input: i, ...p } : null)}
                />
              ))}
            </div>
            <figcaption className="ts-insp-tile-label">{t.output}</figcaption>
          </figure>
        ))}
      </div>
      <div className="ts-insp-readout" aria-live="polite">
        {hover && hoverValue !== null
          ? `filter ${hover.output}${nIn > 1 ? ` · input ${hover.input}` : ''} · row ${hover.row}, col ${hover.col}: ${formatValue(hoverValue)}`
          : 'Hover a filter to read weights.'}
      </div>
    </div>
  );
}
