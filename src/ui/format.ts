import { groupDigits } from '../core/numberFormat';

export const pct = (v: number | null | undefined, digits = 1) => (v == null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(digits)}%`);
export const num = groupDigits;
export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
export const rate = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? '—' : `${num(Math.round(v))} samples/s`);
