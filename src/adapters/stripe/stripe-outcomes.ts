import type Stripe from 'stripe';
import type { GatewayOperation, GatewayOutcome, GatewayTransaction } from '../../ports/payment-gateway.js';
import { fromStripeAmount } from './stripe-amounts.js';

/** Metadata keys the adapter writes on Stripe objects, so reconciliation can match its own calls. */
export const META = { reference: 'ck_reference', authorizeKey: 'ck_authorize_key', captureKey: 'ck_capture_key', voidKey: 'ck_void_key', refundKey: 'ck_idempotency_key' } as const;

/** The PaymentIntent's charge, when the call expanded it. */
export function chargeOf(intent: Stripe.PaymentIntent): Stripe.Charge | null {
  const charge = intent.latest_charge;
  return charge !== null && typeof charge === 'object' ? charge : null;
}

export function chargeId(intent: Stripe.PaymentIntent): string | undefined {
  const charge = intent.latest_charge;
  return typeof charge === 'string' ? charge : (charge?.id ?? undefined);
}

/**
 * Stripe's fee for the charge, in ISO minor units of the payment currency. A fee settled in
 * another currency (the account's settlement currency differs) cannot be put in the ledger
 * of this payment, so it counts 0 and stays visible in `raw`.
 */
export function feeOf(intent: Stripe.PaymentIntent): number {
  const txn = chargeOf(intent)?.balance_transaction;
  if (!txn || typeof txn !== 'object') return 0;
  return txn.currency === intent.currency ? fromStripeAmount(txn.fee, intent.currency) : 0;
}

function raw(intent: Stripe.PaymentIntent): Record<string, unknown> {
  return { gateway: 'stripe', paymentIntent: intent.id, status: intent.status, charge: chargeId(intent) ?? null };
}

/**
 * Ledger references, the same from every path (call answer, webhook, reconciliation), so an
 * operation is recorded once: the authorization is the PaymentIntent (a webhook that only
 * names the intent records it under that id), a capture made with the authorization
 * (automatic) is the intent too, a manual capture is the charge, a void the intent.
 */
export function captureReference(intent: Stripe.PaymentIntent): string {
  return intent.capture_method === 'manual' ? (chargeId(intent) ?? intent.id) : intent.id;
}

/** Whether Stripe granted multicapture to the PaymentIntent's charge (`latest_charge` expanded). */
export function multicaptureOf(intent: Stripe.PaymentIntent): 'available' | 'unavailable' {
  return chargeOf(intent)?.payment_method_details?.card?.multicapture?.status === 'available' ? 'available' : 'unavailable';
}

/**
 * The ledger reference of a capture with `final_capture: false`. Every capture of a
 * multicapture intent is on its one charge, so the charge id alone cannot tell them apart:
 * the sum captured after it (it grows with each) names each one. The final capture keeps the
 * charge id, as `payment_intent.succeeded` names it.
 */
export function partialCaptureReference(intent: Stripe.PaymentIntent): string {
  return `${chargeId(intent) ?? intent.id}:captured-${intent.amount_received}`;
}

/**
 * The outcome a confirmed PaymentIntent stands for (`capture`: the answer to a final capture
 * call; `partial_capture`: to one with `final_capture: false`, after which Stripe keeps the
 * intent `requires_capture`).
 */
