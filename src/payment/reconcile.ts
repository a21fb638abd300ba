// gateway-events and this module call each other (at call time only, never at load).
import { applyParked } from './gateway-events.js';
import { commerceErrors } from '../shared/errors.js';
import type { GatewayTransaction } from '../ports/payment-gateway.js';
import type { PaymentRecord, PaymentStatus } from '../ports/payment-store.js';
import { failEntry, movedAmount, recordOperation, settledStatus, withStatus } from './ledger-operations.js';
import { emitChange, loadPayment, mutatePayment, type PaymentContext } from './payment-context.js';

/** How old a pending operation must be before reconciliation may decide the gateway never did it. */
export const PENDING_GRACE_MS = 60_000;

/**
 * Brings a payment in line with the gateway's record: every operation the gateway did and
 * the ledger lacks is recorded (settling the pending entry that asked for it), pending
 * entries the gateway never did are failed, and a payment whose outcome was `unknown` or
 * waiting on 3-D Secure takes the status the gateway reports. An unknown payment the gateway
 * has never seen failed (nothing was charged).
 */
export async function reconcile(ctx: PaymentContext, paymentId: string): Promise<PaymentRecord> {
  const stored = await loadPayment(ctx, paymentId);
  const parked = await commerceErrors(() => ctx.store.parkedEvents(paymentId), 'STORE_UNAVAILABLE');
  if (parked.length > 0) {
    await applyParked(ctx, stored, parked);
  }
  if (!stored.gateway) return stored;
  const gateway = ctx.router.get(stored.gateway);
  const transaction = await gateway.retrieve({ reference: stored.id, ...(stored.gatewayTransactionId ? { transactionId: stored.gatewayTransactionId } : {}) });
  const { before, after } = await mutatePayment(ctx, paymentId, (record) => reconciled(ctx, record, transaction));
  emitChange(ctx, before, after, movedAmount(before, after));
  return after;
}

/** The pure part of reconciliation. */
export function reconciled(ctx: Pick<PaymentContext, 'clock' | 'ids'>, record: PaymentRecord, transaction: GatewayTransaction | null): PaymentRecord {
  const at = ctx.clock.now();
  let next = record;
  if (transaction) {
    if (!next.gatewayTransactionId) next = { ...next, gatewayTransactionId: transaction.transactionId };
    for (const op of transaction.operations) {
      if (!op.succeeded) continue;
      next = recordOperation(next, { kind: op.kind, amountMinor: op.amountMinor, feeMinor: op.feeMinor, reference: op.operationId, idempotencyKey: op.idempotencyKey }, at, () => ctx.ids.next('ledger'));
    }
  }
  for (const entry of next.ledger) {
    // A young pending entry may be a call still on its way to the gateway: leave it alone.
    if (entry.state !== 'pending' || at - entry.at < PENDING_GRACE_MS) continue;
    const done = transaction?.operations.some((op) => op.idempotencyKey === entry.idempotencyKey && op.kind === entry.kind && op.succeeded);
    if (!done) next = failEntry(next, entry.id, at, 'the gateway has no record of it');
  }
  const status = statusAfter(next, transaction);
  if (status === 'failed' && next.status !== 'failed') next = { ...next, errorCode: 'PAYMENT_DECLINED', errorMessage: transaction ? 'The gateway reports the payment failed' : 'The gateway never received the payment' };
  next = withStatus(next, status, at, 'reconcile');
  return next === record ? record : { ...next, updatedAt: at };
}

function statusAfter(record: PaymentRecord, transaction: GatewayTransaction | null): PaymentStatus {
  const settled = settledStatus(record);
  if (settled !== record.status || (record.status !== 'unknown' && record.status !== 'requires_action')) return settled;
  if (!transaction) return record.status === 'unknown' ? 'failed' : record.status;
  if (transaction.status === 'failed') return 'failed';
  if (transaction.status === 'voided') return 'voided';
  if (transaction.status === 'requires_action') return 'requires_action';
  return record.status;
}
