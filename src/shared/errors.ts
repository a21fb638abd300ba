import type { ZodError } from 'zod';
import { ERROR_MESSAGES, type CommerceErrorCode } from './error-codes.js';

/** One zod issue as carried by a `VALIDATION_FAILED` error. */
export interface ValidationIssue {
  /** Where in the input, e.g. `['lines', 0, 'quantity']`. */
  path: (string | number)[];
  message: string;
  code: string;
}

export type ErrorDetails = Readonly<Record<string, unknown>>;

/**
 * The only error a service throws. `code` is machine-readable and stable;
 * `details` says which thing and why; `cause` keeps an inner error when one led here.
 */
export class CommerceError extends Error {
  override readonly name = 'CommerceError';
  readonly code: CommerceErrorCode;
  readonly details: ErrorDetails;

  constructor(code: CommerceErrorCode, details: ErrorDetails = {}, options: { reason?: string; cause?: unknown } = {}) {
    const reason = options.reason ?? (typeof details.reason === 'string' ? details.reason : undefined);
    super(reason ? `${ERROR_MESSAGES[code]}: ${reason}` : ERROR_MESSAGES[code], options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = details;
  }

  /** A plain object for logs and HTTP responses. */
  toJSON(): { name: string; code: CommerceErrorCode; message: string; details: ErrorDetails } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

export function isCommerceError(value: unknown, code?: CommerceErrorCode): value is CommerceError {
  return value instanceof CommerceError && (code === undefined || value.code === code);
}

export function validationError(error: ZodError, input?: string): CommerceError {
  const issues: ValidationIssue[] = error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
    code: issue.code,
  }));
  const first = issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return new CommerceError(
    'VALIDATION_FAILED',
    { input, issues },
    { reason: first ? `${where}${first.message}` : 'invalid input' },
  );
}

/**
 * Runs `step` so that only CommerceError leaves it: anything else it throws (a driver error,
 * a bug in a host callback) becomes a CommerceError of `code`, the cause kept. Services wrap
 * their bodies in it (`STORE_UNAVAILABLE` around store calls).
 */
export async function commerceErrors<R>(step: () => Promise<R>, code: CommerceErrorCode = 'INTERNAL'): Promise<R> {
  try {
    return await step();
  } catch (error) {
    throw toCommerceError(error, code);
  }
}

/**
 * Turns anything thrown by a port (a driver error, a bug in a host callback) into a
 * `CommerceError`, so no bare `Error` escapes a service. CommerceErrors pass through.
 */
export function toCommerceError(error: unknown, code: CommerceErrorCode = 'INTERNAL'): CommerceError {
  if (error instanceof CommerceError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new CommerceError(code, { reason }, { cause: error });
}
