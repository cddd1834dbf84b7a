import { useMemo, useState } from 'react';
import { ChartEmpty } from '../ChartEmpty';
import { formatValue, grayChannel, mapShape, tileScale } from './inspectMath';
import { PixelCanvas } from './inspectParts';
import './inspect.css';

export interface FeatureMapsProps {
  /** Layer name shown in the header. */
  name: string;
  /** [h, w, c] (a leading batch dimension of 1 is accepted and dropped). */
  shape: number[];
  /** The layer's output for one input, HWC order (tfjs channels-last). */
  values: Float32Array;
  /** Channels drawn at most; default 32. */
  maxMaps?: number;
}

const EMPTY_HEIGHT = 160;

interface Hover {
  channel: number;
  row: number;
  col: number;
}

/** Each channel of a conv/pool layer's output as a small grayscale image, min–max scaled per map. */
export function FeatureMaps({ name, shape, values, maxMaps = 32 }: FeatureMapsProps) {
  const dims = useMemo(() => mapShape(shape), [shape]);
  const valid = dims !== null && values.length >= dims.h * dims.w * dims.c;
  const maps = useMemo(() => {
    if (!dims || !valid) return [];
    const n = Math.min(dims.c, Math.max(0, Math.floor(maxMaps)));
    return Array.from({ length: n }, (_, ch) => grayChannel(values, dims, ch));
  }, [dims, valid, values, maxMaps]);
  const [hover, setHover] = useState<Hover | null>(null);

  if (!dims || !valid || maps.length === 0) {
    return (
      <div className="ts-insp" data-testid="feature-maps" data-layer={name}>
        <ChartEmpty
          message={dims && !valid ? `${name}: ${values.length} values do not fill shape [${shape.join(', ')}]` : `No feature maps for ${name || 'this layer'} yet`}
          height={EMPTY_HEIGHT}
        />
      </div>
    );
  }

  const scale = tileScale(dims.h, dims.w);
  const cssW = Math.round(dims.w * scale);
  const cssH = Math.round(dims.h * scale);
  const hoverValue = hover ? values[(hover.row * dims.w + hover.col) * dims.c + hover.channel] : null;

  return (
    <div className="ts-insp" data-testid="feature-maps" data-layer={name} data-maps={maps.length}>
      <div className="ts-insp-title">
        <span>
          {name} <span className="ts-insp-muted">
            {dims.h}×{dims.w}×{dims.c}
          </span>
        </span>
        <span className="ts-insp-muted">{maps.length < dims.c ? `first ${maps.length} of ${dims.c} channels` : `${dims.c} channels`}</span>
      </div>
      <div className="ts-insp-note">
        Each map scaled on its own: black = that map’s minimum, white = its maximum.
      </div>
      <div className="ts-insp-grid" style={{ gridTemplateColumns: `repeat(auto-fill, minmax(${cssW + 8}px, 1fr))` }}>
        {maps.map((m) => (
          <figure className="ts-insp-tile" key={m.channel}>
            <PixelCanvas
              rgba={m.rgba}
              width={dims.w}
              height={dims.h}
              cssWidth={cssW}
              cssHeight={cssH}
              label={`channel ${m.channel}: min ${formatValue(m.min)}, max ${formatValue(m.max)}`}
              onHover={(p) => setHover(p ? { channel: m.channel, ...p } : null)}
            />
            <figcaption className="ts-insp-tile-label">{m.channel}</figcaption>
          </figure>
        ))}
      </div>
      <div className="ts-insp-readout" aria-live="polite">
        {hover && hoverValue !== null
          ? `channel ${hover.channel} · row ${hover.row}, col ${hover.col}: ${formatValue(hoverValue)}`
          : 'Hover a map to read values.'}
      </div>
    </div>
  );
}
