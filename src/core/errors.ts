/** Every failure the app explains to a person carries a code (for tests and retry logic) and a plain-words message. */
export type ErrorCode =
  | 'dataset-fetch'
  | 'dataset-format'
  | 'backend-init'
  | 'backend-unsupported'
  | 'training-failed'
  | 'worker-failed'
  | 'invalid-spec'
  | 'model-not-ready';

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
