import { expect } from 'vitest';
import { CommerceError, type CommerceErrorCode } from '../../src/index.js';

/** Awaits a promise that must reject with a CommerceError of this code; answers the error. */
export async function expectCode(promise: Promise<unknown>, code: CommerceErrorCode): Promise<CommerceError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CommerceError);
  expect((error as CommerceError).code).toBe(code);
  return error as CommerceError;
}
