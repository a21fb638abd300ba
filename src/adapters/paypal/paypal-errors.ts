import type { GatewayOutcome } from '../../ports/payment-gateway.js';

interface PayPalLikeError {
  statusCode?: number;
  result?: { name?: string; message?: string; details?: { issue?: string; description?: string }[] };
  body?: unknown;
  message?: string;
  code?: string;
  cause?: { code?: string };
}

const NOTHING_HAPPENED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * A thrown SDK error as the port's outcome, by the same rule as the Stripe adapter: PayPal's
 * refusal (4xx with its error body: the first `details[].issue` is the code, e.g.
 * `REFUND_AMOUNT_EXCEEDED`) is `declined`; a request that never reached PayPal or was refused
 * before processing (401/403/429, connection refused) is `retryable_error`; anything that
 * may have been processed (timeout, 5xx) is `unknown`.
 */
export function payPalErrorOutcome(error: unknown, transactionId?: string): GatewayOutcome {
  const e = (typeof error === 'object' && error !== null ? error : {}) as PayPalLikeError;
  const body = bodyOf(e);
  const message = body?.details?.[0]?.description ?? body?.message ?? e.message ?? String(error);
  const raw = { gateway: 'paypal', statusCode: e.statusCode ?? null, name: body?.name ?? null };
  const tx = transactionId ? { transactionId } : {};
  const status = e.statusCode;
  if (status === undefined) {
    const code = e.code ?? e.cause?.code;
    if (code && NOTHING_HAPPENED.has(code)) return { outcome: 'retryable_error', message, raw };
    return { outcome: 'unknown', ...tx, message, raw };
  }
  if (status === 401 || status === 403 || status === 429) return { outcome: 'retryable_error', message, raw };
  if (status >= 500 || status === 408) return { outcome: 'unknown', ...tx, message, raw };
  const code = body?.details?.[0]?.issue ?? body?.name ?? `HTTP_${status}`;
  return { outcome: 'declined', ...tx, code, message, raw: { ...raw, declineCode: code } };
}

function bodyOf(e: PayPalLikeError): PayPalLikeError['result'] {
  if (e.result || typeof e.body !== 'string') return e.result;
  try {
    return JSON.parse(e.body) as PayPalLikeError['result'];
  } catch {
    return undefined;
  }
}

/** The first `details[].issue` of a PayPal error answer (e.g. `AUTHORIZATION_VOIDED`), or ''. */
export function issueOf(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as PayPalLikeError;
  return bodyOf(e)?.details?.[0]?.issue ?? '';
}
