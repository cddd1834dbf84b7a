// Writes the compact dataset bundle (see src/data/bundleFormat.ts for the reader and the layout).
export const BUNDLE_MAGIC = 'TSDS';
export const BUNDLE_VERSION = 1;
export const BUNDLE_HEADER_BYTES = 32;

/**
 * @param {{ images: Uint8Array, labels: Uint8Array, count: number, height: number, width: number, channels: number, numClasses: number }} d
 * @returns {Uint8Array}
 */
export function encodeBundle(d) {
  const pixels = d.count * d.height * d.width * d.channels;
  if (d.images.length !== pixels) throw new Error(`images has ${d.images.length} bytes, expected ${pixels}`);
  if (d.labels.length !== d.count) throw new Error(`labels has ${d.labels.length} entries, expected ${d.count}`);
  const out = new Uint8Array(BUNDLE_HEADER_BYTES + pixels + d.count);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = BUNDLE_MAGIC.charCodeAt(i);
  view.setUint16(4, BUNDLE_VERSION, true);
  view.setUint16(6, BUNDLE_HEADER_BYTES, true);
  view.setUint32(8, d.count, true);
  view.setUint16(12, d.height, true);
  view.setUint16(14, d.width, true);
  out[16] = d.channels;
  out[17] = d.numClasses;
  out.set(d.images, BUNDLE_HEADER_BYTES);
  out.set(d.labels, BUNDLE_HEADER_BYTES + pixels);
  return out;
}
