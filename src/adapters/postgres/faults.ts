import { CommerceError } from '../../shared/errors.js';

/** SQLSTATEs that mean "run the transaction again": serialization failure, deadlock. */
export const RETRYABLE = new Set(['40001', '40P01']);

/**
 * Whether the connection (not the statement) failed: no SQLSTATE at all (a socket error, a
 * timeout), class 08 (connection exception), 57P01..57P03 (the server terminated the backend
 * or is shutting down or starting), or the driver's own "Connection terminated".
 */
export function connectionLost(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03';
}

export function unavailable(step: string, error: unknown): CommerceError {
  return new CommerceError('STORE_UNAVAILABLE', { step, reason: error instanceof Error ? error.message : String(error) }, { cause: error });
}

export function failed(step: string, error: unknown): CommerceError {
  if (error instanceof CommerceError) return error;
  if (connectionLost(error)) return unavailable(step, error);
  return new CommerceError('INTERNAL', { step, reason: error instanceof Error ? error.message : String(error) }, { cause: error });
}

