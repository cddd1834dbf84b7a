// Shared by the parser tests: what a parser may do with any input is return, or throw the project's own error.
import fc from 'fast-check';
import { expect } from 'vitest';
import { TensorscopeError } from '../core/errors';

/** Property-test settings: 300 cases, and a time limit so a hang fails instead of stalling the suite. */
export const FC_OPTS = { numRuns: 300, plugins: [fc.interruptAfterTimeLimit(15_000, { failOnInterrupt: true })] };

/** The dataset-format error f throws; fails the test when f returns or throws anything else. */
export function formatErrorOf(f: () => unknown): TensorscopeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TensorscopeError);
    expect((e as TensorscopeError).code).toBe('dataset-format');
    return e as TensorscopeError;
  }
  throw new Error('expected a dataset-format error');
}

/** Runs f; passes when it returns or throws a dataset-format TensorscopeError, rethrows anything else. */
export function okOrFormatError<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof TensorscopeError) || e.code !== 'dataset-format') throw e;
    return undefined;
  }
}
