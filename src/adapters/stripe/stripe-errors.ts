import type { GatewayOutcome } from '../../ports/payment-gateway.js';

/** The fields of a Stripe SDK error the adapter reads (duck-typed: the SDK is not imported at run time). */
interface StripeLikeError {
  type?: string;
  rawType?: string;
  statusCode?: number;
  code?: string;
  decline_code?: string;
  message?: string;
  detail?: { code?: string };
  payment_intent?: { id?: string };
}

const NOTHING_HAPPENED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * A thrown SDK error as the port's outcome. The rule: `declined` only when Stripe answered
 * that it refused (4xx with a body), `retryable_error` only when the request provably did
 * not reach Stripe or was refused before processing (connection refused, 401/403/429), and
 * `unknown` for everything that may have been processed (timeouts, 5xx, 409 key in use).
 */
export function errorOutcome(error: unknown): GatewayOutcome {
  const e = (typeof error === 'object' && error !== null ? error : {}) as StripeLikeError;
  const message = e.message ?? String(error);
  const base = { gateway: 'stripe', type: e.rawType ?? e.type ?? null, code: e.code ?? null, statusCode: e.statusCode ?? null };
  const status = e.statusCode;
  if (status === undefined) {
    if (e.detail?.code && NOTHING_HAPPENED.has(e.detail.code)) return { outcome: 'retryable_error', message, raw: base };
    return { outcome: 'unknown', message, raw: base };
  }
  if (status === 401 || status === 403 || status === 429) return { outcome: 'retryable_error', message, raw: base };
  if (status === 409 || status >= 500) return { outcome: 'unknown', message, raw: base };
  const code = e.decline_code ?? e.code ?? e.rawType ?? 'stripe_error';
  const transactionId = e.payment_intent?.id;
  return { outcome: 'declined', ...(transactionId ? { transactionId } : {}), code, message, raw: { ...base, declineCode: code } };
}

/** An input Stripe cannot take (see stripe-amounts) is refused before any request. */
export function refusedOutcome(reason: string, code = 'invalid_amount'): GatewayOutcome {
  return { outcome: 'declined', code, message: reason, raw: { gateway: 'stripe', declineCode: code } };
}
