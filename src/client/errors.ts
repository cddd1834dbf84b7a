import type { EmbedErrorCode } from './protocol.js';

/** The embed's error codes, plus the two the client itself raises: no answer in time, and a closed connection. */
export type TensorscopeErrorCode = EmbedErrorCode | 'timeout' | 'closed';

/** Every failure the client reports: `code` says what went wrong in a way code can branch on; `message` is for people. */
export class TensorscopeError extends Error {
  readonly code: TensorscopeErrorCode;

  constructor(code: TensorscopeErrorCode, message: string) {
    super(message);
    this.name = 'TensorscopeError';
    this.code = code;
  }
}
