/**
 * "Nice" axis bounds and ticks (1, 2, 5 × 10^k steps). recharts' own choice on a data-bound
 * domain gives ticks like 1, 1501, 3001 or 10, 35, 60, which read badly.
 */

export interface NiceScale {
  domain: [number, number];
  ticks: number[];
}

/** Heckbert's nice number: the 1, 2, 5 × 10^k value closest to (round) or above (ceil) x. */
function niceNumber(x: number, round: boolean): number {
  const exp = Math.floor(Math.log10(x));
  const f = x / 10 ** exp;
  const nice = round ? (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) : f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * 10 ** exp;
}

/** Float-safe multiples of step: 0.1 * 3 should print as 0.3. */
function multiples(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let k = Math.ceil(from / step - 1e-9); k * step <= to + step * 1e-9; k++) {
    out.push(Number((k * step).toFixed(decimals)));
  }
  return out;
}

function niceStep(min: number, max: number, maxTicks: number): number {
  return niceNumber(niceNumber(max - min, false) / Math.max(1, maxTicks - 1), true);
}

/** Widens [min, max] outwards to nice bounds, with about maxTicks ticks. */
export function niceScale(min: number, max: number, maxTicks = 5): NiceScale {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { domain: [0, 1], ticks: [0, 1] };
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  // A flat series still needs a visible band around it.
  if (hi - lo < 1e-12) {
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(lo, hi, maxTicks);
  const ticks = multiples(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step);
  return { domain: [ticks[0], ticks[ticks.length - 1]], ticks };
}

/** Nice ticks that lie inside [min, max], for an axis that must stay tight to the data. */
export function innerTicks(min: number, max: number, maxTicks = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) return Number.isFinite(min) ? [min] : [];
  return multiples(min, max, niceStep(min, max, maxTicks));
}
