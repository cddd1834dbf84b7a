import { useId, useState } from 'react';
import type { AttentionMaps as Maps } from '../../training/inspect/attention';
import { strongestPatches } from '../../training/inspect/attentionMath';
import { DigitImage } from '../DigitImage';
import './attention.css';

interface Props {
  maps: Maps;
  /** The digit's raw pixels (0..255 or 0..1), height × width × channels, drawn under the maps. */
  pixels: Uint8Array | Float32Array;
  width: number;
  height: number;
  channels?: number;
}

/** CSS pixels per image pixel for each small multiple (28 × 3 = 84 px). */
const SCALE = 3;

/** One map over the digit: each patch tinted by its share of the attention, the strongest patch fully tinted. */
function Overlay({ map, maps, label, pixels, width, height, channels, testId }: { map: Float32Array; maps: Maps; label: string; testId: string } & Omit<Props, 'maps'>) {
  const max = Math.max(...map, 1e-12);
  const description = `${label}: most attention on ${strongestPatches(map, maps.gridCols)}.`;
  return (
    <figure className="ts-attn-figure" data-testid={testId}>
      <div className="ts-attn-stack" role="img" aria-label={description} title={description} style={{ width: width * SCALE, height: height * SCALE }}>
        <DigitImage pixels={pixels} width={width} height={height} channels={channels} scale={SCALE} />
        <div className="ts-attn-grid" style={{ gridTemplateColumns: `repeat(${maps.gridCols}, 1fr)`, gridTemplateRows: `repeat(${maps.gridRows}, 1fr)` }} aria-hidden="true">
          {Array.from(map, (v, i) => (
            <span key={i} className="ts-attn-cell" style={{ opacity: 0.75 * (v / max) }} />
          ))}
        </div>
      </div>
      <figcaption className="ts-small">{label}</figcaption>
    </figure>
  );
}

/**
 * A Vision Transformer's attention for one example, overlaid on the image patch by patch: each head of the chosen
 * block (from the class token, or averaged over all tokens for a mean-pooled model), and the rollout across blocks.
 */
export function AttentionMaps({ maps, pixels, width, height, channels = 1 }: Props) {
  const [block, setBlock] = useState(0);
  const pickerId = useId();
  const current = maps.blocks[Math.min(block, maps.blocks.length - 1)];
  const from = maps.query === 'cls' ? 'from the class token' : 'averaged over all tokens';
  const common = { maps, pixels, width, height, channels };
  return (
    <section className="ts-attn" data-testid="attention-maps" aria-label="Attention maps">
      <h3 className="ts-subhead">Attention over the {maps.gridRows}×{maps.gridCols} patches</h3>
      <p className="ts-small ts-muted">
        Where the model looks: each {maps.patchSize}×{maps.patchSize} patch is tinted by its share of the attention {from}; the strongest patch of each map is the
        darkest. Rollout multiplies every block's head-averaged attention (with the skip connection) to show what reaches the output.
      </p>
      <div className="ts-attn-controls">
        <label htmlFor={pickerId}>Block</label>
        <select id={pickerId} data-testid="attention-block" value={block} onChange={(e) => setBlock(Number(e.target.value))}>
          {maps.blocks.map((b, i) => (
            <option key={b.name} value={i}>
              {i + 1} of {maps.blocks.length} ({b.name})
            </option>
          ))}
        </select>
      </div>
      <div className="ts-attn-row">
        {current.heads.map((m, h) => (
          <Overlay key={`${current.name}-${h}`} map={m} label={`Block ${block + 1}, head ${h + 1}`} testId="attention-head" {...common} />
        ))}
        <Overlay map={maps.rollout} label={`Rollout, all ${maps.blocks.length} blocks`} testId="attention-rollout" {...common} />
      </div>
    </section>
  );
}
