/** Every failure the app explains to a person carries a code (for tests and retry logic) and a plain-words message. */
export type ErrorCode =
  | 'dataset-fetch'
  | 'dataset-format'
  | 'backend-init'
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
