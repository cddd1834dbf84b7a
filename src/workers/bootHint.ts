/**
 * What public/boot/start-workers.js tells a worker it starts, after a '#' in the worker's name: read at the worker's
 * first line, with no message to wait for (a message posted to a module worker that is still loading is delivered only
 * once the page's main thread is free, ~150 ms later while the app's code runs). Anything malformed reads as no hint:
 * the page's own messages then do the same work, only later.
 */
export function bootHint(name: string | undefined = (globalThis as { name?: unknown }).name as string | undefined): Record<string, unknown> | null {
  if (typeof name !== 'string' || name.length > 400_000) return null;
  const at = name.indexOf('#');
  if (at < 0) return null;
  try {
    const value: unknown = JSON.parse(name.slice(at + 1));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
