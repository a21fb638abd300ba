import type { EventDraft, JsonValue } from '../ports/event-log.js';
import type { LedgerEntry, PaymentRecord, PaymentStatus } from '../ports/payment-store.js';
import { Money } from '../shared/money.js';

/** The payload shape of every durable `payment.*` event; raise it when the payload changes shape. */
export const PAYMENT_EVENT_SCHEMA = 1;

/**
 * The statuses whose entry is news for subscribers. Refunds are not here: they are reported
 * per refund that succeeded (a payment refunded in parts stays `partially_refunded` while each
 * part is news). `requires_action` is the shopper's next step, not a side effect to drive.
 */
const ENTERED: Partial<Record<PaymentStatus, string>> = {
  authorized: 'payment.authorized',
  captured: 'payment.captured',
  voided: 'payment.voided',
  failed: 'payment.failed',
  blocked: 'payment.blocked',
  review: 'payment.review_required',
  unknown: 'payment.unknown',
};

function draft(type: string, after: PaymentRecord, at: number, amountMinor: number, extra: Record<string, JsonValue> = {}): EventDraft {
  const payload: Record<string, JsonValue> = {
    paymentId: after.id,
    orderId: after.orderId,
    status: after.status,
    method: after.method,
    amount: Money.fromMinor(amountMinor, after.amount.currency).toJSON() as unknown as JsonValue,
    total: { amount: after.amount.amount, currency: after.amount.currency },
    at,
    ...extra,
  };
  return { type, aggregateId: after.id, time: at, schemaVersion: PAYMENT_EVENT_SCHEMA, payload };
}

const succeeded = (entries: readonly LedgerEntry[], kind: LedgerEntry['kind']): LedgerEntry[] => entries.filter((e) => e.kind === kind && e.state === 'succeeded');

/**
 * The durable events a payment write makes true, from the record before (null: created) and
 * after. Every write of a payment goes through `create` (process-payment) or `commit`
 * (mutatePayment), each of which passes these to the store step, so the rule lives here
 * once. `amount` is what the change moved: the captures or the refund that succeeded in it,
 * else the payment's amount.
 */
export function paymentEventsOf(before: PaymentRecord | null, after: PaymentRecord, at: number): EventDraft[] {
  const events: EventDraft[] = [];
  const type = before?.status === after.status ? undefined : ENTERED[after.status];
  if (type !== undefined) {
    const known = new Set(before ? succeeded(before.ledger, 'capture').map((e) => e.id) : []);
    const captured = succeeded(after.ledger, 'capture').filter((e) => !known.has(e.id)).reduce((sum, e) => sum + e.amountMinor, 0);
    const amountMinor = type === 'payment.captured' && captured > 0 ? captured : after.amountMinor;
    const reasons = type === 'payment.blocked' || type === 'payment.review_required' ? { reasons: after.fraud.reasons.map((r) => r.reason) } : {};
    events.push(draft(type, after, at, amountMinor, reasons));
  }
  const refundedBefore = new Set(before ? succeeded(before.ledger, 'refund').map((e) => e.id) : []);
  for (const refund of succeeded(after.ledger, 'refund')) {
    if (!refundedBefore.has(refund.id)) events.push(draft('payment.refunded', after, at, refund.amountMinor, { refundId: refund.id }));
  }
  return events;
}