export function intentOutcome(intent: Stripe.PaymentIntent, call: 'authorize' | 'capture' | 'partial_capture' = 'authorize'): GatewayOutcome {
  if (call === 'partial_capture' && intent.status === 'requires_capture') {
    return { outcome: 'approved', transactionId: intent.id, operationId: partialCaptureReference(intent), status: 'captured', feeMinor: feeOf(intent), raw: { ...raw(intent), fee: feeOf(intent) } };
  }
  const operationId = call === 'authorize' ? intent.id : captureReference(intent);
  switch (intent.status) {
    case 'requires_capture':
      return { outcome: 'approved', transactionId: intent.id, operationId, status: 'authorized', feeMinor: 0, raw: raw(intent) };
    case 'succeeded':
      return { outcome: 'approved', transactionId: intent.id, operationId, status: 'captured', feeMinor: feeOf(intent), raw: { ...raw(intent), fee: feeOf(intent) } };
    case 'canceled':
      return { outcome: 'approved', transactionId: intent.id, operationId: intent.id, status: 'voided', feeMinor: 0, raw: raw(intent) };
    case 'requires_action': {
      const next = intent.next_action;
      const actionUrl = next?.redirect_to_url?.url ?? undefined;
      // The client secret is not kept: for `use_stripe_sdk` the host reads it with its own
      // client (paymentIntents.retrieve(transactionId)) and hands it to Stripe.js.
      return { outcome: 'requires_action', transactionId: intent.id, ...(actionUrl ? { actionUrl } : {}), raw: { ...raw(intent), nextAction: next?.type ?? null } };
    }
    case 'requires_payment_method': {
      const error = intent.last_payment_error;
      const code = error?.decline_code ?? error?.code ?? 'payment_failed';
      return { outcome: 'declined', transactionId: intent.id, code, message: error?.message ?? 'The payment method was declined', raw: { ...raw(intent), declineCode: code } };
    }
    default:
      // processing / requires_confirmation: Stripe has not settled it; reconcile later.
      return { outcome: 'unknown', transactionId: intent.id, message: `Stripe reports ${intent.status}`, raw: raw(intent) };
  }
}

/** A refund's outcome: a pending refund was accepted and counts (Stripe settles it later). */
export function refundOutcome(intentId: string, refund: Stripe.Refund): GatewayOutcome {
  const base = { gateway: 'stripe', paymentIntent: intentId, refund: refund.id, status: refund.status };
  if (refund.status === 'succeeded' || refund.status === 'pending') {
    return { outcome: 'approved', transactionId: intentId, operationId: refund.id, status: 'refunded', feeMinor: 0, raw: base };
  }
  const code = refund.failure_reason ?? `refund_${refund.status ?? 'failed'}`;
  return { outcome: 'declined', transactionId: intentId, code, message: `Stripe refund ${refund.status ?? 'failed'}`, raw: base };
}

const STATUS: Partial<Record<Stripe.PaymentIntent.Status, GatewayTransaction['status']>> = {
  requires_action: 'requires_action',
  requires_confirmation: 'requires_action',
  requires_capture: 'authorized',
  succeeded: 'captured',
  canceled: 'voided',
  requires_payment_method: 'failed',
};

/** Stripe's record of a PaymentIntent (charge expanded) and its refunds, as the port's transaction. */
export function transactionOf(intent: Stripe.PaymentIntent, refunds: Stripe.Refund[]): GatewayTransaction | null {
  const status = STATUS[intent.status];
  if (!status) return null;
  const currency = intent.currency;
  const meta = intent.metadata;
  const operations: GatewayOperation[] = [];
  const charge = chargeOf(intent);
  // An uncaptured but authorized charge has status `succeeded` and `captured: false`.
  if (charge && charge.status === 'succeeded') {
    const authorizeKey = meta[META.authorizeKey] ?? `stripe:authorize:${charge.id}`;
    operations.push({ operationId: intent.id, kind: 'authorization', amountMinor: fromStripeAmount(charge.amount, currency), feeMinor: 0, idempotencyKey: authorizeKey, succeeded: true });
    if (charge.captured) {
      const key = intent.capture_method === 'manual' ? (meta[META.captureKey] ?? `stripe:capture:${charge.id}`) : authorizeKey;
      operations.push({ operationId: captureReference(intent), kind: 'capture', amountMinor: fromStripeAmount(charge.amount_captured, currency), feeMinor: feeOf(intent), idempotencyKey: key, succeeded: true });
    } else if (intent.status === 'canceled') {
      operations.push({ operationId: intent.id, kind: 'void', amountMinor: fromStripeAmount(charge.amount, currency), feeMinor: 0, idempotencyKey: meta[META.voidKey] ?? `stripe:void:${intent.id}`, succeeded: true });
    }
  }
  for (const refund of refunds) {
    operations.push({
      operationId: refund.id,
      kind: 'refund',
      amountMinor: fromStripeAmount(refund.amount, currency),
      feeMinor: 0,
      idempotencyKey: refund.metadata?.[META.refundKey] ?? `stripe:refund:${refund.id}`,
      succeeded: refund.status === 'succeeded' || refund.status === 'pending',
    });
  }
  return { transactionId: intent.id, reference: meta[META.reference] ?? '', status, operations };
}
