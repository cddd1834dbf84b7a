import { BACKEND_ORDER, type BackendName } from '../core/types';
import type { KnownProbes } from './protocol';

/** 'auto' backend choices measured before, by model and device, kept across sessions. */
export type KnownProbeMap = KnownProbes;

/** Stored 'auto' choices, keeping only well-formed entries (local storage can hold anything). */
export function validProbes(value: unknown): KnownProbeMap {
  const out: KnownProbeMap = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  const isBackend = (b: unknown): b is BackendName => typeof b === 'string' && (BACKEND_ORDER as readonly string[]).includes(b);
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const e = v as { chosen?: unknown; results?: unknown };
    if (key.length > 20_000 || !e || !isBackend(e.chosen) || !Array.isArray(e.results)) continue;
    const results = e.results.filter(
      (r): r is { backend: BackendName; samplesPerSec: number | null; reason?: string } =>
        !!r && isBackend(r.backend) && (r.samplesPerSec === null || (typeof r.samplesPerSec === 'number' && Number.isFinite(r.samplesPerSec))) && (r.reason === undefined || typeof r.reason === 'string'),
    );
    out[key] = { chosen: e.chosen, results };
  }
  return out;
}
