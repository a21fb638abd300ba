import { commerceErrors, isCommerceError } from '../shared/errors.js';
import type { ParkedEvent, PaymentRecord } from '../ports/payment-store.js';
import { assertEventFits, checkGatewayEvent, type CheckedGatewayEvent } from './gateway-event-check.js';
import { ledgerTotals } from './ledger.js';
import { movedAmount, recordOperation, settledStatus, withStatus } from './ledger-operations.js';
import { reconcile } from './reconcile.js';
import { emitChange, mutatePayment, type PaymentContext } from './payment-context.js';

/** What became of a webhook event. */
export interface WebhookOutcome {
  eventId: string;
  type: string;
  paymentId: string;
  /** `parked`: the payment is not stored yet; the event is kept and applied when it is. */
  outcome: 'applied' | 'duplicate' | 'parked' | 'ignored';
  /** Why an event was ignored (it contradicts the payment's state or its ledger). */
  reason?: string;
  payment?: PaymentRecord;
}

// Applied event ids kept per payment; a gateway retries an event for days, not thousands of times.
const APPLIED_EVENTS_KEPT = 200;

/** The change a gateway event makes to a payment, as a pure function. */
export function eventChange(record: PaymentRecord, event: CheckedGatewayEvent, at: number, newEntryId: () => string): PaymentRecord {
  const reference = event.operationId ?? `${event.type}:${event.id}`;
  const key = event.idempotencyKey !== undefined ? { idempotencyKey: event.idempotencyKey } : {};
  const withAuthorization = (r: PaymentRecord): PaymentRecord =>
    ledgerTotals(r.ledger).authorized > 0 ? r : recordOperation(r, { kind: 'authorization', amountMinor: r.amountMinor, feeMinor: 0, reference: event.transactionId }, at, newEntryId);
  const transactionId = record.gatewayTransactionId ?? event.transactionId;
  let next: PaymentRecord = record.gatewayTransactionId === transactionId ? record : { ...record, gatewayTransactionId: transactionId };
  switch (event.type) {
    case 'payment.authorized':
      next = withAuthorization(next);
      return withStatus(next, settledStatus(next), at, 'authorize');
    case 'payment.captured': {
      next = withAuthorization(next);
      next = recordOperation(next, { kind: 'capture', amountMinor: event.amountMinor, feeMinor: event.feeMinor ?? 0, reference, ...key }, at, newEntryId);
      return withStatus(next, settledStatus(next), at, 'capture');
    }
    case 'payment.voided': {
      const t = ledgerTotals(next.ledger);
      next = recordOperation(next, { kind: 'void', amountMinor: t.authorized - t.captured, feeMinor: 0, reference, ...key }, at, newEntryId);
      return withStatus(next, 'voided', at, 'void');
    }
    case 'payment.refunded':
      next = recordOperation(next, { kind: 'refund', amountMinor: event.amountMinor, feeMinor: event.feeMinor ?? 0, reference, ...key }, at, newEntryId);
      return withStatus(next, settledStatus(next), at, 'refund');
    case 'payment.failed':
      return withStatus({ ...next, errorCode: 'PAYMENT_DECLINED', errorMessage: event.reason ?? 'The payment failed at the gateway' }, 'failed', at, 'fail');
    case 'payment.requires_action':
      return withStatus(next, 'requires_action', at, 'require action');
    case 'payment.review_required':
      return withStatus(withAuthorization(next), 'review', at, 'hold for review');
    case 'payment.blocked':
      // Our statuses keep `blocked` for our own screening (nothing reached a gateway); a
      // gateway's refusal is a failure with the blocked code.
      return withStatus({ ...next, errorCode: 'PAYMENT_BLOCKED', errorMessage: event.reason ?? 'Blocked by the gateway fraud screening' }, 'failed', at, 'fail');
    case 'payment.disputed':
      // A dispute moves no money until it is lost (the gateway then withdraws it); the host
      // learns of it from handleWebhook's answer and answers the dispute at the gateway.
      return next;
  }
}

