import { RECORD_RETRY, retryOnConflict } from '../shared/conflict-retry.js';
import { CommerceError, commerceErrors } from '../shared/errors.js';
import type { EventSink } from '../shared/events.js';
import { Money } from '../shared/money.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { PaymentRecord, PaymentStatus, PaymentStore } from '../ports/payment-store.js';
import type { FraudScreening } from './fraud/engine.js';
import type { GatewayRouter } from './gateway-router.js';
import type { PaymentEvents } from './payment-events.js';
import { paymentEventsOf } from './payment-event-records.js';
import { toPaymentResult } from './payment-result.js';

/** What the parts of the payment service share. */
export interface PaymentContext {
  store: PaymentStore;
  router: GatewayRouter;
  fraud: FraudScreening;
  clock: Clock;
  ids: IdGenerator;
  events: EventSink<PaymentEvents>;
  /** How long a webhook event waits parked for its payment (PaymentServiceOptions). */
  parkedRetentionMs: number;
}

export async function loadPayment(ctx: PaymentContext, paymentId: string): Promise<PaymentRecord> {
  const record = await commerceErrors(() => ctx.store.get(paymentId), 'STORE_UNAVAILABLE');
  if (!record) throw new CommerceError('PAYMENT_NOT_FOUND', { paymentId });
  return record;
}

/**
 * Read, change, compare-and-set, retried on a version conflict. `change` sees the stored
 * record and answers the next one (or the same object for "nothing to do"); it re-runs on
 * fresh state after a conflict, so every check it makes (status, invariants) holds for the
 * state the write replaces.
 */
export async function mutatePayment(ctx: PaymentContext, paymentId: string, change: (record: PaymentRecord) => PaymentRecord): Promise<{ before: PaymentRecord; after: PaymentRecord }> {
  return retryOnConflict(
    RECORD_RETRY,
    async () => {
      const before = await loadPayment(ctx, paymentId);
      const next = change(before);
      if (next === before) return { done: true, value: { before, after: before } };
      const result = await commerceErrors(() => ctx.store.commit({ next, expectedVersion: before.version, events: paymentEventsOf(before, next, ctx.clock.now()) }), 'STORE_UNAVAILABLE');
      if (result.ok) return { done: true, value: { before, after: result.payment } };
      if (result.reason === 'not_found') throw new CommerceError('PAYMENT_NOT_FOUND', { paymentId });
      return { done: false };
    },
    (attempts) => new CommerceError('CONFLICT', { paymentId, reason: `payment kept changing over ${attempts} attempts` }),
  );
}

const STATUS_EVENTS: Partial<Record<PaymentStatus, keyof PaymentEvents>> = {
  authorized: 'payment.authorized',
  captured: 'payment.captured',
  voided: 'payment.voided',
  refunded: 'payment.refunded',
  partially_refunded: 'payment.refunded',
  failed: 'payment.failed',
  blocked: 'payment.blocked',
  review: 'payment.review_required',
  requires_action: 'payment.requires_action',
  unknown: 'payment.unknown',
};

/**
 * Emits the event of a status change (after it is stored). `amountMinor` is what this change
 * moved; a repeated partial refund emits `payment.refunded` again with its own amount.
 */
export function emitChange(ctx: PaymentContext, before: PaymentRecord | null, after: PaymentRecord, amountMinor?: number): void {
  if (before && before.version === after.version) return;
  // Same status: only a further partial refund is news.
  if (before && before.status === after.status && !(after.status === 'partially_refunded' && amountMinor !== undefined)) return;
  const name = STATUS_EVENTS[after.status];
  if (!name) return;
  const payment = toPaymentResult(after);
  const amount = amountMinor === undefined ? payment.amount : Money.fromMinor(amountMinor, after.amount.currency).toJSON();
  const base = { paymentId: after.id, orderId: after.orderId, amount, payment };
  if (name === 'payment.blocked' || name === 'payment.review_required') ctx.events.emit(name, { ...base, reasons: payment.fraudReasons });
  else ctx.events.emit(name, base);
}
