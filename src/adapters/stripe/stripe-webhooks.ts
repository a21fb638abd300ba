import type Stripe from 'stripe';
import { CommerceError } from '../../shared/errors.js';
import type { GatewayWebhookEvent } from '../../ports/payment-gateway.js';
import { fromStripeAmount, isoCurrency } from './stripe-amounts.js';
import { captureReference, META } from './stripe-outcomes.js';

/** The Stripe event types the adapter turns into payment events; subscribe the endpoint to these. */
export const STRIPE_WEBHOOK_EVENTS = [
  'payment_intent.succeeded',
  'payment_intent.amount_capturable_updated',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.requires_action',
  'charge.refunded',
  'charge.dispute.created',
] as const;

interface WebhookContext {
  stripe: Stripe;
  secrets: string[];
  toleranceSeconds: number;
  nowMs: number;
}

/**
 * Verifies `Stripe-Signature` over the raw body with the SDK (`webhooks.constructEvent`, each
 * secret in turn; stale timestamps refused by the SDK, future ones here) and maps the event.
 * Answers null for a bad signature, and for events that are not about a payment this adapter
 * made (other types, intents without our reference).
 */
export async function parseStripeEvent(ctx: WebhookContext, rawBody: string, signature: string | undefined): Promise<GatewayWebhookEvent | null> {
  if (!signature) return null;
  const event = verified(ctx, rawBody, signature);
  if (!event) return null;
  const head = { id: event.id, createdAt: event.created * 1000 };
  const object = event.data.object as unknown;
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.amount_capturable_updated':
    case 'payment_intent.payment_failed':
    case 'payment_intent.canceled':
    case 'payment_intent.requires_action':
      return intentEvent(head, event.type, object as Stripe.PaymentIntent);
    case 'charge.refunded':
      return refundEvent(ctx, head, event, object as Stripe.Charge);
    case 'charge.dispute.created': {
      const dispute = object as Stripe.Dispute;
      const intent = await intentFor(ctx, dispute.payment_intent);
      const reference = intent?.metadata[META.reference];
      if (!intent || !reference) return null;
      return { ...head, type: 'payment.disputed', paymentId: reference, transactionId: intent.id, operationId: dispute.id, ...amountOf(dispute.amount, dispute.currency), reason: dispute.reason };
    }
    default:
      return null;
  }
}

function verified(ctx: WebhookContext, rawBody: string, signature: string): Stripe.Event | null {
  const t = /(?:^|,)t=(\d+)/.exec(signature)?.[1];
  if (t === undefined || Number(t) > Math.floor(ctx.nowMs / 1000) + ctx.toleranceSeconds) return null;
  for (const secret of ctx.secrets) {
    try {
      return ctx.stripe.webhooks.constructEvent(rawBody, signature, secret, ctx.toleranceSeconds, undefined, ctx.nowMs);
    } catch {
      // Next secret (a rotation keeps the old one for a while).
    }
  }
  return null;
}

function intentEvent(head: { id: string; createdAt: number }, type: string, intent: Stripe.PaymentIntent): GatewayWebhookEvent | null {
  const meta = intent.metadata;
  const reference = meta[META.reference];
  if (!reference) return null;
  const base = { ...head, paymentId: reference, transactionId: intent.id };
  switch (type) {
    case 'payment_intent.succeeded': {
      const key = intent.capture_method === 'manual' ? meta[META.captureKey] : meta[META.authorizeKey];
      return { ...base, type: 'payment.captured', ...amountOf(intent.amount_received, intent.currency), operationId: captureReference(intent), ...(key ? { idempotencyKey: key } : {}) };
    }
    case 'payment_intent.amount_capturable_updated':
      return { ...base, type: 'payment.authorized', ...amountOf(intent.amount_capturable, intent.currency) };
    case 'payment_intent.payment_failed': {
      const error = intent.last_payment_error;
      return { ...base, type: 'payment.failed', reason: error?.decline_code ?? error?.code ?? error?.message ?? 'payment_failed' };
    }
    case 'payment_intent.canceled': {
      const key = meta[META.voidKey];
      return { ...base, type: 'payment.voided', operationId: intent.id, ...(key ? { idempotencyKey: key } : {}), ...(intent.cancellation_reason ? { reason: intent.cancellation_reason } : {}) };
    }
    default:
      return { ...base, type: 'payment.requires_action' };
  }
}

/**
 * `charge.refunded` says the charge's refunded total grew, not which refund did it. The
 * refund is found on the charge: the one made by the request that caused the event (our
 * idempotency key in its metadata), else the newest whose amount is the growth, else the
 * newest. Its Stripe id is the ledger reference, so a refund already recorded from the call's
 * answer or from reconciliation is never counted twice.
 */
async function refundEvent(ctx: WebhookContext, head: { id: string; createdAt: number }, event: Stripe.Event, charge: Stripe.Charge): Promise<GatewayWebhookEvent | null> {
  const intent = await intentFor(ctx, charge.payment_intent);
  const reference = intent?.metadata[META.reference];
  if (!intent || !reference) return null;
  const refunds = await call(async () => {
    const all: Stripe.Refund[] = [];
    for await (const refund of ctx.stripe.refunds.list({ charge: charge.id, limit: 100 })) all.push(refund);
    return all.filter((r) => r.status === 'succeeded' || r.status === 'pending').sort((a, b) => b.created - a.created);
  });
  const key = event.request?.idempotency_key ?? undefined;
  const previous = (event.data.previous_attributes as { amount_refunded?: number } | undefined)?.amount_refunded;
  const growth = previous === undefined ? undefined : charge.amount_refunded - previous;
  const refund = refunds.find((r) => key !== undefined && r.metadata?.[META.refundKey] === key) ?? refunds.find((r) => r.amount === growth) ?? refunds[0];
  if (!refund) return null;
  const refundKey = refund.metadata?.[META.refundKey];
  return { ...head, type: 'payment.refunded', paymentId: reference, transactionId: intent.id, operationId: refund.id, ...amountOf(refund.amount, refund.currency), ...(refundKey ? { idempotencyKey: refundKey } : {}) };
}

/**
 * An event's amount in ISO minor units with its currency, so the service can refuse one in
 * another currency than the payment's. The body is only JSON whatever Stripe's types say:
 * a missing or malformed amount or currency is refused here, never coerced.
 */
function amountOf(stripeAmount: number, stripeCurrency: string): { amountMinor: number; currency: string } {
  const currency = isoCurrency(stripeCurrency);
  return { amountMinor: fromStripeAmount(stripeAmount, currency), currency };
}

async function intentFor(ctx: WebhookContext, intent: string | Stripe.PaymentIntent | null): Promise<Stripe.PaymentIntent | null> {
  if (intent === null) return null;
  if (typeof intent === 'object') return intent;
  return call(() => ctx.stripe.paymentIntents.retrieve(intent));
}

// A lookup that fails must not pass for a bad signature: the host answers 5xx and Stripe retries.
async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new CommerceError('PAYMENT_GATEWAY_ERROR', { reason: `Stripe lookup for a webhook failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}