/**
 * Applies a checked gateway event once. The event id is stored in the same commit as the
 * change, so a duplicate delivery (or a retry after a crash) finds it and changes nothing.
 * An event the payment can never take (see assertEventFits) is refused before any write,
 * with nothing recorded. An event that contradicts the payment's state is recorded as
 * applied and ignored, so the gateway stops retrying it; the reason is answered for the
 * host's logs.
 */
export async function applyGatewayEvent(ctx: PaymentContext, event: CheckedGatewayEvent): Promise<WebhookOutcome> {
  const head = { eventId: event.id, type: event.type, paymentId: event.paymentId };
  const existing = await commerceErrors(() => ctx.store.get(event.paymentId), 'STORE_UNAVAILABLE');
  if (!existing) {
    const parked = await commerceErrors(() => ctx.store.park({ paymentId: event.paymentId, eventId: event.id, event, receivedAt: ctx.clock.now() }), 'STORE_UNAVAILABLE');
    if (parked === 'parked') return { ...head, outcome: 'parked' };
  }
  let ignored: string | undefined;
  let duplicate = false;
  const { before, after } = await mutatePayment(ctx, event.paymentId, (record) => {
    ignored = undefined;
    duplicate = record.appliedEvents.includes(event.id);
    if (duplicate) return record;
    assertEventFits(event, record);
    const at = ctx.clock.now();
    let next: PaymentRecord;
    try {
      next = eventChange(record, event, at, () => ctx.ids.next('ledger'));
    } catch (error) {
      if (!isCommerceError(error)) throw error;
      ignored = error.message;
      next = { ...record, updatedAt: at };
    }
    return { ...next, appliedEvents: [...record.appliedEvents, event.id].slice(-APPLIED_EVENTS_KEPT) };
  });
  if (duplicate) return { ...head, outcome: 'duplicate', payment: after };
  if (ignored !== undefined) {
    // Events can arrive out of order (a refund before its capture): the gateway's own record
    // is the truth, so ask it rather than trust or drop the event.
    const payment = await reconcile(ctx, event.paymentId).catch(() => after);
    return { ...head, outcome: 'ignored', reason: ignored, payment };
  }
  emitChange(ctx, before, after, movedAmount(before, after));
  return { ...head, outcome: 'applied', payment: after };
}

/**
 * Applies events that were parked for a payment, then forgets them. Runs right after the
 * payment is created, and again from reconcilePayment, so events left by a crash between
 * the two steps are not lost. A parked event the payment can never take (another currency,
 * an amount above the payment, or one parked before events were checked) is forgotten
 * unapplied: reconciliation asks the gateway for what really happened. So is one parked
 * longer than the retention (`parkedEventRetentionMs`).
 */
export async function applyParked(ctx: PaymentContext, stored: PaymentRecord, events: readonly ParkedEvent[]): Promise<PaymentRecord> {
  let current = stored;
  const done: string[] = [];
  const expiredBefore = ctx.clock.now() - ctx.parkedRetentionMs;
  for (const { event: parked, eventId, receivedAt } of events) {
    // Past the retention it is gone, whether or not the purge has run yet.
    if (receivedAt < expiredBefore) {
      done.push(eventId);
      continue;
    }
    let event: CheckedGatewayEvent;
    try {
      event = checkGatewayEvent(parked);
      assertEventFits(event, current);
    } catch (error) {
      if (!isCommerceError(error)) throw error;
      if (typeof parked.id === 'string') done.push(parked.id);
      continue;
    }
    const outcome = await applyGatewayEvent(ctx, event);
    if (outcome.payment) current = outcome.payment;
    done.push(outcome.eventId);
  }
  if (done.length > 0) await commerceErrors(() => ctx.store.dropParked({ paymentId: stored.id, eventIds: done }), 'STORE_UNAVAILABLE');
  return current;
}
