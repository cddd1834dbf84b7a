import { gzipSync } from 'fflate';
import { concatBytes as concat } from '../../core/bytes';
import { quantizeUint8 } from '../../core/quantize';
import type { ExperimentSpec } from '../../models/spec';
import { linkSizeReport } from '../../share/link';

/** What a model's weights cost to ship: raw float32 bytes, and gzip of float32 and of uint8 (affine) codes. */
export interface WeightSizes {
  float32: number;
  float32Gzip: number;
  uint8Gzip: number;
}

/**
 * Sizes of the weights as they would travel in an export (one weights.bin) — the figure pruning is judged by: zeros
 * shrink nothing raw, only once compressed. uint8 codes keep an exact 0 (see quantizeUint8), so pruned weights stay
 * zeros there too; each tensor's min and scale add 8 bytes.
 */
export function weightSizes(weights: readonly { values: Float32Array }[]): WeightSizes {
  const f32 = concat(weights.map((w) => new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength)));
  const u8 = concat(weights.map((w) => quantizeUint8(w.values).data));
  return { float32: f32.length, float32Gzip: gzipSync(f32).length, uint8Gzip: gzipSync(u8).length + 8 * weights.length };
}

/** The sizes above plus the length of the demo link that would carry these weights (null: it cannot be made). */
export interface ShippingSizes extends WeightSizes {
  demoLinkChars: number | null;
  /** Whether that link is within what a link may hold (MAX_LINK_CHARS of share/link.ts). */
  demoLinkFits: boolean;
}

/**
 * What a pruned (or any) model costs to ship, the demo link included: its real length, built the way Share builds
 * it (uint8 codes with an exact 0, deflate, base64url), so a table can say which pruned model fits in a link.
 */
export function shippingSizes(
  spec: ExperimentSpec,
  weights: readonly { name: string; shape: number[]; values: Float32Array }[],
  data: { inputShape: number[]; classNames: string[] | null },
): ShippingSizes {
  const link = linkSizeReport(spec, weights.slice(), { inputShape: data.inputShape, classNames: data.classNames });
  return { ...weightSizes(weights), demoLinkChars: link.demoChars, demoLinkFits: link.demoFits };
}
