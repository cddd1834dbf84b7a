/** Every failure the app explains to a person carries a code (for tests and retry logic) and a plain-words message. */
export type ErrorCode =
  | 'dataset-fetch'
  | 'dataset-format'
  | 'backend-init'
  /** The GPU context or device went away mid-run (driver reset, WEBGL_lose_context, device.lost). */
  | 'backend-lost'
  | 'backend-unsupported'
  | 'training-failed'
  | 'worker-failed'
  | 'invalid-spec'
  | 'model-not-ready'
  /** A share or demo link that is truncated, tampered with, too large or from an unknown version. */
  | 'invalid-link'
  /** IndexedDB refused a write (quota, private mode) or is unavailable. */
  | 'storage'
  /** An imported model that cannot be read, does not fit the data, or does not load in time. */
  | 'model-import'
  | 'export-failed';

export class TensorscopeError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'TensorscopeError';
    this.code = code;
  }
}

/** Plain-words text for anything thrown, without leaking stack traces into the UI. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'string') return err;
  return 'An unknown error occurred.';
}

/**
 * Failures where the backend itself may be at fault, so trying another one can help (a GPU that would not start or
 * was lost, a kernel failing mid-run, the worker dying). Everything else is about the model, the data, a link,
 * storage or an export: another backend fails the same way, so the UI offers no retry there.
 */
const BACKEND_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['backend-init', 'backend-lost', 'backend-unsupported', 'training-failed', 'worker-failed']);

/** Whether a failed run with this code gets "retry on another backend" buttons. */
export function offersBackendRetry(code: ErrorCode | string | null | undefined): boolean {
  return code != null && BACKEND_CODES.has(code as ErrorCode);
}
