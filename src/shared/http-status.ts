import { ERROR_MESSAGES, type CommerceErrorCode } from './error-codes.js';
import { CommerceError, type ValidationIssue } from './errors.js';

/**
 * The HTTP status a host answers for each error code. A `Record` over the closed union, so a
 * new code does not compile until it has a status here. The choices: 400 for a request that
 * is malformed on its face, 404 for a thing that does not exist, 409 for a request that clashes
 * with the current state (a retry after a fresh read may succeed), 422 for a well-formed
 * request the rules refuse, 402 for a payment refused, 502/503/504 for a dependency that failed.
 */
export const HTTP_STATUS_BY_CODE: Readonly<Record<CommerceErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  INVALID_CURRENCY: 400,
  INVALID_AMOUNT: 400,
  CURRENCY_MISMATCH: 422,
  AMOUNT_NOT_ROUNDED: 400,
  INVALID_ALLOCATION: 422,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STORE_UNAVAILABLE: 503,
  INTERNAL: 500,

  CART_NOT_FOUND: 404,
  CART_CONFLICT: 409,
  CART_LINE_LIMIT: 422,
  CART_QUANTITY_LIMIT: 422,
  CART_CURRENCY_MISMATCH: 422,
  CART_LINE_NOT_FOUND: 404,
  PRICE_NOT_ALLOWED: 400,

  SKU_NOT_IN_CATALOG: 404,
  PRODUCT_INACTIVE: 422,
  NO_PRICE_IN_CURRENCY: 422,
  SKU_TAKEN: 409,

  COUPON_NOT_FOUND: 404,
  COUPON_EXPIRED: 422,
  COUPON_NOT_STARTED: 422,
  COUPON_USAGE_LIMIT: 422,
  COUPON_MINIMUM_NOT_MET: 422,
  COUPON_NOT_COMBINABLE: 422,
  COUPON_NOT_ELIGIBLE: 422,

  SKU_NOT_FOUND: 404,
  SKU_EXISTS: 409,
  SKU_DISCONTINUED: 422,
  INSUFFICIENT_INVENTORY: 409,
  RESERVATION_NOT_FOUND: 404,
  RESERVATION_NOT_ACTIVE: 409,
  STOCK_NEGATIVE: 422,

  PAYMENT_NOT_FOUND: 404,
  PAYMENT_DECLINED: 402,
  PAYMENT_BLOCKED: 402,
  PAYMENT_INVALID_TRANSITION: 409,
  PAYMENT_GATEWAY_ERROR: 502,
  PAYMENT_REQUIRES_ACTION: 402,
  CAPTURE_EXCEEDS_AUTHORIZED: 422,
  // The request asks what this gateway cannot do (several captures); the same request never will.
  MULTICAPTURE_NOT_SUPPORTED: 422,
  REFUND_EXCEEDS_CAPTURED: 422,
  IDEMPOTENCY_CONFLICT: 422,
  IDEMPOTENCY_IN_PROGRESS: 409,
  INVALID_CARD: 422,
  WEBHOOK_SIGNATURE_INVALID: 400,
  GATEWAY_NOT_CONFIGURED: 422,
  PAYMENT_IN_REVIEW: 409,
  PAYMENT_OUTCOME_UNKNOWN: 504,
  APPLE_PAY_VALIDATION_URL_REFUSED: 400,

  CHECKOUT_NOT_FOUND: 404,
  CHECKOUT_INVALID_STEP: 409,
  CHECKOUT_EMPTY_CART: 422,
  CHECKOUT_FAILED: 422,
  ORDER_NOT_FOUND: 404,
  ORDER_INVALID_TRANSITION: 409,
  ORDER_PAYMENT_PENDING: 409,
  CHECKOUT_PRICE_CHANGED: 409,

  PRODUCT_NOT_FOUND: 404,
  MODEL_NOT_TRAINED: 503,
  MODEL_INCOMPATIBLE: 422,
};

/**
 * The code that decides the status: a failed checkout answers for the step that failed (a
 * declined card is 402 whether it came from processPayment or from completeOrder), so a
 * host's client can tell "try another card" from "an item sold out".
 */
function decidingCode(error: CommerceError): CommerceErrorCode {
  const inner = error.details.code;
  if (error.code === 'CHECKOUT_FAILED' && typeof inner === 'string' && inner in HTTP_STATUS_BY_CODE) return inner as CommerceErrorCode;
  return error.code;
}

/** The HTTP status a host answers for `error`: the table's for a CommerceError, 500 for anything else. */
export function httpStatusOf(error: unknown): number {
  return error instanceof CommerceError ? HTTP_STATUS_BY_CODE[decidingCode(error)] : 500;
}

/** An RFC 9457 problem details body (`application/problem+json`), with the error's code. */
export interface ProblemDetails {
  /** `urn:commerce-kernel:error:<code>`: stable, one per code. */
  type: string;
  /** The code's fixed message. */
  title: string;
  status: number;
  /** This occurrence: the error's message (a fixed sentence for a server error). */
  detail: string;
  code: CommerceErrorCode;
  /** The request path or another URI naming this occurrence, when the host gives one. */
  instance?: string;
  /** Which fields were wrong (VALIDATION_FAILED). */
  issues?: ValidationIssue[];
  /** The error's details (client errors only). */
  details?: Readonly<Record<string, unknown>>;
}

/**
 * The problem details body for `error`. A server error (5xx, or anything not a CommerceError)
 * says only its code and title: its details can hold driver messages and internal ids, which
 * belong in the host's log, not in a response.
 */
export function problemDetails(error: unknown, options: { instance?: string } = {}): ProblemDetails {
  const commerce = error instanceof CommerceError ? error : new CommerceError('INTERNAL');
  const status = httpStatusOf(commerce);
  const base = { type: `urn:commerce-kernel:error:${commerce.code}`, title: ERROR_MESSAGES[commerce.code], status, code: commerce.code, ...(options.instance !== undefined ? { instance: options.instance } : {}) };
  if (status >= 500) return { ...base, detail: ERROR_MESSAGES[commerce.code] };
  // A failed checkout's undo steps that failed too are the server's business (their messages
  // may carry a driver's words): the client learns only that some did.
  const { issues, compensationErrors, ...details } = commerce.details as { issues?: ValidationIssue[]; compensationErrors?: unknown } & Record<string, unknown>;
  if (compensationErrors !== undefined) details.compensationFailed = true;
  return {
    ...base,
    detail: commerce.message,
    ...(Array.isArray(issues) ? { issues } : {}),
    ...(Object.keys(details).length > 0 ? { details } : {}),
  };
}
